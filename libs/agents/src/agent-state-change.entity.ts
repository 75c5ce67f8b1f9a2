import { Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Agent, type AgentState } from './agent.entity.js';

/**
 * One stay of an agent in a state: a row of `agent_state_history`, written when
 * the agent enters the state and closed (`endedAt`) when it leaves it; the
 * current state's row is open. Time-in-state reports read the rows that overlap
 * their range through the (tenant, ended_at) index; a state change finds the
 * open row through the index of open rows alone.
 */
@Entity({ name: 'agent_state_history' })
@Index('agent_state_history_agent_idx', ['agentId', 'startedAt'])
@Index('agent_state_history_tenant_ended_idx', ['tenantId', 'endedAt'])
@Index('agent_state_history_open_idx', ['agentId'], { where: 'ended_at IS NULL' })
export class AgentStateChange {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId: string;

  @Column({ name: 'agent_id', type: 'uuid' })
  @ForeignKey(() => Agent, { name: 'agent_state_history_agent_id_fkey', onDelete: 'CASCADE' })
  agentId: string;

  @Column({ type: 'text' })
  state: AgentState;

  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @Column({ name: 'campaign_id', type: 'uuid', nullable: true })
  campaignId: string | null;

  @Column({ name: 'contact_id', type: 'uuid', nullable: true })
  contactId: string | null;

  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt: Date;

  @Column({ name: 'ended_at', type: 'timestamptz', nullable: true })
  endedAt: Date | null;
}
