import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, In, IsNull, type Repository } from 'typeorm';
import { TelephonySigningKey } from './telephony-signing-key.entity.js';

/** Every query on `telephony_signing_keys`. */
@Injectable()
export class TelephonySigningKeysRepository {
  constructor(@InjectRepository(TelephonySigningKey) private readonly repository: Repository<TelephonySigningKey>) {}

  /** Runs `work` in a transaction that holds the tenant's key lock, so two creations cannot both pass the limit. */
  withTenantLock<T>(tenantId: string, work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.repository.manager.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('telephony_signing_keys'), hashtext($1))`, [tenantId]);
      return work(manager);
    });
  }

  /** The tenant's keys that are not revoked, newest first. */
  active(tenantId: string, manager?: EntityManager): Promise<TelephonySigningKey[]> {
    const keys = (manager ?? this.repository.manager).getRepository(TelephonySigningKey);
    return keys.find({ where: { tenantId, revokedAt: IsNull() }, order: { createdAt: 'DESC', id: 'DESC' } });
  }

  async insert(key: TelephonySigningKey, manager: EntityManager): Promise<void> {
    await manager.getRepository(TelephonySigningKey).insert(key);
  }

  /** The keys named `ids` that are not revoked, of any tenant (the webhook learns the tenant from the key). */
  findActive(ids: readonly string[]): Promise<TelephonySigningKey[]> {
    return this.repository.findBy({ id: In([...ids]), revokedAt: IsNull() });
  }

  /** Revokes the tenant's key; false when the tenant has no such key that is still active. */
  async revoke(tenantId: string, id: string, at: Date): Promise<boolean> {
    const result = await this.repository.update({ tenantId, id, revokedAt: IsNull() }, { revokedAt: at });
    return (result.affected ?? 0) > 0;
  }
}
