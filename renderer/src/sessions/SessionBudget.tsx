// A session's budget (budget.max_list_cost): what it is, what the session has spent against it, and
// raising or removing it through sessions.update. What core refuses shows under the field, in words.
import { useState, type FormEvent } from 'react';
import { Badge, Button, ConfirmDialog, Field, TextInput, formatCents, toast } from '../ui/index.ts';
import { DockhandError, updateSession, type Session } from '../data/index.ts';

type Budget = NonNullable<Session['budget']>;

const spentOf = (session: Session) => session.usage.list_cost ?? { amount: '0', currency: 'USD' as const };
const reached = (session: Session, budget: Budget) => Number(spentOf(session).amount) >= Number(budget.max_list_cost.amount);

/** The budget fact's value: none, or what was spent of it (and whether it stopped the session). */
export function BudgetFact({ session }: { session: Session }) {
  const budget = session.budget;
  if (!budget) return <>None</>;
  return (
    <>
      {formatCents(spentOf(session))} spent of {formatCents(budget.max_list_cost)} {reached(session, budget) && <Badge tone="warning">Reached</Badge>}
    </>
  );
}

/** Dollars as typed ("5", "$2.50") in whole cents; null when it is not an amount. */
function toCents(text: string): number | null {
  const m = /^\$?\s*(\d{1,9})(?:\.(\d{1,2}))?$/.exec(text.trim());
  return m ? Number(m[1]) * 100 + Number((m[2] ?? '0').padEnd(2, '0')) : null;
}

/** Core's refusal in words the user can act on. */
function refusal(err: unknown, session: Session): string {
  if (!(err instanceof DockhandError)) return String(err);
  switch (err.code) {
    case 'budget_not_raised':
      return `The new budget must be more than the ${formatCents(spentOf(session))} the session has already spent.`;
    case 'budget_create_only':
      return 'This session’s budget was removed, and a removed budget cannot be added back.';
    case 'model_not_budgetable':
      return 'This session’s model has no list price, so no budget can be enforced for it.';
  }
  return `Could not change the budget: ${err.message}`;
}

/** Raise (or replace) and remove: only for a session that has a budget and can still change. */
export function BudgetForm({ session }: { session: Session }) {
  const [amount, setAmount] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<'raise' | 'remove' | null>(null);
  const [confirming, setConfirming] = useState(false);
  const current = session.budget;
  if (!current || session.status === 'terminated') return null;

  const change = async (budget: Budget | null, done: string) => {
    setBusy(budget ? 'raise' : 'remove');
    setError(null);
    try {
      await updateSession({ session_id: session.id, budget });
      setAmount('');
      toast(done, { tone: 'success' });
    } catch (err) {
      setError(refusal(err, session));
    } finally {
      setBusy(null);
      setConfirming(false);
    }
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const cents = toCents(amount);
    if (cents === null || cents === 0) return setError('Enter an amount in dollars, like 5 or 2.50.');
    const budget: Budget = { type: 'limit', max_list_cost: { amount: String(cents), currency: 'USD' } };
    const raised = cents > Number(current.max_list_cost.amount);
    void change(budget, `Budget ${raised ? 'raised' : 'lowered'} to ${formatCents(budget.max_list_cost)}`);
  };

  return (
    <form className="budget-form" onSubmit={submit} aria-label="Change the budget">
      <Field label="New budget (US dollars)" hint="More than the session has spent. It applies from the next model request." error={error}>
        <TextInput value={amount} onChange={(e) => setAmount(e.target.value)} inputMode="decimal" autoComplete="off" placeholder="e.g. 5.00" />
      </Field>
      <div className="budget-actions">
        <Button type="submit" variant="primary" size="sm" busy={busy === 'raise'} disabled={!!busy}>
          Set budget
        </Button>
        <Button variant="ghost" size="sm" disabled={!!busy} onClick={() => setConfirming(true)}>
          Remove budget
        </Button>
      </div>
      <ConfirmDialog
        open={confirming}
        onOpenChange={setConfirming}
        title="Remove the budget?"
        description="The session may then spend without a limit, and a removed budget cannot be added back."
        confirmLabel="Remove budget"
        danger
        busy={busy === 'remove'}
        onConfirm={() => void change(null, 'Budget removed')}
      />
    </form>
  );
}
