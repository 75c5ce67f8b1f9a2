export { DatabaseModule } from './database.module.js';
export type { DatabaseModuleOptions } from './database.module.js';
export { databaseConfig } from './database.config.js';
export { dataSourceOptions, resolveDatabaseUrl } from './data-source-options.js';
export { startEmbeddedPostgres, stopEmbeddedPostgres } from './embedded/embedded-postgres.js';
export { MIGRATIONS } from './migrations/index.js';
export { VersionedTenantResource } from './versioned-tenant-resource.js';
