import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One of a tenant's webhook signing secrets. The provider names it in the
 * signature header (`kid=`), so a signature proves which tenant it speaks for.
 * The secret is stored sealed (SecretSealer, context `<tenant>/<kid>`): a database
 * dump alone does not sign anything. A revoked key verifies nothing.
 */
@Entity({ name: 'telephony_signing_keys' })
@Index('telephony_signing_keys_tenant_idx', ['tenantId', 'createdAt'])
export class TelephonySigningKey {
  /** The key id (`whk_…`), unique across tenants: the header's `kid`. */
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'telephony_signing_keys_pkey' })
  id: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId: string;

  @Column({ name: 'sealed_secret', type: 'text' })
  sealedSecret: string;

  /** The agent row of the admin who created it. */
  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;
}
