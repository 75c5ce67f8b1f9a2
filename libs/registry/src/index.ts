export {
  MODULE_REGISTRY,
  QUEUE_NAMES,
  FEATURE_SECRETS,
  ALL_PERMISSIONS,
  bucketSettingKey,
  consumerOf,
  scheduledTask,
  scheduledTasks,
} from './module-registry.js';
export type { RegistryEntry, RouteAuth, QueueName, ScheduledTask, FeatureSecret } from './module-registry.js';
