import type { Type } from '@nestjs/common';
import { AgentsModule } from '#switchboard/agents';
import { CallsModule, TelephonyModule } from '#switchboard/calls';
import { CampaignsModule } from '#switchboard/campaigns';
import { ContactsModule } from '#switchboard/contacts';
import { ExportsModule } from '#switchboard/exports';
import { MODULE_REGISTRY, type RegistryEntry } from '#switchboard/registry';
import { ReportsModule } from '#switchboard/reports';
import { WebhooksModule } from '#switchboard/webhooks';
import { TenantsModule } from '#switchboard/tenants';

/**
 * The Nest module of each registry lib. The one-process server mounts every lib
 * the registry names; each Lambda handler imports only its own module.
 */
export const FEATURE_MODULES: Record<string, Type> = {
  agents: AgentsModule,
  calls: CallsModule,
  campaigns: CampaignsModule,
  contacts: ContactsModule,
  exports: ExportsModule,
  reports: ReportsModule,
  webhooks: WebhooksModule,
  tenants: TenantsModule,
};

/** Modules that registry entries name with `module` (an entry that is not its lib's main module). */
export const ENTRY_MODULES: Record<string, Type> = {
  TelephonyModule,
};

/** The Nest module a registry entry boots: its `module` if named, else its lib's. */
export function moduleOf(entry: RegistryEntry): Type | undefined {
  return entry.module ? ENTRY_MODULES[entry.module] : FEATURE_MODULES[entry.lib];
}

/** Every entry's module, each once (the calls lib serves `calls` and, through TelephonyModule, `telephony`). */
export function registeredModules(): Type[] {
  return [...new Set(MODULE_REGISTRY.flatMap((entry) => moduleOf(entry) ?? []))];
}
