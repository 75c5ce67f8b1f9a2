import { Logger } from '@nestjs/common';
import { createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import { get as httpGet } from 'node:http';
import { get as httpsGet } from 'node:https';
import { ServiceUnavailableError } from '#switchboard/common';
import { UnauthenticatedError } from '../auth.errors.js';

/** The protected header of a token, as far as key selection needs it. */
export interface TokenHeader {
  alg?: string;
  kid?: string;
}

/** Where the public keys that verify tokens come from. */
export abstract class SigningKeys {
  /** The key for a token's header; rejects with a 401 error when there is none. */
  abstract keyFor(header: TokenHeader): Promise<KeyObject>;
}

/**
 * The keys of a token issuer inside this process (the dev issuer, when
 * DevIssuerModule is part of the app): the verifier's keys when no JWKS URL is set.
 */
export const LOCAL_SIGNING_KEYS = Symbol('LOCAL_SIGNING_KEYS');

export interface RemoteKeysOptions {
  jwksUrl: string;
  /** How long a fetched key set is trusted before it is refreshed in the background. */
  maxAgeMs?: number;
  /** Fewest milliseconds between two fetches caused by unknown `kid`s. */
  minRefreshIntervalMs?: number;
  timeoutMs?: number;
  now?: () => number;
}

const unknownKey = () => new UnauthenticatedError('The token is signed by an unknown key.');
const keysUnavailable = () => new ServiceUnavailableError("The token issuer's keys cannot be fetched right now.", 2);
const RETRY_AFTER_FAILURE_MS = 1000;

/**
 * The issuer's JWKS (fetched over HTTP, keys imported by Node's crypto), cached in memory. A `kid` that is
 * not in the cache triggers one refresh, shared by every request waiting on it,
 * and such refreshes are rate limited so forged `kid`s cannot hammer the issuer.
 * When the cache ages out, known keys keep serving while a refresh runs.
 */
export class RemoteSigningKeys extends SigningKeys {
  private readonly logger = new Logger('Jwks');
  private readonly jwksUrl: string;
  private readonly timeoutMs: number;
  private keys = new Map<string, KeyObject>();
  private fetchedAt = -Infinity;
  private lastUnknownKidRefresh = -Infinity;
  private lastFailure = -Infinity;
  private inFlight?: Promise<void>;
  private readonly maxAgeMs: number;
  private readonly minRefreshIntervalMs: number;
  private readonly now: () => number;

  constructor(options: RemoteKeysOptions) {
    super();
    this.jwksUrl = options.jwksUrl;
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.maxAgeMs = options.maxAgeMs ?? 10 * 60_000;
    this.minRefreshIntervalMs = options.minRefreshIntervalMs ?? 6_000;
    this.now = options.now ?? Date.now;
  }

  async keyFor(header: TokenHeader): Promise<KeyObject> {
    if (this.fetchedAt === -Infinity) {
      // Never loaded: while the issuer is down, fail fast instead of queueing fetches.
      if (this.now() - this.lastFailure < RETRY_AFTER_FAILURE_MS && !this.inFlight) throw keysUnavailable();
      await this.refresh();
      if (this.fetchedAt === -Infinity) throw keysUnavailable();
    } else if (this.now() - this.fetchedAt > this.maxAgeMs) void this.refresh().catch(() => undefined);

    let key = this.lookup(header.kid);
    if (!key && this.now() - this.lastUnknownKidRefresh >= this.minRefreshIntervalMs) {
      this.lastUnknownKidRefresh = this.now();
      await this.refresh();
      key = this.lookup(header.kid);
    } else if (!key && this.inFlight) {
      await this.inFlight.catch(() => undefined);
      key = this.lookup(header.kid);
    }
    if (!key) throw unknownKey();
    return key;
  }

  private lookup(kid: string | undefined): KeyObject | undefined {
    if (kid !== undefined) return this.keys.get(kid);
    // Issuers with a single key sometimes omit `kid`; with several it is ambiguous.
    return this.keys.size === 1 ? [...this.keys.values()][0] : undefined;
  }

  /** One fetch at a time; concurrent callers share it. */
  private refresh(): Promise<void> {
    this.inFlight ??= this.fetch().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async fetch(): Promise<void> {
    try {
      const signingKeys = await this.download();
      this.keys = new Map(signingKeys.filter((k) => k.kid !== undefined).map((k) => [String(k.kid), createPublicKey({ key: k, format: 'jwk' })] as const));
      if (signingKeys.length === 1 && signingKeys[0]!.kid === undefined) this.keys.set('', createPublicKey({ key: signingKeys[0]!, format: 'jwk' }));
      this.fetchedAt = this.now();
    } catch (err) {
      // Known keys keep serving; callers that need new ones get 401 or 503.
      this.lastFailure = this.now();
      this.logger.warn(`JWKS fetch failed: ${(err as Error).message}`);
    }
  }

  /** The issuer's RSA signing keys (`use` absent or `sig`); anything else in the set is ignored. */
  private async download(): Promise<(JsonWebKey & { kid?: string })[]> {
    const body = (await getJson(this.jwksUrl, this.timeoutMs)) as { keys?: unknown } | null;
    if (!Array.isArray(body?.keys)) throw new Error(`${this.jwksUrl} is not a JSON Web Key Set`);
    const keys = (body!.keys as (JsonWebKey & { kid?: string; use?: string })[]).filter(
      (k) => k && k.kty === 'RSA' && typeof k.n === 'string' && typeof k.e === 'string' && (k.use === undefined || k.use === 'sig'),
    );
    if (keys.length === 0) throw new Error(`${this.jwksUrl} has no RSA signing keys`);
    return keys;
  }
}

/**
 * GET a JSON document with node:http(s). Not `fetch`: its first call loads
 * and compiles Node's bundled HTTP client (undici), ~15 ms of a Lambda's first
 * response, for one small document every ten minutes.
 */
function getJson(url: string, timeoutMs: number): Promise<unknown> {
  const get = url.startsWith('https:') ? httpsGet : httpGet;
  return new Promise((resolve, reject) => {
    const req = get(url, { headers: { accept: 'application/json' }, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        if (res.statusCode !== 200) return reject(new Error(`${url} answered ${res.statusCode}`));
        try {
          resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        } catch {
          reject(new Error(`${url} did not answer JSON`));
        }
      });
    });
    req.on('timeout', () => req.destroy(new Error(`${url} did not answer within ${timeoutMs} ms`)));
    req.on('error', reject);
  });
}
