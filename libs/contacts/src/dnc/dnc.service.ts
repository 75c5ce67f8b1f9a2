import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { type Page } from '#switchboard/common';
import { DataSource } from 'typeorm';
import { contactsConfig } from '../contacts.config.js';
import { InvalidPhoneError } from '../contacts.errors.js';
import { ContactImportsService } from '../imports/contact-imports.service.js';
import type { ContactImportDto, ImportAcceptedDto } from '../imports/dto/contact-import.dto.js';
import { toE164 } from '../phone.js';
import { DncHistoryRepository } from './dnc-history.repository.js';
import { DncList } from './dnc-list.js';
import { DncNumbersRepository } from './dnc-numbers.repository.js';
import { DncNotListedError } from './dnc.errors.js';
import {
  type AddDncNumbersDto,
  type AddedDncNumbersDto,
  type DncEntryDto,
  type DncHistoryDto,
  type ListDncHistoryQueryDto,
  toDncEntryDto,
  toDncHistoryDto,
} from './dto/dnc.dto.js';

/** The HTTP side of a tenant's do-not-call list: `/v1/dnc`. Actors are agent ids. */
@Injectable()
export class DncService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly list: DncList,
    private readonly numbers: DncNumbersRepository,
    private readonly history: DncHistoryRepository,
    private readonly imports: ContactImportsService,
    @Inject(contactsConfig.KEY) private readonly cfg: ConfigType<typeof contactsConfig>,
  ) {}

  /** Lists every number of the request (source `api`); all or none. */
  async add(tenantId: string, actor: string, dto: AddDncNumbersDto): Promise<AddedDncNumbersDto> {
    const numbers = dto.numbers.map((n, i) => ({ phone: this.phoneOf(n.phone, `numbers.${i}.phone`), reason: n.reason }));
    const phones = [...new Set(numbers.map((n) => n.phone))];
    return this.dataSource.transaction(async (manager) => {
      const added = await this.list.list(manager, tenantId, numbers, { source: 'api', actor });
      const listed = new Map((await this.numbers.findMany(tenantId, phones, manager)).map((n) => [n.phone, n]));
      return { added: added.length, alreadyListed: phones.length - added.length, items: phones.map((p) => toDncEntryDto(listed.get(p)!)) };
    });
  }

  async lookUp(tenantId: string, phone: string): Promise<DncEntryDto> {
    const found = await this.numbers.find(tenantId, this.phoneOf(phone));
    if (!found) throw new DncNotListedError();
    return toDncEntryDto(found);
  }

  /** Takes a number off the list; its contacts become callable (`new`) again. */
  async remove(tenantId: string, actor: string, phone: string, reason?: string): Promise<void> {
    const e164 = this.phoneOf(phone);
    const removed = await this.dataSource.transaction((manager) => this.list.remove(manager, tenantId, e164, actor, reason ?? null));
    if (!removed) throw new DncNotListedError();
  }

  async historyOf(tenantId: string, query: ListDncHistoryQueryDto): Promise<Page<DncHistoryDto>> {
    const phone = query.phone === undefined ? undefined : this.phoneOf(query.phone);
    const page = await this.history.list(tenantId, phone, query.limit, query.cursor);
    return { items: page.items.map(toDncHistoryDto), nextCursor: page.nextCursor };
  }

  startImport(tenantId: string, actor: string, body: unknown): Promise<ImportAcceptedDto> {
    return this.imports.start(tenantId, body, { kind: 'dnc', actor });
  }

  getImport(tenantId: string, id: string): Promise<ContactImportDto> {
    return this.imports.get(tenantId, id, 'dnc');
  }

  private phoneOf(input: string, field = 'phone'): string {
    const e164 = toE164(input, this.cfg.defaultRegion);
    if (!e164) throw new InvalidPhoneError(field);
    return e164;
  }
}
