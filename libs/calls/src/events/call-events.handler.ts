import { Injectable, Logger } from '@nestjs/common';
import { QueueHandler, type QueueMessage, type QueueMessageHandler } from '#switchboard/queue';
import { parseCallEvent } from './call-event.parser.js';
import { CallEventsService } from './call-events.service.js';

/**
 * Consumer of `call-events`. Resolving deletes the message; a retryable failure
 * (the database or cache away) is redelivered by SQS; an invalid event throws
 * PoisonMessageError and goes to the DLQ at once, where the queue lib logs its
 * reason and keeps it on the message (`dead-letter-reason`).
 */
@Injectable()
@QueueHandler('call-events')
export class CallEventsHandler implements QueueMessageHandler<unknown> {
  private readonly logger = new Logger(CallEventsHandler.name);

  constructor(private readonly events: CallEventsService) {}

  async handle(message: QueueMessage<unknown>): Promise<void> {
    const event = await parseCallEvent(message.body);
    const applied = await this.events.apply(event);
    if (!applied) this.logger.debug({ messageId: message.id, eventId: event.eventId }, 'duplicate call event ignored');
  }
}
