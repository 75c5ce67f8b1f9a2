import { toFieldErrors } from '#switchboard/common';
import { PoisonMessageError } from '#switchboard/queue';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { type TelephonyEvent, TelephonyEventDto } from '../telephony/dto/telephony-event.dto.js';

/**
 * Checks a `call-events` message body against the webhook's schema. The webhook
 * validated it already, but anything may arrive on a queue (a redrive, a manual
 * send): an invalid body can never succeed, so it goes to the DLQ at once.
 */
export async function parseCallEvent(body: unknown): Promise<TelephonyEvent> {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new PoisonMessageError('call event is not a JSON object');
  const event = plainToInstance(TelephonyEventDto, body);
  const errors = await validate(event, { whitelist: true, forbidNonWhitelisted: true, validationError: { target: false, value: false } });
  if (errors.length) {
    const reasons = toFieldErrors(errors).map((e) => `${e.field}: ${e.message}`);
    throw new PoisonMessageError(`invalid call event: ${reasons.join('; ')}`);
  }
  return event;
}
