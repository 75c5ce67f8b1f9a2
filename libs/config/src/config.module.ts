import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { appConfig } from './app.config.js';
import { env, isProduction } from './define-config.js';

/**
 * Global ConfigModule with the `app` namespace. Other libs register their own
 * namespace with `ConfigModule.forFeature(xConfig)` in their module, so each
 * topology validates only the settings it uses. `.env` is read outside production.
 */
@Module({
  imports: [
    ConfigModule.forRoot({
      isGlobal: true,
      cache: true,
      ignoreEnvFile: isProduction() || env().NODE_ENV === 'test',
      load: [appConfig],
    }),
  ],
})
export class AppConfigModule {}
