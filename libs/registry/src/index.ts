export { MODULE_REGISTRY, QUEUE_NAMES, ALL_PERMISSIONS, bucketSettingKey, consumerOf, scheduledTask, scheduledTasks } from './module-registry.js';
export type { RegistryEntry, RouteAuth, QueueName, ScheduledTask } from './module-registry.js';
