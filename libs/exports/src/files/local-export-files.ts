import { randomBytes } from 'node:crypto';
import { createReadStream, type ReadStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Clock } from '#switchboard/common';
import { signDownload, verifyDownload } from './download-signature.js';
import { DOWNLOAD_LINK_TTL_SECONDS, ExportFiles, type DownloadLink, type ExportFile } from './export-files.js';

/**
 * Export files in a local folder (`DATA_DIR/exports`), for the one process on
 * embedded defaults. Links point back at this process (`GET /v1/exports/{id}/file`)
 * and carry an HMAC of the export id and an expiry. The key is drawn at start
 * and never leaves the process: links die with it (GET the export again for a
 * new one), and there is no default secret that anybody else could know.
 */
export class LocalExportFiles extends ExportFiles {
  private readonly secret = randomBytes(32);

  constructor(
    readonly folder: string,
    private readonly clock: Clock,
  ) {
    super();
  }

  async save(fileKey: string, body: Readable): Promise<void> {
    await mkdir(this.folder, { recursive: true });
    // Written aside and renamed, so a link never serves half a file.
    const partial = join(this.folder, `${fileKey}.part`);
    try {
      await pipeline(body, createWriteStream(partial));
    } catch (err) {
      await rm(partial, { force: true });
      throw err;
    }
    await rename(partial, join(this.folder, fileKey));
  }

  downloadLink(file: ExportFile): Promise<DownloadLink> {
    const expires = Math.floor(this.clock.now().getTime() / 1000) + DOWNLOAD_LINK_TTL_SECONDS;
    const signature = signDownload(this.secret, file.exportId, expires);
    return Promise.resolve({ url: `/v1/exports/${file.exportId}/file?expires=${expires}&signature=${signature}`, expiresAt: new Date(expires * 1000) });
  }

  /** Whether a link's expiry and signature are this process's, for this export, and still valid. */
  verify(exportId: string, expires: number, signature: string): boolean {
    return verifyDownload(this.secret, exportId, expires, signature, this.clock.now().getTime());
  }

  open(fileKey: string): ReadStream {
    return createReadStream(join(this.folder, fileKey));
  }
}
