import { DomainError, NotFoundError } from '#switchboard/common';

export class CampaignNotFoundError extends NotFoundError {
  constructor() {
    super('Campaign');
  }
}

export class IllegalTransitionError extends DomainError {
  constructor(action: string, from: string) {
    super('CAMPAIGN.ILLEGAL_TRANSITION', 'conflict', `A ${from} campaign cannot ${action}.`);
  }
}

export class CampaignNotActiveError extends DomainError {
  constructor(status: string) {
    super('CAMPAIGN.NOT_ACTIVE', 'conflict', `The campaign is ${status}; contacts are handed out only while it is active.`);
  }
}

export class CampaignCompletedError extends DomainError {
  constructor() {
    super('CAMPAIGN.COMPLETED', 'conflict', 'The campaign is completed; its contacts can no longer change.');
  }
}
