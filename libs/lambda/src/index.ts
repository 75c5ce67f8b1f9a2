export { createHttpHandler } from './http/create-http-handler.js';
export type { LambdaHttpHandler } from './http/create-http-handler.js';
export { createSqsWorker } from './sqs/create-sqs-worker.js';
export type { LambdaSqsWorker } from './sqs/create-sqs-worker.js';
export { createScheduledHandler } from './scheduled/create-scheduled-handler.js';
export type { LambdaScheduledHandler, ScheduledRun } from './scheduled/create-scheduled-handler.js';
export { createMigrateHandler } from './migrate/create-migrate-handler.js';
export type { MigrateResult } from './migrate/create-migrate-handler.js';
export { loadSettings } from './settings/load-settings.js';
export type { LoadedSettings } from './settings/load-settings.js';
export { prepareLambdaEnvironment } from './bootstrap/lambda-environment.js';
export { lambdaRootModule } from './bootstrap/lambda-root.module.js';
export type { FeatureModule } from './bootstrap/lambda-root.module.js';
export { normaliseEvent } from './http/api-gateway.js';
export { LambdaObservabilityModule } from './observability/lambda-observability.module.js';
export { PowertoolsNestLogger } from './observability/nest-logger.js';
export { lambdaLogger, lambdaTracer, lambdaMetrics } from './observability/powertools.js';
export type {
  LambdaContext,
  ApiGatewayEvent,
  ApiGatewayV1Event,
  ApiGatewayV2Event,
  ApiGatewayResult,
  SqsEvent,
  SqsBatchResponse,
  ScheduledEvent,
} from './lambda-types.js';
