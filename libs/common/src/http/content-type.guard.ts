import { type CanActivate, type ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { IncomingMessage } from 'node:http';
import { DomainError } from '../errors/domain-error.js';

const ACCEPTS = 'switchboard:accepts';

/** Media types a route takes in its body; JSON when not declared. */
export const Accepts = (...mediaTypes: string[]) => SetMetadata(ACCEPTS, mediaTypes);

export class UnsupportedMediaTypeError extends DomainError {
  constructor(accepted: string[]) {
    super('UNSUPPORTED_MEDIA_TYPE', 'unsupported_media_type', `The body must be ${accepted.join(' or ')}.`);
  }
}

function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return (length !== undefined && length !== '0') || req.headers['transfer-encoding'] !== undefined;
}

/** Answers 415 when a request carries a body of a type the route does not take. */
@Injectable()
export class ContentTypeGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const req = context.switchToHttp().getRequest<IncomingMessage>();
    if (!hasBody(req)) return true;
    const accepted = this.reflector.getAllAndOverride<string[]>(ACCEPTS, [context.getHandler(), context.getClass()]) ?? ['application/json'];
    const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (!accepted.includes(type)) throw new UnsupportedMediaTypeError(accepted);
    return true;
  }
}
