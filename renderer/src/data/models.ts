// Known models (resources/models.json: names and context windows) for pickers, and the one price table
// (resources/prices.json, shared with core) for the rates shown beside them. Session costs are not priced
// here: core prices every session (`usage.list_cost`) and the renderer shows that figure.
import table from '../../../resources/models.json';
import prices from '../../../resources/prices.json';
import type { ModelPrices, PriceTable } from '../../../electron/core/api/prices.ts';
import type { Session } from './types.ts';

export interface KnownModel {
  id: string;
  name: string;
  contextWindow: number | null;
  note?: string;
}

export const MODELS: readonly KnownModel[] = table.models;
const PRICE_TABLE = prices as PriceTable;
/** When the prices were checked, for the "estimate" note beside every cost. */
export const PRICES_TAKEN_AT: string = PRICE_TABLE.date;

const byId = new Map(MODELS.map((m) => [m.id, m]));
export const knownModel = (id: string): KnownModel | undefined => byId.get(id);
export const modelName = (id: string): string => byId.get(id)?.name ?? id;
/** A model's list rates; a dated id (`claude-haiku-4-5-20251001`) has its base id's, as core prices it. */
export const modelRates = (id: string): ModelPrices | undefined => PRICE_TABLE.models[id.replace(/\[1m\]$/, '').replace(/-\d{8}$/, '')];

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

/**
 * The session's estimated list cost in USD as core priced it; null when its model has no prices. Core counts
 * whole cents, so tokens that round to no cent come back as a fraction of one (shown as "<$0.01", not "$0.00").
 */
export function sessionCost(usage: Session['usage']): number | null {
  const cost = usage.list_cost;
  if (!cost) return null;
  const cents = Number(cost.amount);
  return (cents === 0 && usageTotals(usage).total > 0 ? 0.5 : cents) / 100;
}
