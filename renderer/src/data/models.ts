// Known models (resources/models.json): names, context windows and list prices, for pickers and cost
// estimates. Any other model id is allowed; it simply has no estimate.
import table from '../../../resources/models.json';
import type { Session } from './types.ts';

export interface ModelPrice {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
  cacheWrite1h: number;
}

export interface KnownModel {
  id: string;
  name: string;
  contextWindow: number | null;
  price: ModelPrice;
  note?: string;
}

export const MODELS: readonly KnownModel[] = table.models;
/** When the prices were taken, for the "estimate" note beside every cost. */
export const PRICES_TAKEN_AT: string = table.takenAt;
export const PRICES_SOURCE: string = table.source;

const byId = new Map(MODELS.map((m) => [m.id, m]));
export const knownModel = (id: string): KnownModel | undefined => byId.get(id);
export const modelName = (id: string): string => byId.get(id)?.name ?? id;

export interface UsageTotals {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite5m: number;
  cacheWrite1h: number;
  total: number;
}

export function usageTotals(usage: Session['usage']): UsageTotals {
  const input = usage.input_tokens ?? 0;
  const output = usage.output_tokens ?? 0;
  const cacheRead = usage.cache_read_input_tokens ?? 0;
  const cacheWrite5m = usage.cache_creation?.ephemeral_5m_input_tokens ?? 0;
  const cacheWrite1h = usage.cache_creation?.ephemeral_1h_input_tokens ?? 0;
  return { input, output, cacheRead, cacheWrite5m, cacheWrite1h, total: input + output + cacheRead + cacheWrite5m + cacheWrite1h };
}

/** An estimate in USD at list prices; null when the model's price is unknown. */
export function estimateCost(modelId: string, usage: Session['usage']): number | null {
  const p = byId.get(modelId)?.price;
  if (!p) return null;
  const u = usageTotals(usage);
  return (u.input * p.input + u.output * p.output + u.cacheRead * p.cacheRead + u.cacheWrite5m * p.cacheWrite + u.cacheWrite1h * p.cacheWrite1h) / 1_000_000;
}
