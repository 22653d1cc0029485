// API: events.send through a real `dockhand serve` child process with the official SDK client,
// against the most trivial request there is: listing agents on a second, identical server whose
// store is empty (so it does no store work worth the name), measured in alternating rounds.
import type { Served } from '../test/support/serve.ts';
import { message } from './payload.ts';
import { compare, type Row } from './stats.ts';

const COUNT = 1500;
const CAP_MS = 8000;
const CONCURRENCY = 8;

export async function apiBench(served: Served, empty: Served): Promise<Row[]> {
  const client = served.client();
  const emptyClient = empty.client();
  const trivial = async () => {
    const page = await emptyClient.beta.agents.list({ limit: 1 });
    if (page.data.length) throw new Error('the API baseline needs an empty store');
  };

  const agent = await client.beta.agents.create({ name: 'bench', model: 'claude-sonnet-4-6' });
  const env = await client.beta.environments.create({ name: 'bench-api' });
  const session = await client.beta.sessions.create({ agent: agent.id, environment_id: env.id });
  const send = (i: number) => client.beta.sessions.events.send(session.id, { events: [message(`api-${i}`)] });
  const payload = `${Buffer.byteLength(JSON.stringify({ events: [message('api-0')] }))} B request body, 1 event`;
  const baseName = 'GET /v1/agents?limit=1, twin server with an empty store';

  process.stderr.write('api: events.send, 1 in flight\n');
  const seq = await compare(trivial, send, { count: COUNT, capMs: CAP_MS, warmup: 50 });
  process.stderr.write(`api: events.send, ${CONCURRENCY} in flight\n`);
  const conc = await compare(trivial, send, { count: COUNT * 2, capMs: CAP_MS, warmup: CONCURRENCY * 2, concurrency: CONCURRENCY });

  return [
    {
      area: 'API',
      measure: 'events.send (SDK → dockhand serve), 1 in flight',
      payload,
      unit: 'events',
      timing: seq.subject,
      baseline: { name: `${baseName}, 1 in flight`, timing: seq.baseline },
    },
    {
      area: 'API',
      measure: `events.send, ${CONCURRENCY} in flight`,
      payload,
      unit: 'events',
      timing: conc.subject,
      baseline: { name: `${baseName}, ${CONCURRENCY} in flight`, timing: conc.baseline },
    },
  ];
}
