import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Webhook signing keys per tenant (issue 21, item 4): the provider names a key in
 * the signature header, and the key's tenant is the only one its events may write
 * to. Secrets are stored sealed (SecretSealer); revoked keys stay for the record.
 */
export class TelephonySigningKeys1766400100000 implements MigrationInterface {
  name = 'TelephonySigningKeys1766400100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE telephony_signing_keys (
        id text NOT NULL,
        tenant_id text NOT NULL,
        sealed_secret text NOT NULL,
        created_by uuid,
        created_at timestamptz NOT NULL,
        revoked_at timestamptz,
        CONSTRAINT telephony_signing_keys_pkey PRIMARY KEY (id)
      )`);
    await q.query(`CREATE INDEX telephony_signing_keys_tenant_idx ON telephony_signing_keys (tenant_id, created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE telephony_signing_keys`);
  }
}
