import { useState } from 'react';
import { Sparkles } from 'lucide-react';
import { AgentIcon, Button, EmptyState, NewIcon, toast } from '../ui/index.ts';
import { createSamples, DockhandError } from '../data/index.ts';
import { href, navigate } from '../app/routes.ts';

/** First launch: what an agent is, and a working sample to start from. */
export function SampleOffer() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const create = async () => {
    setBusy(true);
    setError(null);
    try {
      const { agent, environment } = await createSamples();
      toast('Sample agent and environment created', { tone: 'success', description: `${agent.name} · ${environment.name}` });
      navigate(href.agent(agent.id));
    } catch (err) {
      setError(err instanceof DockhandError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <EmptyState
      icon={AgentIcon}
      title="No agents yet"
      actions={
        <>
          <Button variant="primary" icon={Sparkles} busy={busy} onClick={() => void create()}>
            Start from a sample
          </Button>
          <Button icon={NewIcon} onClick={() => navigate(href.newAgent())}>
            New agent
          </Button>
        </>
      }
    >
      <p>
        An agent is a model, a system prompt and the tools it may use. It runs in an environment (a sandbox template) as a session. The sample gives you
        a code helper that asks before running commands, and a sandbox that can reach package registries only.
      </p>
      {error && (
        <p className="field-error" role="alert">
          Could not create the sample: {error}
        </p>
      )}
    </EmptyState>
  );
}
