import { useId, useState, type FormEvent } from 'react';
import { Globe, KeyRound, ShieldCheck } from 'lucide-react';
import { Button, ChipInput, Dialog, Field, RadioCards, Switch, TextInput, toast } from '../ui/index.ts';
import { createCredential, DockhandError, updateCredential, type Credential } from '../data/index.ts';
import { createParams, hostProblem, KIND_LABEL, NEW_CREDENTIAL, rotateParams, secretProblem, validateCredential, type CredentialDraft, type Kind, type Problems } from './credential-draft.ts';

const KINDS = [
  { value: 'static_bearer', icon: KeyRound, title: KIND_LABEL.static_bearer, description: 'A fixed token Dockhand adds to every request to one MCP server.' },
  { value: 'mcp_oauth', icon: ShieldCheck, title: KIND_LABEL.mcp_oauth, description: 'An OAuth access token for one MCP server, refreshed by Dockhand before it expires.' },
  { value: 'environment_variable', icon: Globe, title: KIND_LABEL.environment_variable, description: 'The sandbox sees a placeholder; Dockhand puts the value into requests to the hosts you name.' },
] as const;

/**
 * A secret's input: write-only. Typed into, sent once, never filled from anything Dockhand holds
 * (there is nothing to fill it from: no answer carries a secret).
 */
function SecretInput({ value, onChange }: { value: string; onChange: (v: string) => void }) {
  return <TextInput type="password" autoComplete="new-password" spellCheck={false} value={value} onChange={(e) => onChange(e.target.value)} />;
}

const failure = (err: unknown) => (err instanceof DockhandError ? err.message : String(err));

/** Adds a credential to a vault: what it is for, then its secret, which goes to the OS keychain. */
export function AddCredentialDialog({ vaultId, open, onOpenChange }: { vaultId: string; open: boolean; onOpenChange: (open: boolean) => void }) {
  const formId = useId();
  const [draft, setDraft] = useState<CredentialDraft>(NEW_CREDENTIAL);
  const [problems, setProblems] = useState<Problems>({});
  const [failed, setFailed] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // A field's problem goes as soon as it is edited; the rest are checked again on submit.
  const set = <K extends keyof CredentialDraft>(k: K) => (v: CredentialDraft[K]) => (setDraft((d) => ({ ...d, [k]: v })), setProblems(({ [k as keyof Problems]: _, ...rest }) => rest));

  // Closing drops the draft, secret included.
  const close = (o: boolean) => {
    onOpenChange(o);
    if (!o) (setDraft(NEW_CREDENTIAL), setProblems({}), setFailed(null));
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const found = validateCredential(draft);
    setProblems(found);
    if (Object.keys(found).length) return;
    setBusy(true);
    try {
      const c = await createCredential(createParams(vaultId, draft));
      close(false);
      toast(`${c.display_name ?? KIND_LABEL[c.auth.type]} added`, { tone: 'success', description: 'Its secret is in the OS keychain and will not be shown again.' });
    } catch (err) {
      setFailed(failure(err));
    } finally {
      setBusy(false);
    }
  };

  const d = draft;
  return (
    <Dialog
      open={open}
      onOpenChange={close}
      title="Add a credential"
      description="The secret goes to the OS keychain. It is never shown again, here or through the API, and never reaches the agent."
      width="lg"
      footer={
        <>
          <Button onClick={() => close(false)}>Cancel</Button>
          <Button type="submit" form={formId} variant="primary" busy={busy}>
            Add credential
          </Button>
        </>
      }
    >
      <form id={formId} className="form-grid" onSubmit={(e) => void submit(e)} noValidate>
        <Field label="Name" hint="Optional: how it shows in this vault." error={problems.name}>
          <TextInput value={d.name} onChange={(e) => set('name')(e.target.value)} placeholder="e.g. Linear (work)" />
        </Field>
        <fieldset className="fieldset">
          <legend>Kind</legend>
          <RadioCards<Kind> label="Kind" value={d.kind} onChange={(k) => (set('kind')(k), setProblems({}))} options={KINDS} />
        </fieldset>
        {d.kind === 'environment_variable' ? (
          <>
            <Field label="Variable" required error={problems.variable} hint="The sandbox gets this variable with a placeholder in place of the value.">
              <TextInput className="mono" value={d.variable} onChange={(e) => set('variable')(e.target.value)} placeholder="SERVICE_TOKEN" spellCheck={false} autoComplete="off" />
            </Field>
            <Field label="Value" required error={problems.secret}>
              <SecretInput value={d.secret} onChange={set('secret')} />
            </Field>
            <Field label="Allowed hosts" required error={problems.hosts} hint="The value is put into requests to these hosts only (plain HTTP; HTTPS passes through untouched).">
              <ChipInput label="Allowed hosts" values={d.hosts} onChange={set('hosts')} validate={hostProblem} placeholder="api.example.com" />
            </Field>
            <Switch label="Also replace the placeholder in request bodies (headers always)" checked={d.inBody} onChange={set('inBody')} />
          </>
        ) : (
          <>
            <Field label="MCP server" required error={problems.serverUrl} hint="Agents’ MCP servers at this address get the credential.">
              <TextInput type="url" value={d.serverUrl} onChange={(e) => set('serverUrl')(e.target.value)} placeholder="https://mcp.example.com/mcp" />
            </Field>
            <Field label={d.kind === 'mcp_oauth' ? 'Access token' : 'Token'} required error={problems.secret}>
              <SecretInput value={d.secret} onChange={set('secret')} />
            </Field>
            {d.kind === 'mcp_oauth' && (
              <fieldset className="fieldset">
                <legend>Refresh (optional)</legend>
                <p className="field-hint">With these, Dockhand gets a new access token from the token endpoint a minute before this one expires.</p>
                <div className="form-row">
                  <Field label="Expires" error={problems.expiresAt}>
                    <TextInput type="datetime-local" value={d.expiresAt} onChange={(e) => set('expiresAt')(e.target.value)} />
                  </Field>
                  <Field label="Client id" error={problems.clientId}>
                    <TextInput value={d.clientId} onChange={(e) => set('clientId')(e.target.value)} autoComplete="off" />
                  </Field>
                </div>
                <Field label="Token endpoint" error={problems.tokenEndpoint}>
                  <TextInput type="url" value={d.tokenEndpoint} onChange={(e) => set('tokenEndpoint')(e.target.value)} placeholder="https://auth.example.com/oauth/token" />
                </Field>
                <Field label="Refresh token" error={problems.refreshToken}>
                  <SecretInput value={d.refreshToken} onChange={set('refreshToken')} />
                </Field>
              </fieldset>
            )}
          </>
        )}
        {failed && (
          <p className="field-error" role="alert">
            Could not add the credential: {failed}
          </p>
        )}
      </form>
    </Dialog>
  );
}

/** Replaces a credential's secret (rotation): the old value is overwritten in the keychain. */
export function RotateCredentialDialog({ credential, onOpenChange }: { credential: Credential | null; onOpenChange: (open: boolean) => void }) {
  const formId = useId();
  const [secret, setSecret] = useState('');
  const [refreshToken, setRefreshToken] = useState('');
  const [expiresAt, setExpiresAt] = useState('');
  const [problem, setProblem] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const close = (o: boolean) => {
    onOpenChange(o);
    if (!o) (setSecret(''), setRefreshToken(''), setExpiresAt(''), setProblem(undefined));
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!credential) return;
    const bad = secretProblem(secret) ?? (expiresAt && !(Date.parse(expiresAt) > Date.now()) ? 'The expiry must be in the future.' : undefined);
    setProblem(bad);
    if (bad) return;
    setBusy(true);
    try {
      await updateCredential(rotateParams(credential, secret, { expiresAt, refreshToken }));
      close(false);
      toast('Secret replaced', { tone: 'success', description: 'Sessions use the new value from their next request.' });
    } catch (err) {
      setProblem(`Could not replace it: ${failure(err)}`);
    } finally {
      setBusy(false);
    }
  };
  const oauth = credential?.auth.type === 'mcp_oauth' ? credential.auth : null;
  const label = credential?.auth.type === 'environment_variable' ? 'New value' : oauth ? 'New access token' : 'New token';
  return (
    <Dialog
      open={credential !== null}
      onOpenChange={close}
      title={`Rotate ${credential?.display_name ?? (credential ? KIND_LABEL[credential.auth.type] : '')}`}
      description="The new secret replaces the old one in the OS keychain. The old one cannot be seen or restored."
      width="md"
      footer={
        <>
          <Button onClick={() => close(false)}>Cancel</Button>
          <Button type="submit" form={formId} variant="primary" busy={busy}>
            Replace secret
          </Button>
        </>
      }
    >
      <form id={formId} className="form-grid" onSubmit={(e) => void submit(e)} noValidate>
        <Field label={label} required error={problem}>
          <SecretInput value={secret} onChange={(v) => (setSecret(v), setProblem(undefined))} />
        </Field>
        {oauth && (
          <div className="form-row">
            <Field label="Expires" hint="Empty: no known expiry.">
              <TextInput type="datetime-local" value={expiresAt} onChange={(e) => setExpiresAt(e.target.value)} />
            </Field>
            {oauth.refresh && (
              <Field label="New refresh token" hint="Optional.">
                <SecretInput value={refreshToken} onChange={setRefreshToken} />
              </Field>
            )}
          </div>
        )}
      </form>
    </Dialog>
  );
}
