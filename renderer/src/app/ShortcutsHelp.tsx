import { Dialog, Kbd } from '../ui/index.ts';
import { SHORTCUTS } from './shortcuts.ts';

const MORE = [
  { keys: '↑ ↓', description: 'Move between rows of a list' },
  { keys: 'Enter', description: 'Open the row' },
  { keys: 'Home End', description: 'First or last row' },
  { keys: 'Esc', description: 'Close a dialog or menu' },
  { keys: 'Tab', description: 'Next control (Shift Tab: previous)' },
];

// The sections' "G then a letter" shortcuts share one row, so the list fits without scrolling.
const GO = SHORTCUTS.filter((s) => s.action.startsWith('go-'));
const ROWS = [
  ...SHORTCUTS.filter((s) => !s.action.startsWith('go-')),
  { keys: 'G', description: `Go to a section: G, then ${GO.map((s) => `${s.keys.split(' ')[1]} ${s.description.replace('Go to ', '')}`).join(' · ')}` },
  ...MORE,
];

/** Every keyboard shortcut, in one dialog (press ?). */
export function ShortcutsHelp({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange} title="Keyboard shortcuts" description="Single-key shortcuts work when you are not typing in a field." width="sm">
      <dl className="shortcut-list">
        {ROWS.map((s) => (
          <div key={s.description} className="shortcut-row">
            <dt>{s.description}</dt>
            <dd>
              <Kbd>{s.keys}</Kbd>
            </dd>
          </div>
        ))}
      </dl>
    </Dialog>
  );
}
