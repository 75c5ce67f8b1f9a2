import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { TenantSettings } from './tenant-settings.entity.js';
import { TenantSettingsRepository } from './tenant-settings.repository.js';
import { TenantSettingsService } from './tenant-settings.service.js';

/** `tenant_settings`, its repository and service, for features that read a tenant's settings (campaigns read the calling hours). */
@Module({
  imports: [TypeOrmModule.forFeature([TenantSettings])],
  providers: [TenantSettingsRepository, TenantSettingsService],
  exports: [TenantSettingsRepository, TenantSettingsService],
})
export class TenantsDataModule {}
