import { NotFoundError } from '#switchboard/common';

export class CampaignNotFoundError extends NotFoundError {
  constructor() {
    super('Campaign');
  }
}
