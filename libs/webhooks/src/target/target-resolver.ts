import { Injectable } from '@nestjs/common';
import { lookup } from 'node:dns/promises';

export interface ResolvedAddress {
  address: string;
  family: number;
}

/**
 * Resolves a webhook's host name to the addresses a delivery would connect to.
 * A provider of its own so tests can stand in for DNS (a name that turns
 * private after the subscription was accepted); the server uses the system resolver.
 */
@Injectable()
export class TargetResolver {
  resolve(hostname: string): Promise<ResolvedAddress[]> {
    return lookup(hostname, { all: true, verbatim: true });
  }
}
