import { type Server, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { problem, PROBLEM_CONTENT_TYPE } from '../errors/problem.js';

/** What Node's own handler would answer, as status, stable code and detail. */
function classify(err: NodeJS.ErrnoException): [number, string, string] {
  if (err.code === 'HPE_HEADER_OVERFLOW') return [431, 'HEADERS_TOO_LARGE', 'The request line and headers are larger than the server accepts.'];
  if (err.code === 'HPE_CHUNK_EXTENSIONS_OVERFLOW') return [413, 'PAYLOAD_TOO_LARGE', 'The chunk extensions are larger than the server accepts.'];
  if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') return [408, 'REQUEST_TIMEOUT', 'The request was not received in time.'];
  return [400, 'MALFORMED_REQUEST', 'The request is not valid HTTP.'];
}

/**
 * Answers requests Node's HTTP parser rejects before any route runs (a URL or
 * headers past the size limit, broken HTTP) with problem details like every
 * other error, instead of Node's bare `431`/`400` without a body. Replaces the
 * handler the HTTP framework installed.
 */
export function answerClientErrorsWithProblems(server: Server): void {
  server.removeAllListeners('clientError');
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex & { _httpMessage?: unknown }) => {
    // Nothing to answer on a dead socket, nor in the middle of a response already started.
    if (err.code === 'ECONNRESET' || !socket.writable || socket._httpMessage) {
      socket.destroy();
      return;
    }
    const [status, code, detail] = classify(err);
    const body = JSON.stringify({ ...problem(status, detail, code), title: STATUS_CODES[status] });
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}
