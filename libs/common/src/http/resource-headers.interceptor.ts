import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { map, type Observable } from 'rxjs';

export const etagOf = (version: number): string => `W/"${version}"`;

/**
 * Adds the headers the API conventions promise without touching controllers:
 * `ETag: W/"<version>"` on a single resource with a version, and `Location` on a 201.
 */
@Injectable()
export class ResourceHeadersInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const req = http.getRequest<IncomingMessage & { originalUrl?: string }>();
    const res = http.getResponse<ServerResponse>();
    return next.handle().pipe(
      map((body) => {
        if (body && typeof body === 'object' && !Array.isArray(body)) {
          const resource = body as { id?: unknown; version?: unknown };
          if (typeof resource.version === 'number') res.setHeader('ETag', etagOf(resource.version));
          if (res.statusCode === 201 && typeof resource.id === 'string') {
            const path = (req.originalUrl ?? req.url ?? '').split('?')[0]!.replace(/\/$/, '');
            res.setHeader('Location', `${path}/${resource.id}`);
          }
        }
        return body;
      }),
    );
  }
}
