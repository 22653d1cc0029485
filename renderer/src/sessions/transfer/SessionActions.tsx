// The session page's actions: switch between the live view and replay, export the log as JSONL.
import { useState } from 'react';
import { Download, History, MoreHorizontal, Radio } from 'lucide-react';
import { Button, Menu, MenuItem, toast } from '../../ui/index.ts';
import { downloadText } from '../../ui/download.ts';
import { DockhandError, exportSession, originOf, type Session } from '../../data/index.ts';
import { href, navigate } from '../../app/routes.ts';

/** A file name from the title (or the id). */
const fileName = (s: Session) => `${(s.title || s.id).replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 80) || s.id}.jsonl`;

export function SessionActions({ session, replaying }: { session: Session; replaying: boolean }) {
  const [busy, setBusy] = useState(false);
  const readOnly = originOf(session)?.type === 'import';
  const exportLog = async () => {
    setBusy(true);
    try {
      downloadText(fileName(session), await exportSession(session.id), 'application/x-ndjson');
      toast('Log exported', { tone: 'success', description: fileName(session) });
    } catch (err) {
      toast('Could not export', { tone: 'danger', description: err instanceof DockhandError ? err.message : String(err) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      {!readOnly &&
        (replaying ? (
          <Button icon={Radio} onClick={() => navigate(href.session(session.id))}>
            Back to live
          </Button>
        ) : (
          <Button icon={History} onClick={() => navigate(`${href.session(session.id)}?replay`)}>
            Replay
          </Button>
        ))}
      <Menu trigger={<Button icon={MoreHorizontal} busy={busy} aria-label="Session actions">Actions</Button>} label="Session actions">
        <MenuItem icon={Download} onSelect={() => void exportLog()}>
          Export as JSONL
        </MenuItem>
      </Menu>
    </>
  );
}
