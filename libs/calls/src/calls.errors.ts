import { NotFoundError } from '#switchboard/common';

export class CallNotFoundError extends NotFoundError {
  constructor() {
    super('Call');
  }
}

export class ContactNotFoundError extends NotFoundError {
  constructor() {
    super('Contact');
  }
}

export class CampaignNotFoundError extends NotFoundError {
  constructor() {
    super('Campaign');
  }
}
