import { Controller, Get, Param, Query, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Public } from '#switchboard/auth';
import { ApiProblem, uuidParam } from '#switchboard/common';
import { DownloadQueryDto } from './dto/download-query.dto.js';
import { ExportDownloadsService } from './export-downloads.service.js';

/**
 * The file behind a local download link (embedded defaults: files in DATA_DIR).
 * No token: the link's signature is the authority, as with an S3 presigned URL.
 */
@ApiTags('exports')
@Controller('v1/exports')
export class ExportDownloadsController {
  constructor(private readonly downloads: ExportDownloadsService) {}

  @Get(':id/file')
  @Public()
  @ApiOperation({ summary: 'Download an export’s CSV through the signed link GET /v1/exports/{id} gave (only where files are kept locally)' })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'The CSV file', schema: { type: 'string' } })
  @ApiProblem(403, 'EXPORT.LINK_INVALID: a signature this server did not make, or an expired link')
  @ApiProblem(404, 'EXPORT.NOT_FOUND: no such finished export, or files are kept in S3 (use the presigned URL)')
  async download(@Param('id', uuidParam()) id: string, @Query() query: DownloadQueryDto): Promise<StreamableFile> {
    const file = await this.downloads.open(id, query.expires, query.signature);
    return new StreamableFile(file.stream, { type: 'text/csv; charset=utf-8', disposition: `attachment; filename="${file.fileName}"` });
  }
}
