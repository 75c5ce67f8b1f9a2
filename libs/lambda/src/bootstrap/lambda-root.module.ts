import { type DynamicModule, Global, Module, type Type } from '@nestjs/common';
import { DatabasePassword } from '#switchboard/database';
import { PlatformModule } from '#switchboard/platform';
import { MODULE_REGISTRY, type RegistryEntry } from '#switchboard/registry';
import { LambdaObservabilityModule } from '../observability/lambda-observability.module.js';
import { secretDatabasePassword } from '../settings/secret-database-password.js';

export type FeatureModule = Type | DynamicModule;

/** New database connections take the password from the secret, which may have rotated since the cold start. */
@Global()
@Module({ providers: [{ provide: DatabasePassword, useFactory: () => secretDatabasePassword() }], exports: [DatabasePassword] })
class LambdaSecretsModule {}

/**
 * The root module of one function: the shared platform (no migrations: the
 * migrate function applies them before traffic moves), the Powertools providers,
 * the rotating database password, and the single feature module the function
 * serves.
 */
export function lambdaRootModule(feature: FeatureModule): Type {
  @Module({ imports: [PlatformModule.forRoot({ logging: LambdaObservabilityModule }), LambdaSecretsModule, feature] })
  class LambdaRootModule {}
  return LambdaRootModule;
}

/** The registry entry a handler serves; a typo fails at import, not at the first request. */
export function registryEntry(name: string): RegistryEntry {
  const entry = MODULE_REGISTRY.find((e) => e.name === name);
  if (!entry) throw new Error(`No module registry entry named '${name}'`);
  return entry;
}
