import { join } from 'node:path';
import { Module } from '@nestjs/common';
import { ConfigModule, type ConfigType } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CallsCoreModule } from '#switchboard/calls';
import { CampaignsCoreModule } from '#switchboard/campaigns';
import { Clock } from '#switchboard/common';
import { ContactsCoreModule } from '#switchboard/contacts';
import { QueueModule, queueConfig } from '#switchboard/queue';
import { ExportDownloadsController } from './export-downloads.controller.js';
import { ExportDownloadsService } from './export-downloads.service.js';
import { Export } from './export.entity.js';
import { ExportRunner } from './export-runner.service.js';
import { exportsConfig } from './exports.config.js';
import { ExportsController } from './exports.controller.js';
import { ExportsHandler } from './exports.handler.js';
import { ExportsRepository } from './exports.repository.js';
import { ExportsService } from './exports.service.js';
import { ExportFiles } from './files/export-files.js';
import { LocalExportFiles } from './files/local-export-files.js';
import { S3ExportFiles } from './files/s3-export-files.js';
import { CallsExportSource } from './sources/calls-export.source.js';
import { CampaignContactsExportSource } from './sources/campaign-contacts-export.source.js';
import { ContactsExportSource } from './sources/contacts-export.source.js';
import { ExportSources } from './sources/export-sources.js';

/** S3 when BUCKET_EXPORTS names a bucket (AWS), else a folder of DATA_DIR served by this process. */
const exportFilesProvider = {
  provide: ExportFiles,
  inject: [exportsConfig.KEY, Clock],
  useFactory: (cfg: ConfigType<typeof exportsConfig>, clock: Clock): ExportFiles =>
    cfg.bucket ? new S3ExportFiles(cfg.bucket, { region: cfg.region, endpoint: cfg.s3Endpoint }) : new LocalExportFiles(join(cfg.dataDir, 'exports'), clock),
};

/** The `exports` entry: `/v1/exports` and the consumer of `exports`. Other features only through their core modules. */
@Module({
  imports: [
    TypeOrmModule.forFeature([Export]),
    CallsCoreModule,
    ContactsCoreModule,
    CampaignsCoreModule,
    QueueModule.forFeature(),
    ConfigModule.forFeature(queueConfig),
    ConfigModule.forFeature(exportsConfig),
  ],
  controllers: [ExportsController, ExportDownloadsController],
  providers: [
    exportFilesProvider,
    ExportsRepository,
    ExportsService,
    ExportDownloadsService,
    ExportRunner,
    ExportsHandler,
    ExportSources,
    CallsExportSource,
    ContactsExportSource,
    CampaignContactsExportSource,
  ],
})
export class ExportsModule {}
