// The Files API: uploads kept content-addressed in the data directory, metadata in SQLite, downloads
// streamed from disk. Session outputs join them as files scoped to their session (see captureOutputs).
import type { BetaFileMetadata } from '@anthropic-ai/sdk/resources/beta/files';
import type { Services } from '../api/contract.ts';
import { ApiError, invalid, notFound } from '../api/errors.ts';
import { FileContent, StagedFile, type Upload } from '../api/payloads.ts';
import type { BlobStore } from '../store/blobs.ts';
import { newId, now } from '../store/ids.ts';
import type { Store } from '../store/index.ts';
import { pageSize } from './metadata.ts';
import { extensionFor, mediaTypeOf } from './mime.ts';

type FileServices = Pick<Services, 'files.upload' | 'files.list' | 'files.retrieveMetadata' | 'files.download' | 'files.delete'>;

/** Only the final path component of a part's filename is kept, as the official API does. */
function cleanName(raw: string, mediaType: string): string {
  // eslint-disable-next-line no-control-regex
  const name = (raw.split(/[\\/]/).pop() ?? '').replace(/[\u0000-\u001f\u007f]/g, '').slice(0, 255);
  return name || `unnamed${extensionFor(mediaType)}`;
}

/** Stores an upload's bytes (moving a staged file into place, or writing inline bytes); returns their hash and size. */
export function keepUpload(blobs: BlobStore, upload: Upload): { sha256: string; size: number } {
  if (upload instanceof StagedFile) return { sha256: blobs.adopt(upload), size: upload.size };
  const data = Buffer.from(upload.data, 'base64');
  return { sha256: blobs.put(data), size: data.length };
}

export interface NewFile {
  sha256: string;
  size: number;
  filename: string;
  mimeType: string;
  expiresAt?: string | null;
  scope?: BetaFileMetadata['scope'];
}

/** Records a stored blob as a file; returns its metadata. */
export function recordFile(store: Store, f: NewFile, outputPath?: string): BetaFileMetadata | undefined {
  const file: BetaFileMetadata = {
    id: newId('file'),
    type: 'file',
    filename: f.filename,
    mime_type: f.mimeType,
    size_bytes: f.size,
    created_at: now(),
    downloadable: true,
    expires_at: f.expiresAt ?? null,
    scope: f.scope ?? null,
  };
  return store.files.insert(file, f.sha256, outputPath) ? file : undefined;
}

const expired = (f: BetaFileMetadata) => f.expires_at != null && Date.parse(f.expires_at) <= Date.now();

export function fileServices(store: Store, blobStore: BlobStore | undefined): FileServices {
  const blobs = (): BlobStore => {
    if (!blobStore) throw invalid('files are kept in a data directory, and this Dockhand runs without one');
    return blobStore;
  };
  /** A file that exists and has not expired. */
  const live = (id: string) => {
    const row = store.files.get(id);
    if (!row) throw notFound('file', id);
    if (expired(row.file)) throw new ApiError('not_found_error', `file ${id} expired at ${row.file.expires_at}`, 'file_expired');
    return row;
  };

  return {
    async 'files.upload'({ file, expires_in_seconds }) {
      const mimeType = mediaTypeOf(file.filename, file.mime_type);
      const { sha256, size } = keepUpload(blobs(), file);
      const expiresAt = expires_in_seconds ? new Date(Date.now() + expires_in_seconds * 1000).toISOString() : null;
      return recordFile(store, { sha256, size, filename: cleanName(file.filename, mimeType), mimeType, expiresAt })!;
    },

    async 'files.list'({ ids, scope_id, limit, page }) {
      if (ids) return { data: store.files.some([...new Set(ids)]).map((r) => r.file).filter((f) => !expired(f)), next_page: null };
      const res = store.files.list(scope_id, pageSize(limit), page);
      return { data: res.rows.map((r) => r.file), next_page: res.next_page };
    },

    async 'files.retrieveMetadata'({ file_id }) {
      return live(file_id).file;
    },

    async 'files.download'({ file_id }) {
      const { file, sha256 } = live(file_id);
      return new FileContent(file.filename, file.mime_type, file.size_bytes, () => blobs().open(sha256));
    },

    async 'files.delete'({ file_id }) {
      const gone = store.files.delete(file_id);
      if (!gone) throw notFound('file', file_id);
      if (gone.orphaned) blobs().remove(gone.sha256);
      return { id: file_id, type: 'file_deleted' };
    },
  };
}
