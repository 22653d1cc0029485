// Everything the API holds, read through the official SDK (auto-paginating in small pages), so two
// moments of one data directory can be compared with a deep equality.
import type Anthropic from '@anthropic-ai/sdk';

const all = async <T>(items: AsyncIterable<T>): Promise<T[]> => {
  const out: T[] = [];
  for await (const x of items) out.push(x);
  return out;
};

export async function snapshot(client: Anthropic) {
  const agents = await all(client.beta.agents.list({ include_archived: true, limit: 2 }));
  const versions = await Promise.all(agents.map((a) => all(client.beta.agents.versions.list(a.id, { limit: 2 }))));
  const environments = await all(client.beta.environments.list({ include_archived: true, limit: 2 }));
  // `stats.duration_seconds` is the session's age at the time of reading, so it is left out.
  const sessions = (await all(client.beta.sessions.list({ include_archived: true, limit: 2 }))).map(({ stats: _, ...s }) => s);
  const events = await Promise.all(sessions.map((s) => all(client.beta.sessions.events.list(s.id, { limit: 7 }))));
  const files = await all(client.beta.files.list({ limit: 5 }));
  return { agents, versions, environments, sessions, events, files };
}
