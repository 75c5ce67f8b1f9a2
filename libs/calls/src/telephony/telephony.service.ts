import { Injectable } from '@nestjs/common';
import { QueueProducer } from '#switchboard/queue';
import type { TelephonyAcceptedDto, TelephonyEvent } from './dto/telephony-event.dto.js';

/** The webhook's only work: hand the verified event to `call-events` and answer fast. */
@Injectable()
export class TelephonyService {
  constructor(private readonly producer: QueueProducer) {}

  async accept(event: TelephonyEvent): Promise<TelephonyAcceptedDto> {
    await this.producer.send('call-events', { ...event }, { deduplicationId: event.eventId });
    return { accepted: true, eventId: event.eventId };
  }
}
