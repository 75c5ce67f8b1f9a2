import { DomainError, NotFoundError, ValidationError } from '#switchboard/common';

/** 404 AGENT.NOT_FOUND: absent, or another tenant's (indistinguishable on purpose). */
export class AgentNotFoundError extends NotFoundError {
  constructor() {
    super('Agent');
  }
}

/** 409 AGENT.NOT_AVAILABLE: the agent is on a break or offline, so it takes no contact. */
export class AgentNotAvailableError extends DomainError {
  constructor(state: string) {
    super('AGENT.NOT_AVAILABLE', 'conflict', `The agent is ${state === 'break' ? 'on a break' : state}; set the state to available to take contacts.`);
  }
}

/** 400: a break needs one of the tenant's break reasons, and nothing else has one. */
export class BreakReasonError extends ValidationError {
  constructor(code: 'UNKNOWN_BREAK_REASON' | 'REASON_REQUIRED' | 'REASON_NOT_ALLOWED') {
    const messages = {
      UNKNOWN_BREAK_REASON: "reason must be one of the tenant's break reasons (GET /v1/agents/break-reasons).",
      REASON_REQUIRED: 'A break needs a reason.',
      REASON_NOT_ALLOWED: 'Only a break has a reason.',
    };
    super([{ field: 'reason', code, message: messages[code] }]);
  }
}
