// kill -9 in the middle of a burst of event sends loses no event the server acknowledged: after a
// restart on the same data directory each one is there exactly once, in the order the senders saw,
// every session's sequence is gap-free, and SQLite finds the file sound. Repeated at three moments.
import type Anthropic from '@anthropic-ai/sdk';
import type { BetaManagedAgentsSessionEvent as SessionEvent } from '@anthropic-ai/sdk/resources/beta/sessions/events';
import { performance } from 'node:perf_hooks';
import { expect, it } from 'vitest';
import { brainRig, say, type BrainRig } from '../support/brain.ts';
import { prng } from '../support/malformed.ts';
import { hang } from '../support/scripted-model/index.ts';
import { tempDir } from '../support/serve.ts';
import { integrityCheck, storedLogs } from '../support/store-file.ts';

const SENDERS = 6;
/** Acknowledged sends after which each round's server is killed. */
const KILL_AFTER = [40, 200, 500];

/** One events.send: what was sent, when, and (if the server answered) when and with which ids. */
interface Send {
  session: string;
  texts: string[];
  sentAt: number;
  ackAt?: number;
  ids?: string[];
}

// The model never answers: the brain is mid-turn on every session throughout, as in real use, but
// the only events in the logs besides the users' are its status changes.
const startRig = (dataDir: string) => brainRig({ dataDir, model: { script: hang() } });

/** Senders post 1-3 messages per send, round-robin over the sessions, until the server dies under them. */
async function burst(rig: BrainRig, sessions: string[], round: number, killAfter: number): Promise<Send[]> {
  const client = rig.server.client();
  const rng = prng(round);
  const sends: Send[] = [];
  let acked = 0;
  let killed: Promise<void> | undefined;
  const sender = async (s: number) => {
    for (let i = 0; ; i++) {
      const send: Send = { session: sessions[(s + i) % sessions.length]!, texts: [], sentAt: 0 };
      send.texts = Array.from({ length: 1 + rng.int(3) }, (_, j) => `r${round}-s${s}-${i}-${j}`);
      sends.push(send);
      send.sentAt = performance.now();
      try {
        const res = await client.beta.sessions.events.send(send.session, { events: send.texts.map(say) });
        send.ackAt = performance.now();
        send.ids = res.data!.map((e) => e.id);
      } catch (err) {
        if (!killed) throw err; // only the kill may stop a sender
        return;
      }
      if (++acked === killAfter) killed = rig.server.kill();
    }
  };
  await Promise.all(Array.from({ length: SENDERS }, (_, s) => sender(s)));
  await killed;
  await rig.model.close();
  return sends;
}

const textOf = (e: SessionEvent) => (e.type === 'user.message' && e.content[0]?.type === 'text' ? e.content[0].text : undefined);

async function allEvents(client: Anthropic, sessionId: string): Promise<SessionEvent[]> {
  const out: SessionEvent[] = [];
  for await (const e of client.beta.sessions.events.list(sessionId, { limit: 500 })) out.push(e);
  return out;
}

/** What is wrong with one session's log, as the restarted server serves it, given every send made to it so far. */
function problemsIn(log: SessionEvent[], sends: Send[]): string[] {
  const problems: string[] = [];
  const position = new Map<string, number>();
  const byText = new Map<string, number>();
  log.forEach((e, i) => {
    if (position.has(e.id)) problems.push(`event ${e.id} listed twice`);
    position.set(e.id, i);
    const t = textOf(e);
    if (t === undefined) return;
    if (byText.has(t)) problems.push(`message ${t} stored twice`);
    byText.set(t, i);
  });

  for (const s of sends) {
    const at = s.texts.map((t) => byText.get(t));
    const present = at.filter((i) => i !== undefined).length;
    // Acknowledged: every event there with the id the server gave it. Cut off by the kill: all or nothing.
    if (s.ids && present < at.length) problems.push(`acknowledged send ${s.texts[0]} lost ${at.length - present} of its events`);
    if (s.ids && s.ids.some((id, k) => position.get(id) !== at[k])) problems.push(`acknowledged ids of ${s.texts[0]} do not match the stored events`);
    if (!s.ids && present !== 0 && present !== at.length) problems.push(`unacknowledged send ${s.texts[0]} half stored`);
    // One send is one append: its events sit side by side.
    if (present === at.length && at.some((i, k) => i !== at[0]! + k)) problems.push(`events of ${s.texts[0]} are not contiguous`);
  }
  const sent = new Set(sends.flatMap((s) => s.texts));
  for (const t of byText.keys()) if (!sent.has(t)) problems.push(`message ${t} was never sent`);

  // Order: a send answered before another was made comes before it in the log.
  const acked = sends.filter((s) => s.ids).sort((a, b) => a.ackAt! - b.ackAt!);
  for (const b of sends.filter((s) => byText.has(s.texts[0]!))) {
    for (const a of acked) {
      if (a.ackAt! >= b.sentAt) break;
      if (byText.get(a.texts[0]!)! > byText.get(b.texts[0]!)!) problems.push(`${a.texts[0]} was acknowledged before ${b.texts[0]} was sent, but is stored after it`);
    }
  }
  return problems;
}

it('kill -9 during bursts of sends loses no acknowledged event, at three moments in a row', { timeout: 120_000 }, async () => {
  const dataDir = tempDir();
  let rig = await startRig(dataDir);
  const agent = await rig.client.beta.agents.create({ name: 'burst', model: 'claude-sonnet-4-6' });
  const env = await rig.client.beta.environments.create({ name: 'burst' });
  const sessions = await Promise.all([1, 2, 3].map(() => rig.client.beta.sessions.create({ agent: agent.id, environment_id: env.id }).then((s) => s.id)));
  const sends: Send[] = [];

  for (const [round, killAfter] of KILL_AFTER.entries()) {
    sends.push(...(await burst(rig, sessions, round, killAfter)));
    expect(rig.server.child.signalCode).toBe('SIGKILL');

    // On disk, with the server gone: a sound file, and per session a gap-free sequence 1..n.
    expect(integrityCheck(dataDir)).toBe('ok');
    const disk = storedLogs(dataDir);
    for (const id of sessions) {
      const { seqs, lastSeq } = disk.get(id)!;
      expect(seqs).toEqual(seqs.map((_, i) => i + 1));
      expect(lastSeq).toBe(seqs.length);
    }

    rig = await startRig(dataDir);
    for (const id of sessions) {
      const log = await allEvents(rig.client, id);
      // The restarted server serves exactly what is on disk, in sequence order (its brain may add to it).
      expect(log.slice(0, disk.get(id)!.ids.length).map((e) => e.id)).toEqual(disk.get(id)!.ids);
      expect(problemsIn(log, sends.filter((s) => s.session === id))).toEqual([]);
    }
  }
  expect(sends.filter((s) => s.ids).length).toBeGreaterThanOrEqual(KILL_AFTER.reduce((a, b) => a + b));

  expect(await rig.server.stop()).toBe(0);
  await rig.model.close();
  expect(integrityCheck(dataDir)).toBe('ok');
});
