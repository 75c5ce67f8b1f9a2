import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { QueueName } from '#switchboard/registry';
import type { QueuePair } from '../stacks/data-stack.js';
import { acknowledge, REASONS } from '../nag.js';

/**
 * Starts a DLQ redrive, and nothing else: `{ "queue": "<queue name>" }` moves that
 * queue's dead letters back to it (SQS StartMessageMoveTask). The operations group
 * may invoke it, but may not send to a queue itself: a redrive needs
 * sqs:SendMessage on the destination, and with it in the group anyone there could
 * put any message on a production queue, past the webhook signature.
 */
export const REDRIVE_CODE = (dlqArns: string) => `
const { SQSClient, StartMessageMoveTaskCommand } = require('@aws-sdk/client-sqs');
const DLQS = ${dlqArns};
const sqs = new SQSClient({});
exports.handler = async (event) => {
  const source = DLQS[event && event.queue];
  if (!source) throw new Error('Unknown queue ' + JSON.stringify(event && event.queue) + '; known: ' + Object.keys(DLQS).join(', '));
  const perSecond = Number(event.perSecond) > 0 ? Math.min(500, Number(event.perSecond)) : undefined;
  const out = await sqs.send(new StartMessageMoveTaskCommand({ SourceArn: source, MaxNumberOfMessagesPerSecond: perSecond }));
  return { queue: event.queue, source, taskHandle: out.TaskHandle };
};
`;

export interface DlqRedriveProps {
  readonly queues: Record<QueueName, QueuePair>;
  readonly logRetentionDays: number;
}

export class DlqRedrive extends Construct {
  readonly function: lambda.Function;

  constructor(scope: Construct, id: string, props: DlqRedriveProps) {
    super(scope, id);
    const dlqArns = Object.fromEntries(Object.entries(props.queues).map(([name, pair]) => [name, pair.dlq.queueArn]));
    this.function = new lambda.Function(this, 'Function', {
      description: 'Moves a queue\'s dead letters back to it: { "queue": "<name>" }',
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      handler: 'index.handler',
      code: lambda.Code.fromInline(REDRIVE_CODE(Stack.of(this).toJsonString(dlqArns))),
      timeout: Duration.seconds(30),
      logGroup: new logs.LogGroup(this, 'Logs', { retention: props.logRetentionDays as logs.RetentionDays, removalPolicy: RemovalPolicy.DESTROY }),
      reservedConcurrentExecutions: 1,
    });
    for (const pair of Object.values(props.queues)) {
      this.function.addToRolePolicy(
        new iam.PolicyStatement({
          actions: ['sqs:StartMessageMoveTask', 'sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'],
          resources: [pair.dlq.queueArn],
        }),
      );
      this.function.addToRolePolicy(new iam.PolicyStatement({ actions: ['sqs:SendMessage', 'sqs:GetQueueAttributes'], resources: [pair.queue.queueArn] }));
    }
    acknowledge(this, ['IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]', REASONS.lambdaBasicRole]);
  }
}
