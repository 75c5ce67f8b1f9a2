// sqs-consumer in a Lambda bundle. The queue lib polls with it in the
// one-process server; in AWS, SQS invokes the worker functions, and polling is
// always off there (QUEUE_CONSUMERS_ENABLED=false).
export class Consumer {
  static create() {
    throw new Error('Queues are not polled in a Lambda: SQS invokes the worker functions');
  }
}
