import { useState } from 'react';
import { Copy, Ellipsis, Globe, Lock, Save, Trash2 } from 'lucide-react';
import {
  ArchiveIcon,
  Badge,
  Banner,
  Button,
  ChipInput,
  ConfirmDialog,
  Field,
  IconButton,
  Menu,
  MenuItem,
  MenuSeparator,
  PageBody,
  PageHeader,
  RadioCards,
  Section,
  Switch,
  TextArea,
  TextInput,
  toast,
} from '../ui/index.ts';
import { archiveEnvironment, createEnvironment, deleteEnvironment, DockhandError, updateEnvironment, type Environment } from '../data/index.ts';
import { href, navigate } from '../app/routes.ts';
import { useLeaveGuard } from '../app/leave-guard.ts';
import { useShortcut } from '../app/shortcuts.ts';
import { BuildPanel } from './BuildPanel.tsx';
import { createParams, envDraftOf, hostProblem, MANAGERS, NEW_ENVIRONMENT, sameEnvironment, specProblem, updateParams, validateEnv, type EnvDraft, type EnvProblem, type Manager } from './env-draft.ts';
import { NetworkingBadge } from './EnvironmentsList.tsx';

const PACKAGE_HINTS: Record<Manager, { label: string; example: string }> = {
  apt: { label: 'apt (Debian)', example: 'git, jq, ripgrep, python3-venv' },
  pip: { label: 'pip (Python)', example: 'requests==2.32.3, pandas' },
  npm: { label: 'npm (Node.js)', example: 'typescript@5, prettier' },
  cargo: { label: 'cargo (Rust)', example: 'ripgrep, cargo-edit' },
  gem: { label: 'gem (Ruby)', example: 'rake, bundler' },
  go: { label: 'go', example: 'golang.org/x/tools/gopls@latest' },
};

const NETWORKING = [
  { value: 'limited' as const, title: 'Limited', icon: Lock, description: 'Only the hosts listed below, and package registries or MCP servers if allowed.' },
  { value: 'unrestricted' as const, title: 'Unrestricted', icon: Globe, description: 'Any address on the internet.' },
];

const problemAt = (problems: readonly EnvProblem[], where: EnvProblem['where']) => problems.find((p) => p.where === where)?.message;

function Networking({ draft, set, problems, readOnly }: { draft: EnvDraft; set: (patch: Partial<EnvDraft>) => void; problems: readonly EnvProblem[]; readOnly: boolean }) {
  return (
    <Section title="Networking" description="What the sandbox may reach over the network while the agent works.">
      <RadioCards label="Networking" value={draft.networking} onChange={(networking) => set({ networking })} options={NETWORKING} disabled={readOnly} />
      {draft.networking === 'unrestricted' ? (
        <Banner tone="warning" title="What unrestricted reaches">
          Sandboxes in this environment can reach any address on the internet, so an agent can download and run code from anywhere, and send out what it
          can read. Dockhand&rsquo;s firewall still blocks this computer, your local network, link-local addresses and cloud metadata services
          (169.254.169.254). Choose Limited to allow only what the work needs.
        </Banner>
      ) : (
        <div className="form-grid">
          <Field label="Allowed hosts" hint="Host names the sandbox may reach, e.g. api.github.com, *.example.com, example.com:8443. Nothing else answers." error={problemAt(problems, 'hosts')}>
            <ChipInput label="Allowed hosts" values={draft.allowedHosts} onChange={(allowedHosts) => set({ allowedHosts })} validate={hostProblem} placeholder="Type a host and press Enter" disabled={readOnly} />
          </Field>
          <Switch
            label="Package registries (Debian, PyPI, npm, crates.io, RubyGems, the Go proxy)"
            checked={draft.allowPackageManagers}
            onChange={(allowPackageManagers) => set({ allowPackageManagers })}
            disabled={readOnly}
          />
          <Switch label="The agent’s MCP servers" checked={draft.allowMcpServers} onChange={(allowMcpServers) => set({ allowMcpServers })} disabled={readOnly} />
        </div>
      )}
    </Section>
  );
}

function Packages({ draft, set, problems, readOnly }: { draft: EnvDraft; set: (patch: Partial<EnvDraft>) => void; problems: readonly EnvProblem[]; readOnly: boolean }) {
  return (
    <Section title="Packages" description="Installed into the image when it is built, by each package manager. Pin a version the way the manager writes it.">
      <div className="package-grid">
        {MANAGERS.map((m) => (
          <Field key={m} label={PACKAGE_HINTS[m].label} hint={`e.g. ${PACKAGE_HINTS[m].example}`} error={problemAt(problems, m)}>
            <ChipInput
              label={`${m} packages`}
              values={draft.packages[m]}
              onChange={(list) => set({ packages: { ...draft.packages, [m]: list } })}
              validate={specProblem}
              placeholder="Type a package and press Enter"
              disabled={readOnly}
            />
          </Field>
        ))}
      </div>
    </Section>
  );
}

/** Sessions using the environment, from the API's refusal ("is used by 2 session(s)"). */
const usedBy = (message: string) => Number(/used by (\d+) session/.exec(message)?.[1] ?? NaN);

/**
 * Creates or edits an environment: its packages, its networking, and its image (Build shows the build as
 * it runs). Delete is refused while sessions use it; archiving keeps it for them.
 */
export function EnvironmentEditor({ env }: { env: Environment | null }) {
  const [base, setBase] = useState<Environment | null>(env);
  const [draft, setDraft] = useState<EnvDraft>(() => (env ? envDraftOf(env) : NEW_ENVIRONMENT));
  const [attempted, setAttempted] = useState(false);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<{ title: string; message: string; sessions?: number } | null>(null);
  const [nameTaken, setNameTaken] = useState<string | null>(null);
  const [confirm, setConfirm] = useState<'archive' | 'delete' | null>(null);
  const [busy, setBusy] = useState(false);

  const saved = base ? envDraftOf(base) : NEW_ENVIRONMENT;
  const dirty = !sameEnvironment(draft, saved) || draft.name !== saved.name;
  const archived = Boolean(env?.archived_at);
  const guard = useLeaveGuard(dirty && !archived, env ? href.environment(env.id) : href.newEnvironment());
  const all = validateEnv(draft);
  const problems = [...(attempted ? all : all.filter((p) => !p.empty)), ...(nameTaken === draft.name.trim() ? [{ where: 'name' as const, message: `Another environment is named “${nameTaken}”: names are unique.` }] : [])];

  // Changed elsewhere (the API, another window): taken in when nothing here is unsaved.
  if (env && base && env.updated_at !== base.updated_at && !dirty && !saving) (setBase(env), setDraft(envDraftOf(env)));

  const set = (patch: Partial<EnvDraft>) => setDraft((d) => ({ ...d, ...patch }));

  const save = async () => {
    if (archived || saving) return;
    setAttempted(true);
    setError(null);
    if (validateEnv(draft).length) return;
    setSaving(true);
    try {
      if (!base) {
        const created = await createEnvironment(createParams(draft));
        guard.release();
        toast('Environment created', { tone: 'success', description: created.name });
        navigate(href.environment(created.id));
        return;
      }
      const next = await updateEnvironment(updateParams(draft, base.id));
      setBase(next);
      setDraft(envDraftOf(next));
      setAttempted(false);
      toast('Environment saved', { tone: 'success', description: next.name });
    } catch (err) {
      const e = err instanceof DockhandError ? err : new DockhandError('api_error', String(err));
      if (e.type === 'conflict_error') setNameTaken(draft.name.trim());
      else setError({ title: 'Not saved', message: e.message });
    } finally {
      setSaving(false);
    }
  };
  useShortcut('save', () => void save());

  const act = async () => {
    if (!env) return;
    setBusy(true);
    setError(null);
    try {
      if (confirm === 'archive') {
        const next = await archiveEnvironment(env.id);
        setBase(next);
        toast('Environment archived', { description: env.name });
      } else {
        await deleteEnvironment(env.id);
        guard.release();
        toast('Environment deleted', { description: env.name });
        navigate(href.environments());
      }
    } catch (err) {
      const e = err instanceof DockhandError ? err : new DockhandError('api_error', String(err));
      const n = usedBy(e.message);
      if (confirm === 'delete' && e.type === 'conflict_error')
        setError({
          title: Number.isNaN(n) ? `${env.name} is in use and cannot be deleted` : `${env.name} is used by ${n} ${n === 1 ? 'session' : 'sessions'} and cannot be deleted`,
          message: 'Sessions keep the environment they were started in. Delete those sessions first, or archive the environment: it stays for them, and new sessions cannot choose it.',
          sessions: Number.isNaN(n) ? undefined : n,
        });
      else setError({ title: confirm === 'delete' ? 'Not deleted' : 'Not archived', message: e.message });
    } finally {
      setBusy(false);
      setConfirm(null);
    }
  };

  const readOnly = archived;
  return (
    <div className="page editor-page">
      <PageHeader
        title={base ? base.name : 'New environment'}
        crumbs={[{ label: 'Environments', href: href.environments() }]}
        meta={
          <>
            {env && <NetworkingBadge env={env} />}
            {archived && <Badge tone="warning">archived</Badge>}
            {dirty && !archived && <Badge tone="accent">Unsaved changes</Badge>}
          </>
        }
        actions={
          <>
            {!archived && (
              <Button variant="primary" icon={Save} busy={saving} onClick={() => void save()} title="Save (Ctrl/⌘ S)">
                {base ? 'Save' : 'Create environment'}
              </Button>
            )}
            {env && (
              <Menu trigger={<IconButton icon={Ellipsis} label="More actions" />} label="More actions">
                <MenuItem icon={Copy} onSelect={() => void navigator.clipboard?.writeText(env.id).then(() => toast('Environment id copied', { description: env.id }))}>
                  Copy id
                </MenuItem>
                <MenuSeparator />
                <MenuItem icon={ArchiveIcon} onSelect={() => setConfirm('archive')} disabled={archived}>
                  Archive…
                </MenuItem>
                <MenuItem icon={Trash2} danger onSelect={() => setConfirm('delete')}>
                  Delete…
                </MenuItem>
              </Menu>
            )}
          </>
        }
      />
      <PageBody width="narrow">
        {(archived || error) && (
          <div className="editor-banners editor-banners-inline">
            {archived && (
              <Banner tone="info" title="This environment is archived">
                Sessions already in it keep it; new sessions cannot choose it, and it can no longer be changed.
              </Banner>
            )}
            {error && (
              <Banner
                tone="danger"
                title={error.title}
                actions={
                  error.sessions !== undefined && !archived ? (
                    <Button size="sm" icon={ArchiveIcon} onClick={() => setConfirm('archive')}>
                      Archive instead
                    </Button>
                  ) : undefined
                }
              >
                {error.message}
              </Banner>
            )}
          </div>
        )}
        {env && !draft.selfHosted && !archived && (
          <BuildPanel environmentId={env.id} blocked={dirty ? 'Save your changes first: the build uses the saved configuration.' : null} />
        )}
        <fieldset className="editor-form" disabled={readOnly}>
          <Section title="Environment" description="A sandbox template: what is installed in it and what it may reach.">
            <div className="form-grid">
              <Field label="Name" required hint="Unique among environments." error={problemAt(problems, 'name')}>
                <TextInput value={draft.name} onChange={(e) => set({ name: e.target.value })} placeholder="e.g. python-data" maxLength={256} />
              </Field>
              <Field label="Description" hint="Optional: what it is for." error={problemAt(problems, 'description')}>
                <TextArea value={draft.description} onChange={(e) => set({ description: e.target.value })} rows={2} />
              </Field>
            </div>
          </Section>
          {draft.selfHosted ? (
            <Banner tone="info" title="A self-hosted environment">
              Its sandboxes run on infrastructure you manage, so there are no packages or networking to set here.
            </Banner>
          ) : (
            <>
              <Networking draft={draft} set={set} problems={problems} readOnly={readOnly} />
              <Packages draft={draft} set={set} problems={problems} readOnly={readOnly} />
            </>
          )}
        </fieldset>
      </PageBody>
      <ConfirmDialog
        open={confirm !== null}
        onOpenChange={(o) => !o && setConfirm(null)}
        title={confirm === 'delete' ? `Delete ${env?.name ?? 'this environment'}?` : `Archive ${env?.name ?? 'this environment'}?`}
        description={
          confirm === 'delete'
            ? 'It is removed for good. Dockhand refuses while sessions use it.'
            : 'Sessions already in it keep it; new sessions cannot choose it, and it can no longer be changed. Archiving cannot be undone.'
        }
        confirmLabel={confirm === 'delete' ? 'Delete environment' : 'Archive environment'}
        danger
        busy={busy}
        onConfirm={() => void act()}
      />
      <ConfirmDialog
        open={guard.pending !== null}
        onOpenChange={(o) => !o && guard.stay()}
        title="Leave without saving?"
        description={`Your changes to ${base ? base.name : 'this new environment'} are not saved. Leaving drops them.`}
        confirmLabel="Leave without saving"
        danger
        onConfirm={guard.leave}
      />
    </div>
  );
}
