import { Injectable } from '@nestjs/common';
import type { ExportType } from '../export.entity.js';
import { CallsExportSource } from './calls-export.source.js';
import { CampaignContactsExportSource } from './campaign-contacts-export.source.js';
import { ContactsExportSource } from './contacts-export.source.js';
import type { ExportSource } from './export-source.js';

/** The source of each export type. */
@Injectable()
export class ExportSources {
  private readonly byType: Record<ExportType, ExportSource>;

  constructor(calls: CallsExportSource, contacts: ContactsExportSource, campaignContacts: CampaignContactsExportSource) {
    this.byType = { calls, contacts, 'campaign-contacts': campaignContacts };
  }

  of(type: ExportType): ExportSource {
    return this.byType[type];
  }
}
