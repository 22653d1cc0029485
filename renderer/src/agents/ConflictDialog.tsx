import { Dialog, Button } from '../ui/index.ts';
import { DiffView } from '../ui/DiffView.tsx';
import type { Agent } from '../data/index.ts';
import { AgentDiff } from './AgentDiff.tsx';
import { configOf, configText, type AgentConfig } from './draft.ts';

export interface ConflictProps {
  theirs: Agent;
  /** The version your edits started from. */
  baseVersion: number;
  /** Your edits: as a configuration, or (when the JSON view does not parse) as its text. */
  mine: AgentConfig | null;
  mineText: string;
  busy: boolean;
  onKeepMine: () => void;
  onTakeTheirs: () => void;
  onMerge: () => void;
  onClose: () => void;
}

/** Save found a newer version: shows theirs against yours and lets you choose. Nothing you typed is dropped unless you take theirs. */
export function ConflictDialog({ theirs, baseVersion, mine, mineText, busy, onKeepMine, onTakeTheirs, onMerge, onClose }: ConflictProps) {
  return (
    <Dialog
      open
      onOpenChange={(o) => !o && onClose()}
      width="lg"
      title={`${theirs.name} changed while you were editing`}
      description={
        <>
          You started from v{baseVersion}; v{theirs.version} was saved since (through the API, the SDK or another window). Your changes are kept until you choose.
        </>
      }
      footer={
        <>
          <Button onClick={onTakeTheirs}>Take theirs</Button>
          <Button onClick={onMerge}>Merge by hand</Button>
          <Button variant="primary" onClick={onKeepMine} busy={busy} disabled={!mine}>
            Keep mine and save
          </Button>
        </>
      }
    >
      {mine ? (
        <AgentDiff before={configOf(theirs)} after={mine} beforeLabel={`Theirs · v${theirs.version}`} afterLabel="Yours (not saved)" />
      ) : (
        <DiffView label="Theirs against yours" before={configText(configOf(theirs))} after={mineText} beforeLabel={`Theirs · v${theirs.version}`} afterLabel="Yours (not saved)" />
      )}
    </Dialog>
  );
}
