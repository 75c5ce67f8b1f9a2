import type { ReadStream } from 'node:fs';
import { Injectable } from '@nestjs/common';
import { DownloadLinkInvalidError, ExportNotFoundError } from './exports.errors.js';
import { fileOf } from './exports.service.js';
import { ExportsRepository } from './exports.repository.js';
import { ExportFiles } from './files/export-files.js';
import { LocalExportFiles } from './files/local-export-files.js';

/** Serves local download links: checks the signature first, then finds the finished export's file. */
@Injectable()
export class ExportDownloadsService {
  constructor(
    private readonly exports: ExportsRepository,
    private readonly files: ExportFiles,
  ) {}

  async open(id: string, expires: number, signature: string): Promise<{ stream: ReadStream; fileName: string }> {
    if (!(this.files instanceof LocalExportFiles)) throw new ExportNotFoundError();
    if (!this.files.verify(id, expires, signature)) throw new DownloadLinkInvalidError();
    const found = await this.exports.findById(id);
    if (found?.status !== 'completed' || !found.fileKey) throw new ExportNotFoundError();
    const file = fileOf(found);
    return { stream: this.files.open(file.fileKey), fileName: file.fileName };
  }
}
