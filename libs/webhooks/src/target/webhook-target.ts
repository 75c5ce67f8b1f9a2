import { Inject, Injectable } from '@nestjs/common';
import { isIP, type LookupFunction } from 'node:net';
import { privateTargetPolicy, webhooksConfig, type PrivateTargetPolicy, type WebhooksConfig } from '../webhooks.config.js';
import { WebhookUrlRefusedError } from '../webhooks.errors.js';
import { isLoopbackAddress, isNonPublicAddress } from './private-addresses.js';
import { TargetResolver, type ResolvedAddress } from './target-resolver.js';

const LOCAL_NAMES = new Set(['localhost']);

/**
 * Which URLs a webhook may point at. Always https, except loopback receivers
 * (http://localhost, 127.0.0.1, [::1]) where the policy allows them (outside
 * production). A name that resolves to a private, loopback or link-local
 * address is refused when it is created or changed, and again at each delivery:
 * the delivery connects only to addresses this check passed (`lookupFor`), so
 * a name that changes its answer between check and connect gains nothing.
 */
@Injectable()
export class WebhookTarget {
  private readonly policy: PrivateTargetPolicy;

  constructor(
    private readonly resolver: TargetResolver,
    @Inject(webhooksConfig.KEY) cfg: WebhooksConfig,
  ) {
    this.policy = privateTargetPolicy(cfg);
  }

  /**
   * Checks a URL a tenant gives; a name that does not resolve now is accepted
   * (it cannot point anywhere private now) and checked again at each delivery.
   * @returns the URL, normalised.
   * @throws WebhookUrlRefusedError
   */
  async assertAcceptable(raw: string): Promise<string> {
    const url = this.parse(raw);
    const literal = hostOf(url);
    if (isIP(literal)) this.assertAddresses(literal, [literal]);
    else if (!this.isAllowedLoopbackName(literal)) {
      const addresses = await this.resolver.resolve(literal).catch(() => [] as ResolvedAddress[]);
      this.assertAddresses(
        literal,
        addresses.map((a) => a.address),
      );
    }
    return url.toString();
  }

  /**
   * The `lookup` a delivery's socket connects with: it resolves through the
   * resolver and fails with WebhookUrlRefusedError on a refused address, so the
   * address checked is the address connected to. An IP literal never reaches a
   * lookup, so check it with `assertAcceptable` first.
   */
  lookupFor(): LookupFunction {
    return (hostname, options, callback) => {
      this.resolver
        .resolve(hostname)
        .then((addresses) => {
          if (addresses.length === 0) throw Object.assign(new Error(`${hostname} does not resolve`), { code: 'ENOTFOUND' });
          if (!this.isAllowedLoopbackName(hostname))
            this.assertAddresses(
              hostname,
              addresses.map((a) => a.address),
            );
          const family = typeof options === 'object' ? options.family : undefined;
          const usable = addresses.filter((a) => !family || a.family === family);
          if (usable.length === 0) throw Object.assign(new Error(`${hostname} has no IPv${family} address`), { code: 'ENOTFOUND' });
          if (typeof options === 'object' && options.all) callback(null, usable);
          else callback(null, usable[0]!.address, usable[0]!.family);
        })
        .catch((err: NodeJS.ErrnoException) => callback(err, '', 0));
    };
  }

  private parse(raw: string): URL {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new WebhookUrlRefusedError('INVALID_URL', 'url must be an absolute URL.');
    }
    if (url.username || url.password) throw new WebhookUrlRefusedError('INVALID_URL', 'url must not carry credentials.');
    if (url.protocol === 'https:') return url;
    if (url.protocol === 'http:' && this.policy === 'allow-loopback' && this.isLoopbackHost(hostOf(url))) return url;
    throw new WebhookUrlRefusedError(
      'HTTPS_REQUIRED',
      this.policy === 'allow-loopback' ? 'url must be https (http only for localhost).' : 'url must be https.',
    );
  }

  private assertAddresses(host: string, addresses: string[]): void {
    for (const address of addresses) {
      if (!isNonPublicAddress(address)) continue;
      if (this.policy === 'allow-loopback' && isLoopbackAddress(address)) continue;
      throw new WebhookUrlRefusedError(
        'PRIVATE_ADDRESS',
        `${host} resolves to a private, loopback or link-local address (${address}); webhooks go to public addresses only.`,
      );
    }
  }

  private isLoopbackHost(host: string): boolean {
    return LOCAL_NAMES.has(host) || isLoopbackAddress(host);
  }

  private isAllowedLoopbackName(host: string): boolean {
    return this.policy === 'allow-loopback' && LOCAL_NAMES.has(host.toLowerCase());
  }
}

/** The URL's host without IPv6 brackets. */
export function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
}
