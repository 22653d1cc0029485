// First launch: the three sample logs shipped with Dockhand (a coding session with approvals, one that
// compacts its context, one with a flaky model), imported as read-only sessions to replay.
import { useState } from 'react';
import { History } from 'lucide-react';
import { Button, toast } from '../../ui/index.ts';
import { DockhandError, importSampleLogs } from '../../data/index.ts';
import { href, navigate } from '../../app/routes.ts';

export function SampleLogsButton({ variant = 'secondary' }: { variant?: 'primary' | 'secondary' }) {
  const [busy, setBusy] = useState(false);
  const open = async () => {
    setBusy(true);
    try {
      const sessions = await importSampleLogs();
      toast('Sample logs opened', { tone: 'success', description: `${sessions.length} read-only sessions to replay` });
      navigate(href.session(sessions[0]!.id));
    } catch (err) {
      toast('Could not open the sample logs', { tone: 'danger', description: err instanceof DockhandError ? err.message : String(err) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button variant={variant} icon={History} busy={busy} onClick={() => void open()}>
      Open the sample logs
    </Button>
  );
}
