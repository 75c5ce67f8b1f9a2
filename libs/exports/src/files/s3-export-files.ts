import type { Readable } from 'node:stream';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { OnModuleDestroy } from '@nestjs/common';
import { DOWNLOAD_LINK_TTL_SECONDS, ExportFiles, type DownloadLink, type ExportFile } from './export-files.js';

/** Parts of 8 MiB, two in flight: about 16 MiB of buffers per export whatever its size. */
const PART_BYTES = 8 * 1024 * 1024;
const PARTS_IN_FLIGHT = 2;

/** Export files in an S3 bucket: multipart uploads as the CSV streams, presigned GET links. */
export class S3ExportFiles extends ExportFiles implements OnModuleDestroy {
  private readonly client: S3Client;

  constructor(
    private readonly bucket: string,
    options: { region: string; endpoint?: string },
  ) {
    super();
    // An emulator is addressed path-style: bucket subdomains of 127.0.0.1 do not resolve.
    this.client = new S3Client({ region: options.region, endpoint: options.endpoint, forcePathStyle: options.endpoint !== undefined });
  }

  async save(fileKey: string, body: Readable): Promise<void> {
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.bucket, Key: fileKey, Body: body, ContentType: 'text/csv; charset=utf-8' },
      partSize: PART_BYTES,
      queueSize: PARTS_IN_FLIGHT,
      leavePartsOnError: false,
    });
    await upload.done();
  }

  async downloadLink(file: ExportFile): Promise<DownloadLink> {
    const command = new GetObjectCommand({
      Bucket: this.bucket,
      Key: file.fileKey,
      ResponseContentDisposition: `attachment; filename="${file.fileName}"`,
      ResponseContentType: 'text/csv; charset=utf-8',
    });
    const url = await getSignedUrl(this.client, command, { expiresIn: DOWNLOAD_LINK_TTL_SECONDS });
    return { url, expiresAt: new Date(Date.now() + DOWNLOAD_LINK_TTL_SECONDS * 1000) };
  }

  onModuleDestroy(): void {
    this.client.destroy();
  }
}
