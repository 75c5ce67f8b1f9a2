import { Injectable } from '@nestjs/common';
import { Clock, PreconditionFailedError, type Page } from '#switchboard/common';
import { randomUUID } from 'node:crypto';
import type { CreateWebhookDto } from '../dto/create-webhook.dto.js';
import type { RotateSecretDto } from '../dto/rotate-secret.dto.js';
import type { UpdateWebhookDto } from '../dto/update-webhook.dto.js';
import { toWebhookDto, type WebhookDto, type WebhookWithSecretDto } from '../dto/webhook.dto.js';
import { WebhookTarget } from '../target/webhook-target.js';
import { WebhookNotFoundError } from '../webhooks.errors.js';
import { WebhookSecrets } from './webhook-secrets.js';
import type { WebhookSubscription } from './webhook-subscription.entity.js';
import { WebhookSubscriptionsRepository, type SubscriptionChanges } from './webhook-subscriptions.repository.js';

const HOUR_MS = 3_600_000;

/** A tenant's webhooks: URLs checked against the target policy, secrets sealed and shown once. */
@Injectable()
export class WebhooksService {
  constructor(
    private readonly subscriptions: WebhookSubscriptionsRepository,
    private readonly secrets: WebhookSecrets,
    private readonly target: WebhookTarget,
    private readonly clock: Clock,
  ) {}

  async create(tenantId: string, dto: CreateWebhookDto): Promise<WebhookWithSecretDto> {
    const url = await this.target.assertAcceptable(dto.url);
    const id = randomUUID();
    const secret = this.secrets.generate();
    const created = await this.subscriptions.insert(
      { id, tenantId, url, events: dto.events, description: dto.description ?? null, secretSealed: this.secrets.seal(tenantId, id, secret) },
      this.clock.now(),
    );
    return { ...this.dto(created), secret };
  }

  async list(tenantId: string, limit: number, cursor?: string): Promise<Page<WebhookDto>> {
    const page = await this.subscriptions.list(tenantId, limit, cursor);
    return { items: page.items.map((s) => this.dto(s)), nextCursor: page.nextCursor };
  }

  async get(tenantId: string, id: string): Promise<WebhookDto> {
    return this.dto(await this.find(tenantId, id));
  }

  async find(tenantId: string, id: string): Promise<WebhookSubscription> {
    const found = await this.subscriptions.find(tenantId, id);
    if (!found) throw new WebhookNotFoundError();
    return found;
  }

  /** Changes url, events, description or paused; resuming clears the failure run and Switchboard's reason. */
  async update(tenantId: string, id: string, dto: UpdateWebhookDto, ifMatch?: number): Promise<WebhookDto> {
    const changes: SubscriptionChanges = {};
    if (dto.url !== undefined) changes.url = await this.target.assertAcceptable(dto.url);
    if (dto.events !== undefined) changes.events = dto.events;
    if (dto.description !== undefined) changes.description = dto.description;
    if (dto.paused !== undefined) {
      changes.paused = dto.paused;
      changes.pausedReason = null;
      if (!dto.paused) changes.failingSince = null;
    }
    return this.change(tenantId, id, changes, ifMatch);
  }

  async remove(tenantId: string, id: string): Promise<void> {
    if (!(await this.subscriptions.delete(tenantId, id))) throw new WebhookNotFoundError();
  }

  /** A new secret; the current one becomes the previous and keeps signing for `previousSecretHours` (default 24). */
  async rotateSecret(tenantId: string, id: string, dto: RotateSecretDto): Promise<WebhookWithSecretDto> {
    const current = await this.find(tenantId, id);
    const secret = this.secrets.generate();
    const expires = new Date(this.clock.now().getTime() + (dto.previousSecretHours ?? 24) * HOUR_MS);
    const rotated = await this.change(
      tenantId,
      id,
      { secretSealed: this.secrets.seal(tenantId, id, secret), previousSecretSealed: current.secretSealed, previousSecretExpiresAt: expires },
      current.version,
    );
    return { ...rotated, secret };
  }

  private async change(tenantId: string, id: string, changes: SubscriptionChanges, ifMatch?: number): Promise<WebhookDto> {
    const updated = await this.subscriptions.update(tenantId, id, changes, this.clock.now(), ifMatch);
    if (updated) return this.dto(updated);
    await this.find(tenantId, id);
    throw new PreconditionFailedError();
  }

  private dto(s: WebhookSubscription): WebhookDto {
    return toWebhookDto(s, this.clock.now());
  }
}
