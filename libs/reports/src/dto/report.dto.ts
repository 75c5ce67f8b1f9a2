import { ApiProperty } from '@nestjs/swagger';

export class DispositionCountsDto {
  @ApiProperty({ minimum: 0 }) sale: number;
  @ApiProperty({ minimum: 0 }) no_answer: number;
  @ApiProperty({ minimum: 0 }) busy: number;
  @ApiProperty({ minimum: 0 }) voicemail: number;
  @ApiProperty({ minimum: 0 }) callback: number;
  @ApiProperty({ minimum: 0 }) not_interested: number;
  @ApiProperty({ minimum: 0 }) wrong_number: number;
  @ApiProperty({ minimum: 0 }) do_not_call: number;
}

export class ReportFiguresDto {
  @ApiProperty({ minimum: 0, description: 'Finished calls (with an end)' })
  calls: number;

  @ApiProperty({ minimum: 0, description: 'Calls with answeredAt' })
  answered: number;

  @ApiProperty({ minimum: 0, maximum: 1, description: 'answered / calls (0 without calls)' })
  answerRate: number;

  @ApiProperty({ minimum: 0, description: 'Σ (endedAt − answeredAt) over answered calls, in seconds' })
  talkSeconds: number;

  @ApiProperty({ minimum: 0, description: 'talkSeconds / answered (0 without answered calls)' })
  avgTalkSeconds: number;

  @ApiProperty({ type: DispositionCountsDto, description: 'Calls per disposition; every disposition listed' })
  dispositions: DispositionCountsDto;
}

export class CampaignReportDto extends ReportFiguresDto {
  @ApiProperty({ format: 'uuid' })
  campaignId: string;
}

export class StateSecondsDto {
  @ApiProperty({ minimum: 0 }) available: number;
  @ApiProperty({ minimum: 0 }) reserved: number;
  @ApiProperty({ minimum: 0 }) wrap_up: number;
  @ApiProperty({ minimum: 0 }) break: number;
  @ApiProperty({ minimum: 0 }) offline: number;
}

export class BreakSecondsDto {
  @ApiProperty({ example: 'lunch', description: "The break reason's code" })
  reason: string;

  @ApiProperty({ minimum: 0 })
  seconds: number;
}

export class AgentReportItemDto extends ReportFiguresDto {
  @ApiProperty({ format: 'uuid' })
  agentId: string;

  @ApiProperty({ type: StateSecondsDto, description: 'Seconds in each state within [from, to); the current state counts until now' })
  stateSeconds: StateSecondsDto;

  @ApiProperty({ type: [BreakSecondsDto], description: 'Seconds on a break per reason within [from, to), longest first' })
  breaks: BreakSecondsDto[];
}

export class AgentsReportDto {
  @ApiProperty({ type: [AgentReportItemDto], description: 'Agents with finished calls started in the range or time in a state within it, by agentId' })
  items: AgentReportItemDto[];
}
