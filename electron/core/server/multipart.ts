// multipart/form-data bodies, for the routes that take uploads only. Parsed as they stream in (busboy):
// each file part goes straight to a staging file in the data directory, hashed on the way, so no upload
// is ever held in memory; text fields are small and few. Past the size cap the upload is refused (413)
// and everything staged for it is removed.
import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import busboy from 'busboy';
import { ApiError, invalid } from '../api/errors.ts';
import { StagedFile } from '../api/payloads.ts';
import { TooLarge, type BlobStore } from '../store/blobs.ts';

export interface UploadLimits {
  /** Bytes of all file parts of one request together. */
  maxBytes: number;
  /** File parts in one request (a skill's folder is one part per file). */
  maxFiles?: number;
}

const MAX_FIELDS = 32;
const MAX_FIELD_BYTES = 64 * 1024;
/** Bytes beyond the files that the parts' headers and fields may take. */
const OVERHEAD = 1024 * 1024;

export const isMultipart = (req: IncomingMessage) => /^multipart\/form-data\b/i.test(req.headers['content-type'] ?? '');

type Value = string | StagedFile;

/**
 * Reads a multipart body into fields: `name[]` (or a repeated name) becomes a list, a file part a
 * StagedFile. Resolves once every part is on disk; on any failure rejects with a 4xx ApiError after
 * removing what it staged. The caller removes the staged files it does not keep (see `staged`).
 */
export async function readMultipart(req: IncomingMessage, blobs: BlobStore, limits: UploadLimits, staged: StagedFile[]): Promise<Record<string, Value | Value[]>> {
  const maxFiles = limits.maxFiles ?? 1000;
  const tooLarge = () => new ApiError('request_too_large', `upload exceeds ${limits.maxBytes} bytes`);
  if (Number(req.headers['content-length']) > limits.maxBytes + OVERHEAD) throw tooLarge();
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: req.headers,
      preservePath: true,
      defParamCharset: 'utf8',
      limits: { fields: MAX_FIELDS, fieldSize: MAX_FIELD_BYTES, files: maxFiles, fileSize: limits.maxBytes + 1, parts: MAX_FIELDS + maxFiles },
    });
  } catch (err) {
    throw invalid(`malformed multipart request: ${(err as Error).message}`);
  }

  const out: Record<string, Value | Value[]> = {};
  const put = (rawName: string, v: Value) => {
    const list = rawName.endsWith('[]');
    const name = list ? rawName.slice(0, -2) : rawName;
    if (!name || name === '__proto__') throw invalid(`multipart: bad field name ${JSON.stringify(rawName)}`);
    const prev = out[name];
    if (prev === undefined) out[name] = list ? [v] : v;
    else out[name] = Array.isArray(prev) ? [...prev, v] : [prev, v];
  };

  let failure: ApiError | undefined;
  let settle!: () => void;
  const done = new Promise<void>((resolve) => (settle = resolve));
  // After a failure the parser is left behind: the rest of the body is read and dropped, so the client
  // hears the answer, and the answer goes once the body has ended.
  const open = new Set<Readable>();
  const fail = (err: ApiError) => {
    if (failure) return;
    failure = err;
    req.unpipe(parser);
    // Parts still being written stop here: their staging files are removed.
    for (const s of open) s.destroy(new Error('the upload was refused'));
    if (req.readableEnded || req.destroyed) return settle();
    req.on('end', settle);
    req.resume();
  };
  let fileBytes = 0;
  let received = 0;
  const writes: Promise<void>[] = [];

  parser.on('file', (name, stream, info) => {
    if (failure) return void stream.resume();
    open.add(stream);
    stream.on('close', () => open.delete(stream));
    writes.push(
      blobs.stage(stream, limits.maxBytes).then(
        (s) => {
          const file = new StagedFile(s.path, info.filename ?? '', info.mimeType || 'application/octet-stream', s.size, s.sha256);
          staged.push(file);
          if (failure) return;
          try {
            put(name, file);
          } catch (err) {
            fail(err as ApiError);
          }
        },
        (err: unknown) => fail(err instanceof TooLarge ? tooLarge() : invalid(`multipart: file part ${JSON.stringify(info.filename ?? name)} could not be read: ${(err as Error).message}`)),
      ),
    );
    stream.on('data', (chunk: Buffer) => {
      if ((fileBytes += chunk.length) > limits.maxBytes) fail(tooLarge());
    });
  });
  parser.on('field', (name, value, info) => {
    if (failure) return;
    if (info.valueTruncated) return fail(invalid(`multipart: field ${name} is longer than ${MAX_FIELD_BYTES} bytes`));
    try {
      put(name, value);
    } catch (err) {
      fail(err as ApiError);
    }
  });
  parser.on('filesLimit', () => fail(invalid(`multipart: more than ${maxFiles} files in one request`)));
  parser.on('fieldsLimit', () => fail(invalid(`multipart: more than ${MAX_FIELDS} fields in one request`)));
  parser.on('partsLimit', () => fail(invalid('multipart: too many parts in one request')));
  parser.on('close', () => settle());
  parser.on('error', (err: Error) => fail(invalid(`malformed multipart request: ${err.message}`)));
  const cutOff = () => (fail(invalid('the request was cut off before its end')), settle());
  req.on('error', cutOff);
  req.on('close', () => !req.complete && cutOff());
  // A client that goes on sending far past the cap (no length given) is cut off.
  req.on('data', (chunk: Buffer) => {
    if ((received += chunk.length) > limits.maxBytes + OVERHEAD) {
      fail(tooLarge());
      if (received > 2 * (limits.maxBytes + OVERHEAD)) req.destroy();
    }
  });
  req.pipe(parser);

  await done;
  await Promise.all(writes);
  if (failure) throw failure;
  return out;
}
