import { csv, defineConfig, int, setting } from '#switchboard/config';

export const telephonyConfig = defineConfig('telephony', {
  /**
   * Development only (ignored with NODE_ENV=production): secrets that sign events of
   * any tenant without a key id, so local tools and the demo need no tenant key.
   */
  devSecrets: setting('TELEPHONY_WEBHOOK_SECRET', csv().optional()),
  toleranceSeconds: setting('TELEPHONY_TOLERANCE_SECONDS', int(1, 86_400)),
  invalidSignaturesPerMinute: setting('TELEPHONY_INVALID_SIGNATURES_PER_MINUTE', int(1, 1_000_000)),
});
