// The session's sandbox: where its tools run and the container's state (none yet, provisioning,
// running, stopped), its limits, its environment and resources, and the files the agent kept in its
// outputs folder, each downloadable. Read again as the session's tools run, never polled.
import { useState } from 'react';
import { Download } from 'lucide-react';
import { Badge, Facts, IconButton, Section, StatusDot, formatDateTime, type Tone } from '../ui/index.ts';
import { readOutput, useEnvironment, useSandbox, type DockhandError, type Session, type SessionEvent, type SessionSandbox } from '../data/index.ts';
import { downloadBase64 } from '../ui/download.ts';
import { href } from '../app/routes.ts';
import { formatBytes } from '../environments/env-draft.ts';

const STATE: Record<SessionSandbox['state'], { label: string; tone: Tone; text: string }> = {
  none: { label: 'None yet', tone: 'neutral', text: 'A container is made at the first tool call.' },
  provisioning: { label: 'Provisioning', tone: 'info', text: 'The container is being made.' },
  running: { label: 'Running', tone: 'success', text: 'The session’s tools run in this container.' },
  stopped: { label: 'Stopped', tone: 'neutral', text: 'The container is gone; the next tool call makes a new one (outputs stay).' },
};

const PROVIDER: Record<SessionSandbox['provider'], string> = {
  docker: 'A Docker container of its own',
  host: 'This machine, as this user (not isolated)',
  none: 'Nowhere: this Dockhand runs no tools',
};

/** Tool activity that can change the sandbox or its outputs: the panel reads it again after each. */
const TOOL_TYPES = new Set(['agent.tool_use', 'agent.tool_result', 'session.status_idle', 'session.status_terminated']);

function versionOf(events: readonly SessionEvent[]): string {
  for (let i = events.length - 1; i >= 0; i--) if (TOOL_TYPES.has(events[i]!.type)) return events[i]!.id;
  return '';
}

const gib = (bytes: number) => `${Number((bytes / 2 ** 30).toFixed(1))} GiB`;

export function SandboxPanel({ session, events }: { session: Session; events: readonly SessionEvent[] }) {
  const { sandbox, outputs, error } = useSandbox(session.id, versionOf(events));
  const env = useEnvironment(session.environment_id);
  const [failed, setFailed] = useState<DockhandError | null>(null);
  const state = sandbox && STATE[sandbox.state];
  const networking = env.state === 'ready' && env.item.config.type === 'cloud' ? env.item.config.networking.type : null;
  return (
    <Section title="Sandbox" description={state?.text}>
      {error && <p className="field-error">Could not read the sandbox: {error.message}</p>}
      {sandbox && state && (
        <Facts
          items={[
            { label: 'Container', value: <StatusDot tone={state.tone} label={state.label} pulse={sandbox.state === 'provisioning'} /> },
            { label: 'Tools run in', value: PROVIDER[sandbox.provider] },
            ...(sandbox.container
              ? [
                  { label: 'Container name', value: <code>{sandbox.container.name}</code> },
                  { label: 'Image', value: <code className="truncate">{sandbox.container.image}</code> },
                  ...(sandbox.container.started_at ? [{ label: 'Started', value: formatDateTime(sandbox.container.started_at) }] : []),
                ]
              : []),
            ...(sandbox.limits ? [{ label: 'Limits', value: `${gib(sandbox.limits.memory_bytes)} memory · ${sandbox.limits.cpus} CPU · ${sandbox.limits.pids} processes` }] : []),
            {
              label: 'Environment',
              value: (
                <>
                  <a href={href.environment(session.environment_id)}>{env.state === 'ready' ? env.item.name : session.environment_id}</a>
                  {networking && <Badge>{networking === 'unrestricted' ? 'Unrestricted network' : 'Limited network'}</Badge>}
                </>
              ),
            },
            { label: 'Resources', value: session.resources.length ? session.resources.map((r, i) => <div key={i}>{r.type === 'github_repository' ? `${r.url} → ${r.mount_path}` : r.mount_path}</div>) : 'None' },
          ]}
        />
      )}
      {sandbox?.outputs_path && (
        <div className="outputs">
          <h3 className="outputs-title">
            Outputs <code className="muted">{sandbox.outputs_path}</code>
          </h3>
          {outputs && outputs.data.length === 0 && <p className="muted">No files yet. What the agent saves here outlives its container.</p>}
          {outputs && outputs.data.length > 0 && (
            <ul className="outputs-list" aria-label="Output files">
              {outputs.data.map((f) => (
                <li key={f.path}>
                  <span className="truncate" title={f.path}>
                    {f.path}
                  </span>
                  <span className="muted tabular">{formatBytes(f.size)}</span>
                  <IconButton icon={Download} size="sm" label={`Download ${f.path}`} onClick={() => readOutput(session.id, f.path).then((file) => (downloadBase64(f.path.split('/').at(-1) ?? 'output', file.data), setFailed(null)), setFailed)} />
                </li>
              ))}
            </ul>
          )}
          {outputs?.truncated && <p className="muted">More files are there than shown.</p>}
          {failed && <p className="field-error">Could not download: {failed.message}</p>}
        </div>
      )}
    </Section>
  );
}
