import type { z } from 'zod';
import { contract, type Input, type Method } from './contract.ts';
import { invalid } from './errors.ts';

const describe = (issues: z.core.$ZodIssue[]): string =>
  issues
    .slice(0, 5)
    .map((i) => `${i.path.length ? i.path.join('.') : '(body)'}: ${i.message}`)
    .join('; ');

/** Validates a caller's input for `method`; a bad input becomes a 400 naming each problem. */
export function validate<K extends Method>(method: K, raw: unknown): Input<K> {
  const parsed = contract[method].input.safeParse(raw ?? {});
  if (!parsed.success) throw invalid(describe(parsed.error.issues));
  return parsed.data as Input<K>;
}

export function isMethod(name: unknown): name is Method {
  return typeof name === 'string' && Object.hasOwn(contract, name);
}
