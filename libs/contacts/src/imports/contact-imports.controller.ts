import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBody, ApiConsumes, ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { CurrentPrincipal, RequirePermissions, type Principal } from '#switchboard/auth';
import { Accepts, ApiAuthenticated, ApiProblem, uuidParam } from '#switchboard/common';
import { ContactImportsService } from './contact-imports.service.js';
import { ContactImportDto, ImportAcceptedDto, ImportContactsDto } from './dto/contact-import.dto.js';
import { CSV_COLUMNS, MAX_CSV_COLUMNS, MAX_CSV_RECORD_CHARS, MAX_IMPORT_ROWS } from './import-rows.js';

const CSV_SCHEMA = {
  type: 'string',
  description: `CSV with a header row of ${CSV_COLUMNS.join(', ')} (name and phone required, any order); tags separated by ";". Rows count from 1 at the first data row. At most ${MAX_IMPORT_ROWS} rows, ${MAX_CSV_COLUMNS} cells and ${MAX_CSV_RECORD_CHARS} characters per line.`,
  example: 'name,phone,email,tags\nAda Lovelace,+12025550123,ada@example.com,vip;emea\n',
};

@ApiTags('contact-imports')
@ApiAuthenticated()
@ApiExtraModels(ImportContactsDto)
@Controller('v1/contact-imports')
export class ContactImportsController {
  constructor(private readonly imports: ContactImportsService) {}

  @Post()
  @HttpCode(202)
  @RequirePermissions('contacts:import')
  @Accepts('application/json', 'text/csv')
  @ApiOperation({ summary: 'Import contacts (JSON or CSV, up to 5 MB): queued, upserted by phone, progress at the job' })
  @ApiConsumes('application/json', 'text/csv')
  @ApiBody({
    schema: { oneOf: [{ $ref: getSchemaPath(ImportContactsDto) }, CSV_SCHEMA] },
    description: 'application/json: { contacts: [...] }; text/csv: the CSV text',
  })
  @ApiAcceptedResponse({ type: ImportAcceptedDto, description: 'Queued; poll GET /v1/contact-imports/{id}' })
  @ApiProblem(413, `Body over the import limit (IMPORT_BODY_LIMIT, 5 MB) or over ${MAX_IMPORT_ROWS} rows (CONTACT_IMPORT.TOO_MANY_ROWS, refused while parsing)`)
  @ApiProblem(415, 'Neither application/json nor text/csv')
  @ApiProblem(503, 'The database is unavailable; try again (once accepted, an import is sent to its queue even if the queue is down)')
  create(@CurrentPrincipal() p: Principal, @Body() body: unknown): Promise<ImportAcceptedDto> {
    return this.imports.start(p.tenantId, body);
  }

  @Get(':id')
  @RequirePermissions('contacts:read')
  @ApiOperation({ summary: 'Progress and row errors of an import' })
  @ApiOkResponse({ type: ContactImportDto })
  @ApiProblem(404, "CONTACT_IMPORT.NOT_FOUND (also for another tenant's import)")
  get(@CurrentPrincipal() p: Principal, @Param('id', uuidParam()) id: string): Promise<ContactImportDto> {
    return this.imports.get(p.tenantId, id);
  }
}
