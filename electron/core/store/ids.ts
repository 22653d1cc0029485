import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** A new id in the official style: `prefix_` and 24 base62 characters (~142 random bits). */
export function newId(prefix: 'agent' | 'env' | 'sesn' | 'sevt' | 'sesrsc' | 'vlt' | 'vcrd' | 'file' | 'outc' | 'skill'): string {
  const bytes = randomBytes(24);
  let out = '';
  for (const b of bytes) out += ALPHABET[b % 62];
  return `${prefix}_${out}`;
}

export const now = (): string => new Date().toISOString();
