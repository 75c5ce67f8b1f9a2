import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct } from 'constructs';
import type { StageConfig } from '../config/stages.js';
import type { NestFunction } from '../constructs/nest-function.js';
import { pascal, type ApiStack } from './api-stack.js';
import type { DataStack } from './data-stack.js';

export interface ObservabilityStackProps extends StackProps {
  readonly stage: StageConfig;
  readonly api: ApiStack;
  readonly data: DataStack;
}

/** Oldest message a work queue may hold before someone looks (seconds). */
export const QUEUE_AGE_ALARM_SECONDS = 300;

/**
 * Alarms → one SNS topic, and one dashboard: function errors, throttles and p99
 * duration; API 5xx; DLQ depth and queue age; Aurora CPU and connections; proxy pinning.
 */
export class ObservabilityStack extends Stack {
  readonly topic: sns.Topic;
  readonly dashboard: cloudwatch.Dashboard;
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: ObservabilityStackProps) {
    super(scope, id, props);
    const { stage, api, data } = props;

    const key = new kms.Key(this, 'AlarmTopicKey', { description: `Switchboard ${stage.name}: alarm topic`, enableKeyRotation: true });
    // CloudWatch publishes to an encrypted topic only if the key lets it.
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }),
    );
    this.topic = new sns.Topic(this, 'Alarms', { displayName: `Switchboard ${stage.name} alarms`, masterKey: key, enforceSSL: true });
    if (stage.alarmEmail) this.topic.addSubscription(new subscriptions.EmailSubscription(stage.alarmEmail));
    const action = new actions.SnsAction(this.topic);

    const alarm = (idName: string, metric: cloudwatch.IMetric, threshold: number, description: string, periods = 1) => {
      const a = new cloudwatch.Alarm(this, idName, {
        metric,
        threshold,
        evaluationPeriods: periods,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        alarmDescription: `Switchboard ${stage.name}: ${description}`,
      });
      a.addAlarmAction(action);
      this.alarms.push(a);
      return a;
    };

    const functions: Array<[string, NestFunction]> = [
      ...[...api.functions.entries()].map(([name, f]): [string, NestFunction] => [pascal(name), f]),
      ...[...api.workers.entries()].map(([q, f]): [string, NestFunction] => [`${pascal(q)}Worker`, f]),
      ...[...api.scheduled.entries()].map(([task, f]): [string, NestFunction] => [pascal(task), f]),
    ];
    const fiveMinutes = Duration.minutes(5);
    for (const [name, fn] of functions) {
      const timeoutMs = fn.function.timeout?.toMilliseconds() ?? 15_000;
      alarm(`${name}Errors`, fn.alias.metricErrors({ period: fiveMinutes, statistic: 'Sum' }), 0, `${name} function errors`);
      alarm(`${name}Throttles`, fn.alias.metricThrottles({ period: fiveMinutes, statistic: 'Sum' }), 0, `${name} function throttled`);
      alarm(
        `${name}DurationP99`,
        fn.alias.metricDuration({ period: fiveMinutes, statistic: 'p99' }),
        timeoutMs * 0.8,
        `${name} p99 duration above 80% of its timeout`,
        3,
      );
    }
    alarm('Api5xx', api.api.metricServerError({ period: fiveMinutes, statistic: 'Sum' }), 5, 'HTTP API 5xx responses', 1);

    for (const [queue, pair] of Object.entries(data.queues)) {
      const id = pascal(queue);
      alarm(
        `${id}DlqDepth`,
        pair.dlq.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: 'Maximum' }),
        0,
        `${queue} DLQ holds messages`,
      );
      alarm(
        `${id}OldestMessage`,
        pair.queue.metricApproximateAgeOfOldestMessage({ period: Duration.minutes(1), statistic: 'Maximum' }),
        QUEUE_AGE_ALARM_SECONDS,
        `${queue} oldest message older than ${QUEUE_AGE_ALARM_SECONDS} s`,
        5,
      );
    }

    const cpu = data.cluster.metricCPUUtilization({ period: fiveMinutes, statistic: 'Average' });
    const connections = data.cluster.metricDatabaseConnections({ period: fiveMinutes, statistic: 'Maximum' });
    alarm('DatabaseCpu', cpu, 80, 'Aurora CPU above 80 %', 3);
    // Serverless v2 allows roughly 2,000 connections at 16 ACU and far fewer at the minimum; the proxy pools them.
    alarm('DatabaseConnections', connections, Math.max(50, stage.database.maxAcu * 100), 'Aurora connections high', 3);
    const pinned = new cloudwatch.Metric({
      namespace: 'AWS/RDS',
      metricName: 'DatabaseConnectionsCurrentlySessionPinned',
      dimensionsMap: { ProxyName: data.proxy.dbProxyName },
      period: fiveMinutes,
      statistic: 'Maximum',
    });
    alarm('ProxyPinning', pinned, 10, 'RDS Proxy session pinning (connections cannot be shared)', 3);

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', { defaultInterval: Duration.hours(3) });
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'API requests and 5xx',
        left: [api.api.metricCount({ period: Duration.minutes(1) })],
        right: [api.api.metricServerError({ period: Duration.minutes(1) })],
        width: 12,
      }),
      new cloudwatch.GraphWidget({ title: 'API latency p99', left: [api.api.metricLatency({ period: Duration.minutes(1), statistic: 'p99' })], width: 12 }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Function errors',
        left: functions.map(([, f]) => f.alias.metricErrors({ period: Duration.minutes(1) })),
        width: 12,
      }),
      new cloudwatch.GraphWidget({
        title: 'Function p99 duration',
        left: functions.map(([, f]) => f.alias.metricDuration({ period: Duration.minutes(1), statistic: 'p99' })),
        width: 12,
      }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Queues: visible / DLQ',
        left: Object.values(data.queues).map((p) => p.queue.metricApproximateNumberOfMessagesVisible()),
        right: Object.values(data.queues).map((p) => p.dlq.metricApproximateNumberOfMessagesVisible()),
        width: 12,
      }),
      new cloudwatch.GraphWidget({ title: 'Aurora CPU, connections, pinning', left: [cpu], right: [connections, pinned], width: 12 }),
    );
    this.dashboard.addWidgets(new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms: this.alarms, width: 24 }));
    new CfnOutput(this, 'DashboardName', { value: this.dashboard.dashboardName });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.topic.topicArn, description: 'Subscribe on-call here' });
  }
}
