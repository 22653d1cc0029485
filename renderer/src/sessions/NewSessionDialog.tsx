import { useId, useMemo, useState, type FormEvent } from 'react';
import { Button, Combobox, Dialog, Field, Select, TextInput } from '../ui/index.ts';
import { createSession, DockhandError, useAgents, useEnvironments, useVaults, type SessionCreateParams } from '../data/index.ts';
import { href, navigate } from '../app/routes.ts';

interface Form {
  agent: string;
  version: string;
  environment: string;
  title: string;
  repoUrl: string;
  repoBranch: string;
  repoToken: string;
  vault: string;
}

const EMPTY: Form = { agent: '', version: 'latest', environment: '', title: '', repoUrl: '', repoBranch: '', repoToken: '', vault: 'none' };

type Errors = Partial<Record<keyof Form | 'form', string>>;

function validate(f: Form): Errors {
  const e: Errors = {};
  if (!f.agent) e.agent = 'Choose the agent to run.';
  if (!f.environment) e.environment = 'Choose the environment its tools run in.';
  if (f.repoUrl) {
    try {
      const u = new URL(f.repoUrl);
      if (u.protocol !== 'https:' && u.protocol !== 'http:') e.repoUrl = 'Use an https:// address.';
    } catch {
      e.repoUrl = 'This is not an address; it looks like https://github.com/owner/repo.';
    }
  }
  if (!f.repoUrl && (f.repoBranch || f.repoToken)) e.repoUrl = 'Add the repository address, or clear the branch and token.';
  return e;
}

/** Starts a session: which agent (and version), in which environment, with an optional git repository mounted. */
export function NewSessionDialog({ open, onOpenChange, agentId }: { open: boolean; onOpenChange: (open: boolean) => void; agentId?: string }) {
  const formId = useId();
  const agents = useAgents((s) => s.items);
  const environments = useEnvironments((s) => s.items);
  const vaults = useVaults((s) => s.items);
  const [form, setForm] = useState<Form>(EMPTY);
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  const [prefilled, setPrefilled] = useState<string | undefined>(undefined);
  if (open && agentId && prefilled !== agentId) (setPrefilled(agentId), setForm({ ...EMPTY, agent: agentId }));

  const agent = agents.find((a) => a.id === form.agent);
  const set = (k: keyof Form) => (v: string) => setForm((f) => ({ ...f, [k]: v, ...(k === 'agent' ? { version: 'latest' } : {}) }));
  const agentOptions = useMemo(() => agents.filter((a) => !a.archived_at).map((a) => ({ value: a.id, label: a.name, description: `${a.model.id} · ${a.id}` })), [agents]);
  const envOptions = useMemo(() => environments.filter((e) => !e.archived_at).map((e) => ({ value: e.id, label: e.name, description: e.id })), [environments]);
  const vaultOptions = useMemo(() => [{ value: 'none', label: 'No vault' }, ...vaults.filter((v) => !v.archived_at).map((v) => ({ value: v.id, label: v.display_name }))], [vaults]);
  const versionOptions = agent
    ? [{ value: 'latest', label: `Latest (v${agent.version})` }, ...Array.from({ length: agent.version }, (_, i) => agent.version - i).map((v) => ({ value: String(v), label: `v${v}` }))]
    : [{ value: 'latest', label: 'Latest' }];

  const close = (o: boolean) => {
    onOpenChange(o);
    if (!o) (setForm(EMPTY), setErrors({}), setPrefilled(undefined));
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const found = validate(form);
    setErrors(found);
    if (Object.keys(found).length) return;
    const params: SessionCreateParams = {
      agent: form.version === 'latest' ? form.agent : { type: 'agent', id: form.agent, version: Number(form.version) },
      environment_id: form.environment,
      title: form.title.trim() || undefined,
      vault_ids: form.vault !== 'none' ? [form.vault] : undefined,
      resources: form.repoUrl
        ? [
            {
              type: 'github_repository',
              url: form.repoUrl.trim(),
              authorization_token: form.repoToken || undefined,
              checkout: form.repoBranch.trim() ? { type: 'branch', name: form.repoBranch.trim() } : undefined,
            },
          ]
        : undefined,
    };
    setBusy(true);
    try {
      const session = await createSession(params);
      close(false);
      navigate(href.session(session.id));
    } catch (err) {
      setErrors({ form: err instanceof DockhandError ? err.message : String(err) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      open={open}
      onOpenChange={close}
      title="New session"
      description="Runs an agent in an environment. The agent starts when you send its first message."
      width="md"
      footer={
        <>
          <Button onClick={() => close(false)}>Cancel</Button>
          <Button type="submit" form={formId} variant="primary" busy={busy}>
            Start session
          </Button>
        </>
      }
    >
      <form id={formId} className="form-grid" onSubmit={(e) => void submit(e)} noValidate>
        <div className="form-row">
          <Field label="Agent" required error={errors.agent}>
            <Combobox value={form.agent} onChange={set('agent')} options={agentOptions} placeholder="Choose an agent" />
          </Field>
          <Field label="Version">
            <Select value={form.version} onChange={set('version')} options={versionOptions} disabled={!agent} />
          </Field>
        </div>
        <Field label="Environment" required error={errors.environment}>
          <Combobox value={form.environment} onChange={set('environment')} options={envOptions} placeholder="Choose an environment" />
        </Field>
        <Field label="Title" hint="Optional: how this session shows in the list.">
          <TextInput value={form.title} onChange={(e) => set('title')(e.target.value)} placeholder="e.g. Fix the flaky login test" />
        </Field>
        <Field label="Vault" hint={<>Optional: Dockhand adds its credentials on the agent&rsquo;s behalf; the agent never sees them.</>}>
          <Select value={form.vault} onChange={set('vault')} options={vaultOptions} />
        </Field>
        <fieldset className="fieldset">
          <legend>Git repository (optional)</legend>
          <p className="field-hint">Cloned on this machine and mounted into the sandbox. The token is kept in the OS keychain and used by Dockhand for git (clone, pull, push); it never reaches the sandbox or the agent.</p>
          <Field label="Repository address" error={errors.repoUrl}>
            <TextInput type="url" value={form.repoUrl} onChange={(e) => set('repoUrl')(e.target.value)} placeholder="https://github.com/owner/repo" />
          </Field>
          <div className="form-row">
            <Field label="Branch" hint="Default branch if empty.">
              <TextInput value={form.repoBranch} onChange={(e) => set('repoBranch')(e.target.value)} placeholder="main" />
            </Field>
            <Field label="Access token" hint="For private repositories.">
              <TextInput type="password" autoComplete="off" value={form.repoToken} onChange={(e) => set('repoToken')(e.target.value)} />
            </Field>
          </div>
        </fieldset>
        {errors.form && (
          <p className="field-error" role="alert">
            Could not start the session: {errors.form}
          </p>
        )}
      </form>
    </Dialog>
  );
}
