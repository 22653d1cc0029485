// Estimated cost of a session's tokens at list prices (resources/prices.json).
import type { BetaMonetaryAmount } from '@anthropic-ai/sdk/resources/beta/beta';
import type { BetaManagedAgentsSessionUsageSnapshot } from '@anthropic-ai/sdk/resources/beta/sessions/events';
import type { BetaManagedAgentsSessionUsage } from '@anthropic-ai/sdk/resources/beta/sessions/sessions';
import type { ModelPrices, PriceTable } from './api/prices.ts';
import table from '../../resources/prices.json' with { type: 'json' };

export const PRICES = table as PriceTable;

/** The prices of a model id; `claude-haiku-4-5-20251001` and `claude-sonnet-4-6[1m]` are priced as their base ids. */
export function pricesOf(model: string): ModelPrices | undefined {
  const base = model.replace(/\[1m\]$/, '').replace(/-\d{8}$/, '');
  return Object.hasOwn(PRICES.models, base) ? PRICES.models[base] : undefined;
}

/** What the tokens cost at list prices in US dollars, unrounded (charts add many small figures); undefined for a model without prices. */
export function listDollars(u: BetaManagedAgentsSessionUsage, model: string): number | undefined {
  const p = pricesOf(model);
  if (!p) return undefined;
  return (
    ((u.input_tokens ?? 0) * p.input +
      (u.output_tokens ?? 0) * p.output +
      (u.cache_read_input_tokens ?? 0) * p.cache_read +
      (u.cache_creation?.ephemeral_5m_input_tokens ?? 0) * p.cache_write_5m +
      (u.cache_creation?.ephemeral_1h_input_tokens ?? 0) * p.cache_write_1h) /
    1_000_000
  );
}

/** What the tokens cost at list prices, in cents as the official amount says it; undefined for a model without prices. */
export function listCost(u: BetaManagedAgentsSessionUsage, model: string): BetaMonetaryAmount | undefined {
  const dollars = listDollars(u, model);
  return dollars === undefined ? undefined : { amount: String(Math.round(dollars * 100)), currency: 'USD' };
}

/** The token counts with their estimated list cost, when the model has prices: a session's `usage` and a `session.usage` snapshot. */
export function priced(u: BetaManagedAgentsSessionUsage, model: string): BetaManagedAgentsSessionUsageSnapshot {
  const cost = listCost(u, model);
  return {
    input_tokens: u.input_tokens ?? 0,
    output_tokens: u.output_tokens ?? 0,
    cache_read_input_tokens: u.cache_read_input_tokens ?? 0,
    cache_creation: { ephemeral_5m_input_tokens: u.cache_creation?.ephemeral_5m_input_tokens ?? 0, ephemeral_1h_input_tokens: u.cache_creation?.ephemeral_1h_input_tokens ?? 0 },
    ...(cost && { list_cost: cost }),
  };
}
