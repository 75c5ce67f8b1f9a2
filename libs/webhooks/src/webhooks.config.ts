import { type ConfigType, defineConfig, int, isProduction, oneOf, setting } from '#switchboard/config';

export const PRIVATE_TARGET_POLICIES = ['refuse', 'allow-loopback'] as const;
export type PrivateTargetPolicy = (typeof PRIVATE_TARGET_POLICIES)[number];

/** Both settings are optional (their defaults depend on the profile), so the deploy need not set them. */
export const webhooksConfig = defineConfig('webhooks', {
  privateTargets: setting('WEBHOOK_PRIVATE_TARGETS', oneOf(PRIVATE_TARGET_POLICIES, `one of ${PRIVATE_TARGET_POLICIES.join(', ')}`).optional()),
  retryBaseSeconds: setting('WEBHOOK_RETRY_BASE_SECONDS', int(1, 3600).optional()),
  deliveryRetentionDays: setting('WEBHOOK_DELIVERY_RETENTION_DAYS', int(1, 3650).optional()),
});
export type WebhooksConfig = ConfigType<typeof webhooksConfig>;

/** Production refuses private targets unless told otherwise; development allows loopback receivers. */
export function privateTargetPolicy(cfg: WebhooksConfig): PrivateTargetPolicy {
  return cfg.privateTargets ?? (isProduction() ? 'refuse' : 'allow-loopback');
}

export function retryBaseSeconds(cfg: WebhooksConfig): number {
  return cfg.retryBaseSeconds ?? 10;
}

/** How long the delivery log keeps a delivered or failed delivery. */
export function deliveryRetentionDays(cfg: WebhooksConfig): number {
  return cfg.deliveryRetentionDays ?? 30;
}
