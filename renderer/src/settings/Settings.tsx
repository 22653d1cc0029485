import { useState, type FormEvent, type ReactNode } from 'react';
import { Copy, KeyRound, RotateCw } from 'lucide-react';
import { Banner, Button, ConfirmDialog, DarkIcon, Facts, Field, LightIcon, TextInput, PageBody, PageHeader, RelativeTime, Section, StatusDot, SystemIcon, toast } from '../ui/index.ts';
import { clearModelKey, DockhandError, refreshSystem, rotateApiKey, setModelKey, useConnection, useModelKeyStatus, useSystem, type SystemStatus } from '../data/index.ts';
import { setTheme, useTheme, type ThemeChoice } from '../app/theme.ts';
import { SystemBanners } from '../app/SystemBanners.tsx';

const THEMES: { value: ThemeChoice; label: string; icon: typeof LightIcon }[] = [
  { value: 'system', label: 'Match the system', icon: SystemIcon },
  { value: 'light', label: 'Light', icon: LightIcon },
  { value: 'dark', label: 'Dark', icon: DarkIcon },
];

function ThemeChooser() {
  const { choice } = useTheme();
  return (
    <div className="segmented" role="radiogroup" aria-label="Theme">
      {THEMES.map(({ value, label, icon: Icon }) => (
        <button key={value} type="button" role="radio" aria-checked={choice === value} className="segmented-item" onClick={() => setTheme(value)}>
          <Icon size={14} aria-hidden="true" />
          {label}
        </button>
      ))}
    </div>
  );
}

const Code = ({ children }: { children: ReactNode }) => <code className="inline-code">{children}</code>;

function ModelKeyForm({ stored, keychain }: { stored: boolean; keychain: { available: boolean; message: string | null } }) {
  const [key, setKey] = useState('');
  const [problem, setProblem] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [confirm, setConfirm] = useState(false);
  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (!key.trim()) return setProblem('Paste the key first.');
    setBusy(true);
    try {
      await setModelKey(key);
      // The field forgets the key at once: it is never shown again.
      setKey('');
      setProblem(undefined);
      toast(stored ? 'Model key replaced' : 'Model key saved', { tone: 'success', description: 'It is in the OS keychain; the next model request uses it.' });
    } catch (err) {
      setProblem(err instanceof DockhandError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  const clear = async () => {
    setBusy(true);
    try {
      await clearModelKey();
      setConfirm(false);
      toast('Model key removed from the keychain', { tone: 'success' });
    } catch (err) {
      toast('Could not remove the key', { tone: 'danger', description: err instanceof DockhandError ? err.message : String(err) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="form-grid" onSubmit={(e) => void save(e)} noValidate>
      {!keychain.available && (
        <Banner tone="danger" title="No OS keychain answers: a key cannot be saved">
          {keychain.message} Dockhand keeps secrets only in the keychain, never in a file.
        </Banner>
      )}
      <Field label={stored ? 'Replace the key' : 'Model API key'} error={problem} hint="Write-only: kept in the OS keychain, never shown again, never given to an agent.">
        <div className="key-once-row">
          <TextInput type="password" autoComplete="new-password" spellCheck={false} value={key} onChange={(e) => setKey(e.target.value)} placeholder="sk-ant-…" disabled={!keychain.available} />
          <Button type="submit" variant="primary" busy={busy && !confirm} disabled={!keychain.available}>
            {stored ? 'Replace key' : 'Save key'}
          </Button>
          {stored && (
            <Button onClick={() => setConfirm(true)}>Remove</Button>
          )}
        </div>
      </Field>
      <ConfirmDialog
        open={confirm}
        onOpenChange={setConfirm}
        title="Remove the model key?"
        description="The key is deleted from the OS keychain. Agents cannot answer until a key is set again (here, with dockhand key set, or in ANTHROPIC_API_KEY)."
        confirmLabel="Remove key"
        danger
        busy={busy}
        onConfirm={() => void clear()}
      />
    </form>
  );
}

function ModelSection({ status }: { status: SystemStatus }) {
  const m = status.model;
  const key = useModelKeyStatus();
  const source = m.key_source;
  return (
    <Section title="Model" description="The Messages API endpoint the agents’ brain calls, and its key.">
      {!m.brain && (
        <Banner tone="info" title="Agents are paused">
          This Dockhand was started with <Code>--no-brain</Code>: sessions keep their events, but no agent answers.
        </Banner>
      )}
      <Facts
        items={[
          { label: 'Endpoint', value: <Code>{m.base_url}</Code> },
          {
            label: 'API key',
            value:
              source === 'environment' ? (
                <StatusDot tone="success" label="Set, from ANTHROPIC_API_KEY" />
              ) : source === 'keychain' ? (
                <StatusDot tone="success" label="Set, in the OS keychain" />
              ) : (
                <StatusDot tone="warning" label="Not set" />
              ),
          },
        ]}
      />
      {source === 'environment' && (
        <Banner tone="info" title="ANTHROPIC_API_KEY overrides the key here">
          Dockhand was started with <Code>ANTHROPIC_API_KEY</Code> set, and uses it{key?.stored ? ' instead of the key in the keychain' : ''} for as long as it
          is set (scripts and CI rely on that). A key saved here applies when Dockhand starts without it.
        </Banner>
      )}
      {key && <ModelKeyForm stored={key.stored} keychain={key.keychain} />}
      <p className="section-note">
        The endpoint comes from <Code>ANTHROPIC_BASE_URL</Code>. From a terminal, <Code>dockhand key set</Code> stores a key read from standard input.
      </p>
      {m.last_error && (
        <Banner tone={m.last_error.auth ? 'danger' : 'warning'} title={m.last_error.auth ? 'The model refused the key' : 'The last model request failed'}>
          <RelativeTime iso={m.last_error.at} className="" />: {m.last_error.message}
        </Banner>
      )}
    </Section>
  );
}

function DockerSection({ status }: { status: SystemStatus }) {
  const { checking } = useSystem();
  const d = status.docker;
  const test = async () => {
    const s = await refreshSystem();
    if (!s) return toast('Could not ask Dockhand', { tone: 'danger' });
    toast(s.docker.state === 'running' ? `Docker ${s.docker.version ?? ''} answers` : 'No Docker engine answers', {
      tone: s.docker.state === 'running' ? 'success' : 'danger',
      description: s.docker.state === 'running' ? s.docker.address : (s.docker.error ?? undefined),
    });
  };
  return (
    <Section
      title="Docker engine"
      description="Where sessions’ sandboxes run (with the Docker hands) and environments are built."
      actions={
        <Button icon={RotateCw} busy={checking} onClick={() => void test()}>
          Test connection
        </Button>
      }
    >
      <Facts
        items={[
          { label: 'Status', value: <StatusDot tone={d.state === 'running' ? 'success' : 'danger'} label={d.state === 'running' ? 'Running' : 'Not reachable'} /> },
          { label: 'Address', value: <Code>{d.address}</Code> },
          { label: 'Version', value: d.version ? `${d.version} (API ${d.api_version ?? '?'})` : '—' },
          ...(status.sandboxes ? [{ label: 'Sandboxes', value: `${status.sandboxes.running} running${status.sandboxes.cap !== null ? ` of at most ${status.sandboxes.cap}` : ''}` }] : []),
        ]}
      />
      {d.error && <p className="field-error">{d.error}</p>}
      <p className="section-note">
        Dockhand uses the engine <Code>DOCKER_HOST</Code> names (unix://, tcp://, ssh://), else the local socket. Set it before starting Dockhand.
      </p>
    </Section>
  );
}

const HANDS_LABEL: Record<SystemStatus['hands']['kind'], string> = {
  docker: 'Docker sandboxes',
  host: 'This machine (not isolated)',
  none: 'Off',
};

function HandsSection({ status }: { status: SystemStatus }) {
  return (
    <Section title="Tools" description="Where agents’ tools (bash, file edits, search) run.">
      <Facts items={[{ label: 'Hands', value: HANDS_LABEL[status.hands.kind] }]} />
      <p className="section-note">
        {status.hands.reason} Choose when starting: <Code>dockhand start --hands docker</Code> (a hardened container per session),{' '}
        <Code>--hands host</Code> (this machine, unisolated) or <Code>--hands none</Code>.
      </p>
    </Section>
  );
}

function ApiSection({ status }: { status: SystemStatus }) {
  const transport = useConnection((s) => s.client?.transport);
  const [confirm, setConfirm] = useState(false);
  const [busy, setBusy] = useState(false);
  const [fresh, setFresh] = useState<string | null>(null);
  const rotate = async () => {
    setBusy(true);
    try {
      setFresh(await rotateApiKey());
      setConfirm(false);
    } catch (err) {
      toast('Could not rotate the key', { tone: 'danger', description: err instanceof DockhandError ? err.message : String(err) });
    } finally {
      setBusy(false);
    }
  };
  const copy = async (text: string) => {
    try {
      await navigator.clipboard.writeText(text);
      toast('Copied', { tone: 'success' });
    } catch {
      toast('Could not copy: select the key and copy it yourself', { tone: 'danger' });
    }
  };
  return (
    <Section
      title="Local API"
      description="Dockhand speaks the Managed Agents API on this machine, so the official SDK and scripts can drive it."
      actions={
        status.api.rotatable && (
          <Button icon={KeyRound} onClick={() => setConfirm(true)}>
            Rotate key
          </Button>
        )
      }
    >
      <Facts
        items={[
          { label: 'Address', value: status.api.address ? <Code>{status.api.address}</Code> : 'Not served' },
          { label: 'This window', value: transport === 'ipc' ? 'Talks to core over IPC' : 'Talks to the local API' },
          { label: 'Key', value: status.api.rotatable ? 'Hidden: shown only once, when rotated' : '—' },
        ]}
      />
      {fresh && (
        <div className="key-once" role="status">
          <p>
            <strong>The new key</strong>, shown this once. Scripts and other windows need it now; this window switched to it already.
          </p>
          <div className="key-once-row">
            <input className="input mono" readOnly value={fresh} aria-label="New API key" onFocus={(e) => e.target.select()} />
            <Button icon={Copy} onClick={() => void copy(fresh)}>
              Copy
            </Button>
          </div>
          <p className="field-hint">
            Open the UI elsewhere with <Code>{`${status.api.address ?? window.location.origin}/#key=…`}</Code>. A key set with <Code>--api-key</Code> or{' '}
            <Code>DOCKHAND_API_KEY</Code> comes back when Dockhand restarts.
          </p>
        </div>
      )}
      {!status.api.rotatable && <p className="section-note">The desktop app does not serve the local API yet; run <Code>dockhand serve</Code> for the SDK.</p>}
      <ConfirmDialog
        open={confirm}
        onOpenChange={setConfirm}
        title="Rotate the local API key?"
        description="A new key is made and shown once. The current key stops working at once: scripts, SDK clients and other browser tabs using it are refused until they get the new one."
        confirmLabel="Rotate key"
        danger
        busy={busy}
        onConfirm={() => void rotate()}
      />
    </Section>
  );
}

/** Settings: how Dockhand reaches the model and Docker, where tools run, its local API and data, and how it looks. */
export function Settings() {
  const { status, error, at } = useSystem();
  return (
    <div className="page">
      <PageHeader title="Settings" meta={at && <span className="muted">checked <RelativeTime iso={new Date(at).toISOString()} className="" /></span>} />
      <SystemBanners topics={['docker']} />
      <PageBody width="narrow">
        {error && !status && <Banner tone="danger" title="Could not read Dockhand’s status">{error.message}</Banner>}
        {status && (
          <>
            <ModelSection status={status} />
            <DockerSection status={status} />
            <HandsSection status={status} />
            <ApiSection status={status} />
            <Section title="Data" description="Where agents, environments, sessions and their events are kept (one SQLite file).">
              <Facts items={[{ label: 'Data directory', value: <Code>{status.data_dir || '—'}</Code> }]} />
            </Section>
          </>
        )}
        <Section title="Appearance" description="Light or dark; “Match the system” follows your operating system as it changes.">
          <ThemeChooser />
        </Section>
      </PageBody>
    </div>
  );
}
