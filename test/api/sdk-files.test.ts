// The Files API with the official SDK against a real `dockhand serve`: upload (multipart), list,
// retrieve, download, delete; bytes kept once per content in the data directory; and bad uploads
// (malformed multipart, over the cap, cut off) refused with a clear 4xx, nothing staged left behind,
// nothing written outside the data directory, the store intact.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Anthropic, { toFile } from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectApiError, shutDown } from '../support/fixtures.ts';
import { rawRequest } from '../support/raw-http.ts';
import { serve, type Served } from '../support/serve.ts';
import { integrityCheck, readDb } from '../support/store-file.ts';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** Every blob in the data directory's file store (staging aside), by hash. */
function blobs(dataDir: string): string[] {
  const root = join(dataDir, 'files');
  return readdirSync(root)
    .filter((d) => d !== 'staging')
    .flatMap((d) => readdirSync(join(root, d)))
    .sort();
}
const staging = (dataDir: string) => readdirSync(join(dataDir, 'files', 'staging'));
const fileRows = (dataDir: string) => readDb(dataDir, (db) => db.prepare('SELECT id, sha256 FROM files ORDER BY seq').all());

const CAP = 1_000_000; // --max-upload-mb 1

describe('Files API (official SDK)', () => {
  let server: Served;
  let client: Anthropic;
  // The server's TMPDIR: an upload must never be written there (or anywhere outside its data directory).
  const tmp = mkdtempSync(join(tmpdir(), 'dockhand-files-tmp-'));

  beforeAll(async () => {
    server = await serve({ args: ['--max-upload-mb', '1'], env: { TMPDIR: tmp } });
    client = server.client();
  });
  afterAll(async () => {
    // tsx (which runs the server) keeps its compile cache there; nothing else may appear.
    expect(readdirSync(tmp).filter((n) => !n.startsWith('tsx-'))).toEqual([]);
    rmSync(tmp, { recursive: true, force: true });
    expect(await shutDown(server)).toBe(0);
  });

  it('uploads a file, lists it, retrieves its metadata and downloads the same bytes', async () => {
    const bytes = randomBytes(700_000);
    const file = await client.beta.files.upload({ file: await toFile(bytes, 'reports/q3 data.bin') });
    expect(file).toMatchObject({ type: 'file', filename: 'q3 data.bin', size_bytes: bytes.length, mime_type: 'application/octet-stream', downloadable: true, scope: null, expires_at: null });
    expect(file.id).toMatch(/^file_[A-Za-z0-9]+$/);
    expect(await client.beta.files.retrieveMetadata(file.id)).toEqual(file);

    const listed = [];
    for await (const f of client.beta.files.list({ limit: 1 })) listed.push(f.id);
    expect(listed).toContain(file.id);

    const res = await client.beta.files.download(file.id);
    const back = Buffer.from(await res.arrayBuffer());
    expect(sha(back)).toBe(sha(bytes));
    expect(res.headers.get('content-length')).toBe(String(bytes.length));
    expect(blobs(server.dataDir)).toContain(sha(bytes));
  });

  it('takes the media type a client declares, or else the one its name implies', async () => {
    const md = await client.beta.files.upload({ file: await toFile(Buffer.from('# notes'), 'notes.md') });
    expect(md.mime_type).toBe('text/markdown');
    const csv = await client.beta.files.upload({ file: await toFile(Buffer.from('a,b'), 'x.dat', { type: 'text/csv' }) });
    expect(csv.mime_type).toBe('text/csv');
  });

  it('keeps the same content once: a blob goes only with the last file that holds it', async () => {
    const bytes = randomBytes(1000);
    const a = await client.beta.files.upload({ file: await toFile(bytes, 'a.bin') });
    const b = await client.beta.files.upload({ file: await toFile(bytes, 'b.bin') });
    expect(a.id).not.toBe(b.id);
    expect(blobs(server.dataDir).filter((h) => h === sha(bytes))).toHaveLength(1);

    expect(await client.beta.files.delete(a.id)).toEqual({ id: a.id, type: 'file_deleted' });
    expect(blobs(server.dataDir)).toContain(sha(bytes));
    expect(Buffer.from(await (await client.beta.files.download(b.id)).arrayBuffer())).toEqual(bytes);
    await client.beta.files.delete(b.id);
    expect(blobs(server.dataDir)).not.toContain(sha(bytes));

    await expectApiError(client.beta.files.retrieveMetadata(a.id), Anthropic.NotFoundError, 404, 'not_found_error');
    await expectApiError(client.beta.files.download(b.id), Anthropic.NotFoundError, 404, 'not_found_error');
    await expectApiError(client.beta.files.delete(b.id), Anthropic.NotFoundError, 404, 'not_found_error');
  });

  it('lists by ids (one page, deleted ones left out), with expiry set from expires_in_seconds', async () => {
    const kept = await client.beta.files.upload({ file: await toFile(Buffer.from('one'), 'one.txt'), expires_in_seconds: 3600 });
    expect(Date.parse(kept.expires_at!) - Date.parse(kept.created_at)).toBeGreaterThanOrEqual(3_599_000);
    const gone = await client.beta.files.upload({ file: await toFile(Buffer.from('two'), 'two.txt') });
    await client.beta.files.delete(gone.id);
    const page = await client.beta.files.list({ ids: [kept.id, gone.id, kept.id] });
    expect(page.data.map((f) => f.id)).toEqual([kept.id]);
    expect(page.next_page).toBeNull();
    await expectApiError(client.beta.files.list({ ids: [kept.id], limit: 5 }), Anthropic.BadRequestError, 400, 'invalid_request_error');
    await expectApiError(client.beta.files.upload({ file: await toFile(Buffer.from('x'), 'x.txt'), expires_in_seconds: 60 }), Anthropic.BadRequestError, 400, 'invalid_request_error');
  });

  it('an upload over the cap is refused with 413 and leaves nothing behind', async () => {
    const before = { rows: fileRows(server.dataDir), blobs: blobs(server.dataDir) };
    const err = await expectApiError(client.beta.files.upload({ file: await toFile(randomBytes(CAP + 1), 'big.bin') }), Anthropic.APIError, 413, 'request_too_large');
    expect(err.message).toContain(String(CAP));
    // Sent without a length (chunked), it is cut at the cap as it streams.
    const boundary = 'x-boundary';
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="big.bin"\r\ncontent-type: application/octet-stream\r\n\r\n`),
      randomBytes(CAP + 10),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const res = await rawRequest(server.port, { method: 'POST', path: '/v1/files', chunked: true, headers: { 'x-api-key': server.apiKey, 'content-type': `multipart/form-data; boundary=${boundary}` }, body });
    expect(res.status).toBe(413);
    expect(JSON.parse(res.text)).toMatchObject({ type: 'error', error: { type: 'request_too_large' } });
    expect({ rows: fileRows(server.dataDir), blobs: blobs(server.dataDir) }).toEqual(before);
    expect(staging(server.dataDir)).toEqual([]);
  });

  it('malformed multipart bodies get a clear 400 in the envelope; nothing is stored or staged', async () => {
    const before = { rows: fileRows(server.dataDir), blobs: blobs(server.dataDir) };
    const b = 'b0undary';
    const part = (headers: string, content: string) => `--${b}\r\n${headers}\r\n\r\n${content}\r\n`;
    const cases: { name: string; type: string; body: string }[] = [
      { name: 'no boundary', type: 'multipart/form-data', body: part('content-disposition: form-data; name="file"; filename="a.txt"', 'hi') + `--${b}--\r\n` },
      { name: 'cut off before its closing boundary', type: `multipart/form-data; boundary=${b}`, body: `--${b}\r\ncontent-disposition: form-data; name="file"; filename="a.txt"\r\n\r\nhalf a fi` },
      { name: 'a part without headers end', type: `multipart/form-data; boundary=${b}`, body: `--${b}\r\ncontent-disposition: form-data; name="file"` },
      { name: 'no file part', type: `multipart/form-data; boundary=${b}`, body: part('content-disposition: form-data; name="note"', 'hello') + `--${b}--\r\n` },
      { name: 'the file sent as a text field', type: `multipart/form-data; boundary=${b}`, body: part('content-disposition: form-data; name="file"', 'not a file') + `--${b}--\r\n` },
      { name: 'two file parts for one file', type: `multipart/form-data; boundary=${b}`, body: part('content-disposition: form-data; name="file"; filename="a"', 'a') + part('content-disposition: form-data; name="file"; filename="b"', 'b') + `--${b}--\r\n` },
      { name: 'an unknown field', type: `multipart/form-data; boundary=${b}`, body: part('content-disposition: form-data; name="file"; filename="a"', 'a') + part('content-disposition: form-data; name="purpose"', 'x') + `--${b}--\r\n` },
      { name: 'a bad expires_in_seconds', type: `multipart/form-data; boundary=${b}`, body: part('content-disposition: form-data; name="file"; filename="a"', 'a') + part('content-disposition: form-data; name="expires_in_seconds"', 'soon') + `--${b}--\r\n` },
      { name: 'multipart to a JSON route', type: `multipart/form-data; boundary=${b}`, body: part('content-disposition: form-data; name="name"', 'agent') + `--${b}--\r\n` },
    ];
    for (const c of cases) {
      const path = c.name === 'multipart to a JSON route' ? '/v1/agents' : '/v1/files';
      const res = await rawRequest(server.port, { method: 'POST', path, headers: { 'x-api-key': server.apiKey, 'content-type': c.type }, body: c.body });
      expect({ name: c.name, status: res.status }).toEqual({ name: c.name, status: 400 });
      const body = JSON.parse(res.text);
      expect(body).toMatchObject({ type: 'error', error: { type: 'invalid_request_error', message: expect.stringMatching(/\S/) } });
      expect(body.request_id).toBe(res.headers['request-id']);
    }
    expect({ rows: fileRows(server.dataDir), blobs: blobs(server.dataDir) }).toEqual(before);
    expect(staging(server.dataDir)).toEqual([]);
    expect(integrityCheck(server.dataDir)).toBe('ok');
  });

  it('a client that goes away mid-upload leaves nothing staged', async () => {
    const { request } = await import('node:http');
    const b = 'cut';
    await new Promise<void>((resolve) => {
      const req = request({ host: '127.0.0.1', port: server.port, method: 'POST', path: '/v1/files', headers: { 'x-api-key': server.apiKey, 'content-type': `multipart/form-data; boundary=${b}`, 'content-length': '500000' } });
      req.on('error', () => resolve());
      req.write(`--${b}\r\ncontent-disposition: form-data; name="file"; filename="a.bin"\r\n\r\n`);
      req.write(randomBytes(100_000), () => setTimeout(() => (req.destroy(), resolve()), 100));
    });
    // The server notices the connection is gone and removes the part it had staged.
    for (let i = 0; i < 100 && staging(server.dataDir).length; i++) await new Promise((r) => setTimeout(r, 50));
    expect(staging(server.dataDir)).toEqual([]);
    expect(await client.beta.files.list({ limit: 1 })).toBeTruthy(); // still serving
  });

  it('the RPC path (the renderer over HTTP, as over IPC) takes a file inline and answers a download inline', async () => {
    const call = async (method: string, input: unknown) => {
      const res = await rawRequest(server.port, { method: 'POST', path: `/dockhand/call/${method}`, headers: { 'x-api-key': server.apiKey, 'content-type': 'application/json' }, body: JSON.stringify(input) });
      return { status: res.status, body: JSON.parse(res.text) };
    };
    const up = await call('files.upload', { file: { type: 'inline', filename: 'in.txt', data: Buffer.from('inline bytes').toString('base64') } });
    expect(up.status).toBe(200);
    expect(up.body).toMatchObject({ type: 'file', filename: 'in.txt', size_bytes: 12, mime_type: 'text/plain' });
    const down = await call('files.download', { file_id: up.body.id });
    expect(down.body).toEqual({ type: 'file_content', filename: 'in.txt', mime_type: 'text/plain', size: 12, encoding: 'base64', data: Buffer.from('inline bytes').toString('base64') });
    expect(statSync(join(server.dataDir, 'files', sha(Buffer.from('inline bytes')).slice(0, 2), sha(Buffer.from('inline bytes')))).size).toBe(12);
    // A staged file cannot be forged in JSON: a path there is refused.
    const forged = await call('files.upload', { file: { path: '/etc/passwd', filename: 'x', mime_type: 'text/plain', size: 1, sha256: 'a'.repeat(64) } });
    expect(forged.status).toBe(400);
  });
});
