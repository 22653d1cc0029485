// A session's spend ceiling (`budget.max_list_cost`), as the official API sets and enforces it: only
// for models with a list price, set at creation (an update may replace or remove it, never add one
// back), never lowered to what the session has already spent. The brain stops a session that has
// reached it (stop_reason budget_reached) before asking the model again.
import type { BetaManagedAgentsSession } from '@anthropic-ai/sdk/resources/beta/sessions/sessions';
import { invalid } from '../api/errors.ts';
import { listCost, pricesOf } from '../prices.ts';
import type { SessionBody } from '../store/sessions.ts';

type Budget = NonNullable<BetaManagedAgentsSession['budget']>;

/** The session's list cost so far, in cents (0 for a model without prices). */
export const spentCents = (usage: BetaManagedAgentsSession['usage'], model: string): number => Number(listCost(usage, model)?.amount ?? 0);

export function checkBudgetable(model: string): void {
  if (!pricesOf(model)) throw invalid(`model ${model} has no list price (resources/prices.json), so a budget cannot be enforced for it`, 'model_not_budgetable');
}

/** The budget after an update's `budget` (undefined: kept; null: removed; an object: replaces it). */
export function updatedBudget(body: SessionBody, patch: Budget | null | undefined, spent: number, model: string): Pick<SessionBody, 'budget' | 'budget_removed'> {
  const kept = { budget: body.budget ?? null, budget_removed: body.budget_removed };
  if (patch === undefined) return kept;
  if (patch === null) return { budget: null, budget_removed: body.budget_removed || !!body.budget };
  if (!body.budget) {
    throw body.budget_removed
      ? invalid("this session's budget was removed, and a removed budget cannot be added back", 'budget_create_only')
      : invalid('a budget can only be set when the session is created', 'budget_create_only');
  }
  checkBudgetable(model);
  if (Number(patch.max_list_cost.amount) <= spent)
    throw invalid(`max_list_cost ${patch.max_list_cost.amount} is at or below what the session has already spent (${spent} cents): raise it above that`, 'budget_not_raised');
  return { budget: patch, budget_removed: body.budget_removed };
}

/** Whether the session has spent its budget: no more model requests until it is raised or removed. */
export const budgetReached = (body: SessionBody, usage: BetaManagedAgentsSession['usage'], model: string): boolean =>
  !!body.budget && spentCents(usage, model) >= Number(body.budget.max_list_cost.amount);
