import { z } from 'zod';
import { SessionId } from './common.ts';

/** A path inside the outputs folder: relative, `/` between names, no `.` or `..` steps. */
const OutputPath = z
  .string()
  .min(1)
  .max(1024)
  .refine((p) => !p.includes('\0') && !p.includes('\\'), 'must not contain NUL or backslashes')
  .refine((p) => p.split('/').every((s) => s !== '' && s !== '.' && s !== '..'), 'must be a relative path like reports/out.txt, without . or .. steps');

export const OutputRef = z.object({ session_id: SessionId, path: OutputPath });
