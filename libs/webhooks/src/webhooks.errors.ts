import { DomainError, NotFoundError, ValidationError } from '#switchboard/common';

export class WebhookNotFoundError extends NotFoundError {
  constructor() {
    super('Webhook');
  }
}

export class DeliveryNotFoundError extends NotFoundError {
  constructor() {
    super('Webhook delivery', 'WEBHOOK_DELIVERY.NOT_FOUND');
  }
}

/** A URL the target policy refuses (not https, or resolving to a private address); a 400 on the `url` field. */
export class WebhookUrlRefusedError extends ValidationError {
  constructor(code: 'HTTPS_REQUIRED' | 'PRIVATE_ADDRESS' | 'INVALID_URL', message: string) {
    super([{ field: 'url', code, message }]);
  }
}

export class WebhookPausedError extends DomainError {
  constructor() {
    super('WEBHOOK.PAUSED', 'conflict', 'The webhook is paused; resume it (PATCH paused: false) before redelivering.');
  }
}
