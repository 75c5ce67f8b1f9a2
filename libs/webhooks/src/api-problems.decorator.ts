import { applyDecorators } from '@nestjs/common';
import { ApiProblem } from '#switchboard/common';

/** What each status means for a webhook operation; 401 and 429 come with `ApiAuthenticated`. */
const DESCRIPTIONS = {
  400: 'Malformed id, body, query or header (VALIDATION with field errors; a refused url has HTTPS_REQUIRED or PRIVATE_ADDRESS)',
  403: 'The token lacks webhooks:write',
  404: "No such webhook (or delivery) in the caller's tenant",
  409: 'The webhook is paused (WEBHOOK.PAUSED)',
  412: 'If-Match names a stale version',
  415: 'The body is not JSON',
} as const;

type WebhookProblemStatus = keyof typeof DESCRIPTIONS;

/** Documents the problem responses a webhook operation may answer with, besides 400 and 403. */
export function ApiProblems(...statuses: WebhookProblemStatus[]): MethodDecorator & ClassDecorator {
  const all = new Set<WebhookProblemStatus>([400, 403, ...statuses]);
  return applyDecorators(...[...all].map((status) => ApiProblem(status, DESCRIPTIONS[status])));
}
