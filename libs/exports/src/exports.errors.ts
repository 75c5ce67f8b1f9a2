import { DomainError, NotFoundError } from '#switchboard/common';

export class ExportNotFoundError extends NotFoundError {
  constructor() {
    super('Export');
  }
}

export class ExportCampaignNotFoundError extends NotFoundError {
  constructor() {
    super('Campaign');
  }
}

/** A download link that is not one this server signed, or has expired. */
export class DownloadLinkInvalidError extends DomainError {
  constructor() {
    super('EXPORT.LINK_INVALID', 'forbidden', 'The download link is not valid or has expired; GET the export again for a fresh one.');
  }
}
