import { defineConfig, setting, text, url } from '#switchboard/config';

export const exportsConfig = defineConfig('exports', {
  /** Unset outside AWS: files in `DATA_DIR/exports`, served by this process through signed links. */
  bucket: setting('BUCKET_EXPORTS', text().optional()),
  /** An S3 emulator (path-style addressing); unset in AWS. */
  s3Endpoint: setting('S3_ENDPOINT', url(['http', 'https']).optional()),
  region: setting('AWS_REGION', text()),
  dataDir: setting('DATA_DIR', text()),
});
