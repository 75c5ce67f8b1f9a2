import { defineConfig, setting } from './define-config.js';
import { encryptionKeys } from './schemas.js';

/** The key ring that seals secrets stored in the database (#switchboard/common's SecretSealer). */
export const encryptionConfig = defineConfig('encryption', {
  keys: setting('SECRETS_ENCRYPTION_KEYS', encryptionKeys()),
});
