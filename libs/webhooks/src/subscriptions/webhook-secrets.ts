import { Injectable } from '@nestjs/common';
import { SecretSealer } from '#switchboard/common';
import { randomBytes } from 'node:crypto';
import type { WebhookSubscription } from './webhook-subscription.entity.js';

/** Signing secrets of webhooks: made here, stored sealed, bound to their row (`<tenant>:<id>`). */
@Injectable()
export class WebhookSecrets {
  constructor(private readonly sealer: SecretSealer) {}

  /** A new secret, `whsec_` and 32 random bytes. */
  generate(): string {
    return `whsec_${randomBytes(32).toString('base64url')}`;
  }

  seal(tenantId: string, subscriptionId: string, secret: string): string {
    return this.sealer.seal(secret, contextOf(tenantId, subscriptionId));
  }

  /** The secrets a delivery at `now` is signed with: the current one, and the previous one while its rotation lasts. */
  signingSecrets(subscription: WebhookSubscription, now: Date): string[] {
    const context = contextOf(subscription.tenantId, subscription.id);
    const secrets = [this.sealer.open(subscription.secretSealed, context)];
    if (subscription.previousSecretSealed && subscription.previousSecretExpiresAt && subscription.previousSecretExpiresAt > now) {
      secrets.push(this.sealer.open(subscription.previousSecretSealed, context));
    }
    return secrets;
  }
}

const contextOf = (tenantId: string, subscriptionId: string): string => `webhook:${tenantId}:${subscriptionId}`;
