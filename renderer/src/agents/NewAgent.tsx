// `#/agents/new`: the agent editor on a new agent; saving creates it and opens it at its own address.
import { useState } from 'react';
import { LazyScreen } from '../app/LazyScreen.tsx';
import type { AgentTab } from './AgentEditor.tsx';
import { AgentEditor } from './AgentScreen.tsx';

export function NewAgent() {
  const [tab, setTab] = useState<AgentTab>('form');
  return (
    <LazyScreen label="Opening the editor…">
      <AgentEditor agent={null} tab={tab} onTab={setTab} />
    </LazyScreen>
  );
}
