import { useState } from 'react';
import { saveApiKey } from './api-key.ts';
import { Header } from './components/Header.tsx';
import { KeyPrompt } from './components/KeyPrompt.tsx';
import { AgentRow, EnvironmentRow } from './components/rows.tsx';
import { ResourcePanel } from './components/ResourcePanel.tsx';
import { keyRefused, useDockhand } from './store.ts';
import { httpClient } from './transports/http.ts';

export function App() {
  const { client, agents, environments, setClient, refresh } = useDockhand();
  const [refreshing, setRefreshing] = useState(false);
  const refused = keyRefused({ agents, environments });

  if (!client || refused) {
    return (
      <div className="app">
        <Header />
        <KeyPrompt
          refused={refused}
          onKey={(key) => {
            saveApiKey(key);
            setClient(httpClient(window.location.origin, key));
          }}
        />
      </div>
    );
  }

  const onRefresh = async () => {
    setRefreshing(true);
    await refresh();
    setRefreshing(false);
  };

  return (
    <div className="app">
      <Header transport={client.transport} onRefresh={onRefresh} refreshing={refreshing} />
      <main className="overview">
        <ResourcePanel
          title="Agents"
          subtitle="Model, system prompt and tools, versioned"
          data={agents}
          empty={{
            title: 'No agents yet',
            hint: (
              <>
                Agents created through the API (<code>client.beta.agents.create</code>) appear here.
              </>
            ),
          }}
          row={(agent) => <AgentRow key={agent.id} agent={agent} />}
        />
        <ResourcePanel
          title="Environments"
          subtitle="Container templates: packages and networking"
          data={environments}
          empty={{
            title: 'No environments yet',
            hint: (
              <>
                Environments created through the API (<code>client.beta.environments.create</code>) appear here.
              </>
            ),
          }}
          row={(env) => <EnvironmentRow key={env.id} env={env} />}
        />
      </main>
    </div>
  );
}
