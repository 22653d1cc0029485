import { z } from 'zod';
import { Upload } from '../payloads.ts';
import { PageParams, idOf } from './common.ts';

export const SkillId = idOf('skill');
/** A version id: digits (epoch microseconds, as the official API's), or `latest` where a reference takes it. */
const Version = z.string().regex(/^\d{1,20}$/, 'must be a version id (digits)');

/** A folder's files (one part each, named by its path under the folder) or one zip. */
const Files = z.preprocess((v) => (v === undefined || Array.isArray(v) ? v : [v]), z.array(Upload).min(1, 'files: send the skill folder\'s files, or one zip'));

export const SkillCreate = z.strictObject({
  files: Files,
  display_name: z.string().trim().max(255).regex(/^[^\r\n]*$/, 'display_name is a single line').nullish(),
});
export const SkillList = z.object({ ...PageParams, source: z.enum(['custom', 'anthropic']).nullish() });
export const SkillRef = z.object({ skill_id: SkillId });

export const SkillVersionCreate = z.strictObject({ skill_id: SkillId, files: Files });
export const SkillVersionList = z.object({ skill_id: SkillId, ...PageParams });
export const SkillVersionRef = z.object({ skill_id: SkillId, version: Version });
