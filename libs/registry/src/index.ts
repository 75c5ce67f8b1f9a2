export { MODULE_REGISTRY, QUEUE_NAMES, ALL_PERMISSIONS, consumerOf } from './module-registry.js';
export type { RegistryEntry, RouteAuth, QueueName } from './module-registry.js';
