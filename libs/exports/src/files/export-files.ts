import type { Readable } from 'node:stream';

/** How long a download link stays valid (issue 24: 15 minutes). */
export const DOWNLOAD_LINK_TTL_SECONDS = 15 * 60;

/** A finished export's file, as a download link names it. */
export interface ExportFile {
  exportId: string;
  fileKey: string;
  /** The name a browser saves it under. */
  fileName: string;
}

export interface DownloadLink {
  url: string;
  expiresAt: Date;
}

/**
 * Where export files go: an S3 bucket in AWS, a local folder served by the one
 * process on embedded defaults. The worker streams a file in; the API hands out
 * short-lived links to it.
 */
export abstract class ExportFiles {
  /** Stores `body` under `fileKey` as it streams (never whole in memory); replaces an earlier attempt's file. */
  abstract save(fileKey: string, body: Readable): Promise<void>;
  /** A link that downloads the file for the next DOWNLOAD_LINK_TTL_SECONDS. */
  abstract downloadLink(file: ExportFile): Promise<DownloadLink>;
}
