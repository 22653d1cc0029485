// Bytes that cross the API: files a client uploads and files an operation answers with. Over HTTP
// both stream (a multipart part is staged to disk as it arrives; a download is piped from disk), so
// neither is ever held whole in memory. The RPC path and IPC carry plain data instead: an upload as
// base64 within the body limit, a download as base64 up to INLINE_LIMIT.
import type { Readable } from 'node:stream';
import { z } from 'zod';
import { ApiError } from './errors.ts';

/** A file part of a multipart request, already on disk in the data directory's staging folder. */
export class StagedFile {
  constructor(
    /** Where the HTTP server staged it; the operation moves it away or the server removes it. */
    readonly path: string,
    /** The part's filename as sent (a path for skill folders), or '' when it had none. */
    readonly filename: string,
    readonly mime_type: string,
    readonly size: number,
    /** Hex SHA-256 of the content, computed as it streamed in. */
    readonly sha256: string,
  ) {}
}

/** A file sent inside a JSON body (RPC path, IPC): its content in base64. */
export const InlineFile = z.strictObject({
  type: z.literal('inline'),
  filename: z.string().max(1024),
  mime_type: z.string().max(255).optional(),
  data: z.base64(),
});
export type InlineFile = z.output<typeof InlineFile>;

/** An uploaded file, whichever way it came. */
export const Upload = z.union([z.instanceof(StagedFile), InlineFile]);
export type Upload = z.output<typeof Upload>;

/** A file an operation answers with: HTTP streams it as the response body. */
export class FileContent {
  constructor(
    readonly filename: string,
    readonly mime_type: string,
    readonly size: number,
    /** Opens the content; called once, when the response is written. */
    readonly open: () => Readable,
  ) {}
}

/** The most a download carries inline (base64 in JSON) over the RPC path and IPC. */
export const INLINE_LIMIT = 32 * 1024 * 1024;

/** What a FileContent becomes where only plain data travels. */
export interface InlineContent {
  type: 'file_content';
  filename: string;
  mime_type: string;
  size: number;
  encoding: 'base64';
  data: string;
}

/** A result as plain data: a FileContent is read (within INLINE_LIMIT) into base64; anything else is itself. */
export async function toPlain(result: unknown): Promise<unknown> {
  if (!(result instanceof FileContent)) return result;
  if (result.size > INLINE_LIMIT) throw new ApiError('request_too_large', `${result.filename} is ${result.size} bytes; inline downloads carry at most ${INLINE_LIMIT}: use the HTTP route, which streams it`);
  const chunks: Buffer[] = [];
  for await (const chunk of result.open()) chunks.push(chunk as Buffer);
  const data = Buffer.concat(chunks).toString('base64');
  return { type: 'file_content', filename: result.filename, mime_type: result.mime_type, size: result.size, encoding: 'base64', data } satisfies InlineContent;
}
