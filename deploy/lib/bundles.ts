import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MODULE_REGISTRY, QUEUE_NAMES, scheduledTasks, type RegistryEntry } from '#switchboard/registry';

/** Every Lambda bundle the app deploys: one per registry entry, one worker per queue, one per scheduled task, the migration. */
export function bundleNames(registry: readonly RegistryEntry[] = MODULE_REGISTRY): string[] {
  return [...registry.map((e) => e.name), ...QUEUE_NAMES.map((q) => `${q}-worker`), ...scheduledTasks(registry).map(({ task }) => task.name), 'migrate'];
}

/**
 * Writes a stub `index.js` per bundle into `dir`, for synthesizing (tests, or before
 * `build:lambdas` exists). A stub answers 503 — an assembly built from them is never deployed.
 */
export function writePlaceholderBundles(dir: string, registry: readonly RegistryEntry[] = MODULE_REGISTRY): string {
  for (const name of bundleNames(registry)) {
    mkdirSync(join(dir, name), { recursive: true });
    writeFileSync(
      join(dir, name, 'index.js'),
      `// Placeholder for the ${name} bundle (npm run build:lambdas writes the real one).\nexports.handler = async () => ({ statusCode: 503, body: 'placeholder bundle' });\n`,
    );
  }
  return dir;
}
