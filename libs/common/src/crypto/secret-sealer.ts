import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { EncryptionKey } from '#switchboard/config';

const VERSION = 'v1';
const IV_BYTES = 12;

/** A sealed value that cannot be opened: unknown key id, wrong context or tampered bytes. */
export class UnsealError extends Error {
  override readonly name = 'UnsealError';
}

/**
 * Encrypts secrets kept in the database (AES-256-GCM) with the first key of the
 * ring, and opens them with whichever key sealed them, so keys rotate without
 * rewriting rows. A sealed value reads `v1.<key id>.<iv>.<ciphertext>.<tag>`
 * (base64url). `context` binds a value to where it is stored (e.g. the row's
 * tenant and id): a sealed secret copied to another row does not open there.
 */
export class SecretSealer {
  private readonly byId: ReadonlyMap<string, Buffer>;

  constructor(private readonly keys: readonly EncryptionKey[]) {
    if (keys.length === 0) throw new Error('SecretSealer needs at least one key');
    this.byId = new Map(keys.map((k) => [k.id, k.key]));
  }

  /** Id of the key new values are sealed with. */
  get currentKeyId(): string {
    return this.keys[0]!.id;
  }

  seal(plaintext: string, context: string): string {
    const { id, key } = this.keys[0]!;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(context));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, id, iv.toString('base64url'), ciphertext.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
  }

  open(sealed: string, context: string): string {
    const [version, id = '', iv = '', ciphertext = '', tag = '', ...rest] = sealed.split('.');
    const key = this.byId.get(id);
    if (version !== VERSION || rest.length > 0) throw new UnsealError('Not a sealed value of a known format.');
    if (!key) throw new UnsealError(`Sealed with key "${id}", which is not in SECRETS_ENCRYPTION_KEYS.`);
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(context));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
    } catch (err) {
      throw new UnsealError('The sealed value does not open with its key and context (tampered, or moved from another row).', { cause: err });
    }
  }
}
