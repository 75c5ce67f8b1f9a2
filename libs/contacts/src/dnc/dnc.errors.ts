import { DomainError, NotFoundError } from '#switchboard/common';

export class DncNotListedError extends NotFoundError {
  constructor() {
    super('Do-not-call number', 'DNC.NOT_LISTED');
  }
}

/** A change that would make a do-not-call contact callable again: only removing its number from the list does that. */
export class ContactDoNotCallError extends DomainError {
  constructor() {
    super(
      'CONTACT.DO_NOT_CALL',
      'conflict',
      "The contact's number is on the do-not-call list; only removing it from the list (DELETE /v1/dnc/{phone}, dnc:write) changes its status.",
    );
  }
}
