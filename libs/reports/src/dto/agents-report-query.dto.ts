import { StartedAtRangeDto } from '#switchboard/calls';

/** `GET /v1/reports/agents?from&to`: the same half-open range as the call list. */
export class AgentsReportQueryDto extends StartedAtRangeDto {}
