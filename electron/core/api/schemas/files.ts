import { z } from 'zod';
import { Upload } from '../payloads.ts';
import { FileId, PageParams, SessionId, queryArray, queryInt } from './common.ts';

export const FileUpload = z.strictObject({
  file: Upload,
  /** Official bounds: one hour to ninety days. */
  expires_in_seconds: queryInt(3600, 7_776_000).optional(),
});

export const FileList = z
  .object({
    ...PageParams,
    ids: queryArray(FileId).optional(),
    scope_id: SessionId.optional(),
  })
  .refine((q) => !q.ids || (q.page == null && q.limit === undefined), { path: ['ids'], message: 'ids cannot be combined with page or limit' });

export const FileRef = z.object({ file_id: FileId });
