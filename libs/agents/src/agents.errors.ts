import { NotFoundError } from '#switchboard/common';

/** 404 AGENT.NOT_FOUND: absent, or another tenant's (indistinguishable on purpose). */
export class AgentNotFoundError extends NotFoundError {
  constructor() {
    super('Agent');
  }
}
