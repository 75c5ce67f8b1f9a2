import { csv, defineConfig, int, setting } from '#switchboard/config';

export const telephonyConfig = defineConfig('telephony', {
  /** Every secret currently accepted; during a rotation, old and new. */
  secrets: setting('TELEPHONY_WEBHOOK_SECRET', csv()),
  toleranceSeconds: setting('TELEPHONY_TOLERANCE_SECONDS', int(1, 86_400)),
});
