export { TenantsModule } from './tenants.module.js';
export { TenantsDataModule } from './tenants-data.module.js';
export { TenantSettingsService, toDto as toTenantSettingsDto } from './tenant-settings.service.js';
export type { CallingHours } from './tenant-settings.service.js';
export { TenantSettingsRepository } from './tenant-settings.repository.js';
export { TenantSettings, DEFAULT_CALLING_HOURS } from './tenant-settings.entity.js';
export { TenantSettingsDto } from './dto/tenant-settings.dto.js';
