// Import a session log (JSONL, as Dockhand exports it): pick a file or drop it here. Core checks every
// line with the API's schemas; a bad file is refused whole, and its error names the line.
import { useRef, useState, type DragEvent } from 'react';
import { FileUp } from 'lucide-react';
import { Button, Dialog, toast } from '../../ui/index.ts';
import { DockhandError, importSession } from '../../data/index.ts';
import { href, navigate } from '../../app/routes.ts';

export function ImportDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [over, setOver] = useState(false);
  const [error, setError] = useState<{ file: string; message: string } | null>(null);

  const take = async (file: File | undefined) => {
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      const session = await importSession(await file.text());
      toast('Session imported', { tone: 'success', description: `${file.name}: read-only, ready to replay` });
      onOpenChange(false);
      navigate(href.session(session.id));
    } catch (err) {
      setError({ file: file.name, message: err instanceof DockhandError ? err.message : String(err) });
    } finally {
      setBusy(false);
      if (input.current) input.current.value = '';
    }
  };
  const drop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    void take(e.dataTransfer.files[0]);
  };

  return (
    <Dialog
      open={open}
      onOpenChange={(o) => (onOpenChange(o), o || setError(null))}
      title="Import a session log"
      description="A JSONL file exported from Dockhand (or with dockhand export). It becomes a read-only session you can replay and fork."
      footer={<Button onClick={() => onOpenChange(false)}>Cancel</Button>}
    >
      <div
        className={over ? 'drop-zone drop-zone-over' : 'drop-zone'}
        onDragOver={(e) => (e.preventDefault(), setOver(true))}
        onDragLeave={() => setOver(false)}
        onDrop={drop}
        data-testid="import-drop-zone"
      >
        <FileUp size={24} aria-hidden="true" />
        <p>Drop a .jsonl file here, or</p>
        <Button variant="primary" busy={busy} onClick={() => input.current?.click()}>
          Choose a file…
        </Button>
        <input ref={input} type="file" accept=".jsonl,.ndjson,application/x-ndjson,text/plain" hidden aria-label="Session log file" onChange={(e) => void take(e.target.files?.[0])} />
      </div>
      {error && (
        <div className="upload-error" role="alert">
          <p>
            <strong>{error.file}</strong> was not imported; nothing was stored.
          </p>
          <p className="upload-error-message">{error.message}</p>
        </div>
      )}
    </Dialog>
  );
}
