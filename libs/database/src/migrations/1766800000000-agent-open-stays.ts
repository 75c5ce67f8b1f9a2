import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every change of an agent's state closes its open stay (the history row with no
 * end). Through `agent_state_history_agent_idx` that read every stay the agent
 * ever had, so each change grew slower with the agent's history; this index
 * holds only the open stays, one per agent.
 */
export class AgentOpenStays1766800000000 implements MigrationInterface {
  name = 'AgentOpenStays1766800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX agent_state_history_open_idx ON agent_state_history (agent_id) WHERE ended_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX agent_state_history_open_idx');
  }
}
