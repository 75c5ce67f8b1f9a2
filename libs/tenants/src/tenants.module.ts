import { Module } from '@nestjs/common';
import { TenantSettingsController } from './tenant-settings.controller.js';
import { TenantsDataModule } from './tenants-data.module.js';

/** The `tenants` entry (`/v1/tenant`): the tenant's settings. Other features import TenantsDataModule. */
@Module({
  imports: [TenantsDataModule],
  controllers: [TenantSettingsController],
  exports: [TenantsDataModule],
})
export class TenantsModule {}
