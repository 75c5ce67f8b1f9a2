import { MODULE_REGISTRY, QUEUE_NAMES, scheduledTasks, type QueueName, type RegistryEntry, type ScheduledTask } from '#switchboard/registry';

/** One deployable function: its bundle folder `dist/lambdas/<name>/` and the entry file it is built from. */
export type LambdaFunction =
  | { kind: 'http'; name: string; source: string; entry: RegistryEntry }
  | { kind: 'worker'; name: string; source: string; queue: QueueName }
  | { kind: 'scheduled'; name: string; source: string; task: ScheduledTask }
  | { kind: 'migrate'; name: string; source: string };

/**
 * Every function, derived from the module registry: one HTTP function per
 * entry (`<name>.handler.ts`), one worker per queue (`<queue>.worker.ts`, bundle
 * `<queue>-worker`), one per scheduled task (`<name>.scheduled.ts`), and
 * `migrate`. Plain data, so the build, the contract suite, the benchmark and
 * the CDK app all read the same list.
 */
export function lambdaFunctions(): LambdaFunction[] {
  return [
    ...MODULE_REGISTRY.map((entry): LambdaFunction => ({ kind: 'http', name: entry.name, source: `${entry.name}.handler`, entry })),
    ...QUEUE_NAMES.map((queue): LambdaFunction => ({ kind: 'worker', name: `${queue}-worker`, source: `${queue}.worker`, queue })),
    ...scheduledTasks().map(({ task }): LambdaFunction => ({ kind: 'scheduled', name: task.name, source: `${task.name}.scheduled`, task })),
    { kind: 'migrate', name: 'migrate', source: 'migrate.handler' },
  ];
}
