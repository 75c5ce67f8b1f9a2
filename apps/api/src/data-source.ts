import 'reflect-metadata';
import { appConfig, resolveShape } from '#switchboard/config';
import { dataSourceOptions, databaseConfig, resolveDatabaseUrl } from '#switchboard/database';
import { DataSource } from 'typeorm';
import { ENTITIES } from './entities.js';

/**
 * The TypeORM CLI's data source (`npm run migration:*`), built from the same
 * settings as the server: DATABASE_URL, or the embedded Postgres when unset.
 */
const db = resolveShape(databaseConfig.fields);
const app = resolveShape({ dataDir: appConfig.fields.dataDir });

export default new DataSource({ ...dataSourceOptions(await resolveDatabaseUrl(db, app), db, { poolSize: 1 }), entities: ENTITIES });
