import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequirePermissions, type Principal } from '#switchboard/auth';
import { ApiAuthenticated, ApiProblem, ETAG_HEADER, IfMatch, type Page, PageType, uuidParam } from '#switchboard/common';
import { ContactsService } from './contacts.service.js';
import { ContactDto } from './dto/contact.dto.js';
import { CreateContactDto } from './dto/create-contact.dto.js';
import { ListContactsQueryDto } from './dto/list-contacts-query.dto.js';
import { UpdateContactDto } from './dto/update-contact.dto.js';

const IF_MATCH = ApiHeader({ name: 'If-Match', required: false, description: 'ETag of the version the change is based on, e.g. W/"3"; a stale one → 412' });

@ApiTags('contacts')
@ApiAuthenticated()
@Controller('v1/contacts')
export class ContactsController {
  constructor(private readonly contacts: ContactsService) {}

  @Post()
  @RequirePermissions('contacts:write')
  @ApiOperation({ summary: 'Create a contact' })
  @ApiCreatedResponse({ type: ContactDto, description: 'Created; Location and ETag headers set', headers: ETAG_HEADER })
  @ApiProblem(409, 'CONTACT.PHONE_TAKEN: a live contact of the tenant has this phone')
  create(@CurrentPrincipal() p: Principal, @Body() dto: CreateContactDto): Promise<ContactDto> {
    return this.contacts.create(p.tenantId, dto);
  }

  @Get()
  @RequirePermissions('contacts:read')
  @ApiOperation({ summary: 'List contacts, newest first, filtered by status, tag or a search prefix' })
  @ApiOkResponse({ type: PageType(ContactDto) })
  list(@CurrentPrincipal() p: Principal, @Query() query: ListContactsQueryDto): Promise<Page<ContactDto>> {
    return this.contacts.list(p.tenantId, query);
  }

  @Get(':id')
  @RequirePermissions('contacts:read')
  @ApiOperation({ summary: 'Get a contact' })
  @ApiOkResponse({ type: ContactDto, description: 'ETag header set', headers: ETAG_HEADER })
  @ApiProblem(404, "CONTACT.NOT_FOUND (also for another tenant's contact)")
  get(@CurrentPrincipal() p: Principal, @Param('id', uuidParam()) id: string): Promise<ContactDto> {
    return this.contacts.get(p.tenantId, id);
  }

  @Patch(':id')
  @RequirePermissions('contacts:write')
  @IF_MATCH
  @ApiOperation({ summary: 'Change a contact (status included; do_not_call lists its number, and only removing the number from the list clears it)' })
  @ApiOkResponse({ type: ContactDto, description: 'ETag header set', headers: ETAG_HEADER })
  @ApiProblem(404, 'CONTACT.NOT_FOUND')
  @ApiProblem(409, 'CONTACT.PHONE_TAKEN, or CONTACT.DO_NOT_CALL: another status for a contact whose number is on the do-not-call list')
  @ApiProblem(412, 'If-Match names an older version')
  update(
    @CurrentPrincipal() p: Principal,
    @Param('id', uuidParam()) id: string,
    @Body() dto: UpdateContactDto,
    @IfMatch() ifMatch?: number,
  ): Promise<ContactDto> {
    return this.contacts.update(p.tenantId, id, dto, p.agentId, ifMatch);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequirePermissions('contacts:delete')
  @IF_MATCH
  @ApiOperation({ summary: 'Delete a contact (soft: its phone may be used again; a listed number stays listed)' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiProblem(404, 'CONTACT.NOT_FOUND')
  @ApiProblem(412, 'If-Match names an older version')
  remove(@CurrentPrincipal() p: Principal, @Param('id', uuidParam()) id: string, @IfMatch() ifMatch?: number): Promise<void> {
    return this.contacts.remove(p.tenantId, id, ifMatch);
  }
}
