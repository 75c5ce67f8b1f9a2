export { SETTINGS, SETTING_KEYS } from './settings.js';
export type { SettingKey, SettingSpec } from './settings.js';
export { ConfigError, defineConfig, setting, readSetting, resolveShape, describeDefaultsInUse, isProduction, env } from './define-config.js';
export { int, bool, byteSize, url, csv, origins, text, oneOf, trustProxy, encryptionKeys, InvalidValue } from './schemas.js';
export type { EncryptionKey, Parser, ParsedValue } from './schemas.js';
export { appConfig } from './app.config.js';
export { encryptionConfig } from './encryption.config.js';
export { AppConfigModule } from './config.module.js';
export type { ConfigType } from '@nestjs/config';
