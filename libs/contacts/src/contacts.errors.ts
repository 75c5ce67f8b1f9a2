import { DomainError, NotFoundError, ValidationError } from '#switchboard/common';

export class ContactNotFoundError extends NotFoundError {
  constructor() {
    super('Contact');
  }
}

export class PhoneTakenError extends DomainError {
  constructor() {
    super('CONTACT.PHONE_TAKEN', 'conflict', 'Another contact of this tenant already has this phone number.');
  }
}

export class InvalidPhoneError extends ValidationError {
  constructor(field = 'phone') {
    super([{ field, code: 'INVALID_PHONE', message: `${field} is not a valid phone number.` }]);
  }
}

export class ImportNotFoundError extends NotFoundError {
  constructor() {
    super('Contact import', 'CONTACT_IMPORT.NOT_FOUND');
  }
}

export class ImportTooLargeError extends DomainError {
  constructor(max: number) {
    super('CONTACT_IMPORT.TOO_MANY_ROWS', 'too_large', `An import takes at most ${max} rows.`);
  }
}
