import type { Type } from '@nestjs/common';
import { AgentsModule } from '@switchboard/agents';
import { CampaignsModule } from '@switchboard/campaigns';
import { MODULE_REGISTRY } from '@switchboard/registry';

/**
 * The Nest module of each registry lib. The one-process server mounts every lib
 * the registry names; each Lambda handler imports only its own module.
 */
export const FEATURE_MODULES: Record<string, Type> = {
  agents: AgentsModule,
  campaigns: CampaignsModule,
};

/** The registry's libs, each once (telephony and calls share the calls module). */
export function registeredModules(): Type[] {
  const libs = [...new Set(MODULE_REGISTRY.map((entry) => entry.lib))];
  return libs.flatMap((lib) => (FEATURE_MODULES[lib] ? [FEATURE_MODULES[lib]] : []));
}
