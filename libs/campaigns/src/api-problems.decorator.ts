import { applyDecorators } from '@nestjs/common';
import { ApiProblem } from '#switchboard/common';

/** What each status means for a campaign operation; 401 and 429 come with `ApiAuthenticated`. */
const DESCRIPTIONS = {
  400: 'Malformed id, body, query or header (VALIDATION with field errors)',
  403: 'The token lacks the permission',
  404: "No such campaign in the caller's tenant (CAMPAIGN.NOT_FOUND)",
  409: "Illegal in the campaign's current state",
  412: 'If-Match names a stale version',
  415: 'The body is not JSON',
} as const;

type CampaignProblemStatus = keyof typeof DESCRIPTIONS;

/** Documents the problem responses a campaign operation may answer with, besides 400 and 403. */
export function ApiProblems(...statuses: CampaignProblemStatus[]): MethodDecorator & ClassDecorator {
  const all = new Set<CampaignProblemStatus>([400, 403, ...statuses]);
  return applyDecorators(...[...all].map((status) => ApiProblem(status, DESCRIPTIONS[status])));
}
