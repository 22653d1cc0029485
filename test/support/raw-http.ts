// Requests the official SDK cannot make (malformed bodies, foreign Host headers, raw paths, bytes that
// are not HTTP), sent with node:http / node:net to a local server, with a deadline so a hang fails.
import { request, type IncomingHttpHeaders } from 'node:http';
import { connect } from 'node:net';

export interface RawRequest {
  method: string;
  /** Sent exactly as given (no normalisation of `..` or escapes). */
  path: string;
  headers?: Record<string, string>;
  /** Omit the Host header altogether. */
  noHost?: boolean;
  body?: string | Buffer;
  /** Send the body with chunked transfer-encoding (no content-length). */
  chunked?: boolean;
}

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

const CHUNK = 256 * 1024;

/** Sends one request on a fresh connection; rejects if no complete answer arrives within `timeoutMs`. */
export function rawRequest(port: number, r: RawRequest, timeoutMs = 15_000): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const body = typeof r.body === 'string' ? Buffer.from(r.body) : r.body;
    const headers: Record<string, string> = { ...r.headers };
    if (body && !r.chunked) headers['content-length'] = String(body.length);
    const req = request({ host: '127.0.0.1', port, method: r.method, path: r.path, headers, setHost: !r.noHost && !('host' in headers), agent: false });
    const timer = setTimeout(() => (req.destroy(), reject(new Error(`no answer in ${timeoutMs} ms: ${r.method} ${r.path.slice(0, 120)}`))), timeoutMs);
    let answered = false;
    req.on('response', (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => (clearTimeout(timer), resolve({ status: res.statusCode!, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') })));
      res.on('error', (e) => (clearTimeout(timer), reject(e)));
    });
    // The server may answer (413) and close before the whole body is written: that is not a failure.
    req.on('error', (e) => {
      if (!answered) (clearTimeout(timer), reject(e));
    });
    if (!body) return void req.end();
    let offset = 0;
    const pump = () => {
      while (offset < body.length && !req.destroyed) {
        const ok = req.write(body.subarray(offset, (offset += CHUNK)));
        if (!ok) return void req.once('drain', pump);
      }
      if (!req.destroyed) req.end();
    };
    pump();
  });
}

/** Writes raw bytes on a TCP connection and returns everything the server sent back before closing. */
export function rawSocket(port: number, bytes: string, timeoutMs = 15_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => (socket.destroy(), reject(new Error(`connection not closed in ${timeoutMs} ms: ${JSON.stringify(bytes.slice(0, 60))}`))), timeoutMs);
    socket.on('data', (c) => chunks.push(c));
    socket.on('error', (e) => (clearTimeout(timer), reject(e)));
    socket.on('close', () => (clearTimeout(timer), resolve(Buffer.concat(chunks).toString('utf8'))));
    socket.end(bytes);
  });
}
