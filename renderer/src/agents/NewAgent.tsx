// `#/agents/new`: the agent editor on a new agent; saving creates it and opens it at its own address.
import { Suspense, useState } from 'react';
import { LoadingState } from '../ui/index.ts';
import type { AgentTab } from './AgentEditor.tsx';
import { AgentEditor } from './AgentScreen.tsx';

export function NewAgent() {
  const [tab, setTab] = useState<AgentTab>('form');
  return (
    <Suspense fallback={<LoadingState label="Opening the editor…" />}>
      <AgentEditor agent={null} tab={tab} onTab={setTab} />
    </Suspense>
  );
}
