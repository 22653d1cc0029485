import { useId, useState, type FormEvent } from 'react';
import { Button, Dialog, Field, TextInput } from '../ui/index.ts';
import { createVault, DockhandError, updateVault, type Vault } from '../data/index.ts';
import { href, navigate } from '../app/routes.ts';

/** Creates a vault (then opens it), or renames `vault`. */
export function VaultDialog({ open, onOpenChange, vault }: { open: boolean; onOpenChange: (open: boolean) => void; vault?: Vault }) {
  const formId = useId();
  const [name, setName] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const value = name ?? vault?.display_name ?? '';
  const close = (o: boolean) => {
    onOpenChange(o);
    if (!o) (setName(null), setProblem(undefined));
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const trimmed = value.trim();
    if (!trimmed || trimmed.length > 255) return setProblem(trimmed ? 'At most 255 characters.' : 'Give the vault a name.');
    setBusy(true);
    try {
      if (vault) await updateVault({ vault_id: vault.id, display_name: trimmed });
      else {
        const created = await createVault({ display_name: trimmed });
        navigate(href.vault(created.id));
      }
      close(false);
    } catch (err) {
      setProblem(err instanceof DockhandError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog
      open={open}
      onOpenChange={close}
      title={vault ? 'Rename vault' : 'New vault'}
      description={vault ? undefined : 'A vault groups the credentials a session may use: tokens for MCP servers and values for the sandbox’s environment variables.'}
      width="sm"
      footer={
        <>
          <Button onClick={() => close(false)}>Cancel</Button>
          <Button type="submit" form={formId} variant="primary" busy={busy}>
            {vault ? 'Rename' : 'Create vault'}
          </Button>
        </>
      }
    >
      <form id={formId} className="form-grid" onSubmit={(e) => void submit(e)} noValidate>
        <Field label="Name" required error={problem}>
          <TextInput value={value} onChange={(e) => setName(e.target.value)} placeholder="e.g. Work" />
        </Field>
      </form>
    </Dialog>
  );
}
