// A session's facts: its agent and version, model, environment, times, tokens, estimated cost and
// budget, which can be raised or removed here (its resources show in the sandbox panel, where they are mounted).
import { Badge, Facts, Section, formatDateTime, formatTokens, formatUsd } from '../ui/index.ts';
import { sessionCost, modelName, PRICES_TAKEN_AT, useEnvironment, usageTotals, type Session } from '../data/index.ts';
import { href } from '../app/routes.ts';
import { BudgetFact, BudgetForm } from './SessionBudget.tsx';

export function SessionFacts({ session }: { session: Session }) {
  const env = useEnvironment(session.environment_id);
  const usage = usageTotals(session.usage);
  return (
    <Section title="Session">
      <Facts
        items={[
          { label: 'Id', value: <code>{session.id}</code> },
          {
            label: 'Agent',
            value: (
              <>
                <a href={href.agent(session.agent.id)}>{session.agent.name}</a> <Badge>v{session.agent.version}</Badge>
              </>
            ),
          },
          { label: 'Model', value: modelName(session.agent.model.id) },
          { label: 'Environment', value: <a href={href.environment(session.environment_id)}>{env.state === 'ready' ? env.item.name : session.environment_id}</a> },
          { label: 'Created', value: formatDateTime(session.created_at) },
          { label: 'Last activity', value: formatDateTime(session.updated_at) },
          { label: 'Tokens', value: `${formatTokens(usage.input)} in · ${formatTokens(usage.output)} out · ${formatTokens(usage.cacheRead)} cache read` },
          { label: 'Estimated cost', value: <span title={`At list prices taken ${PRICES_TAKEN_AT}; an estimate, not a bill.`}>{formatUsd(sessionCost(session.usage))} (estimate)</span> },
          { label: 'Budget', value: <BudgetFact session={session} /> },
        ]}
      />
      <BudgetForm session={session} />
    </Section>
  );
}
