// What every timeline row is made of: a frame (who, when, what) and the text of content blocks.
import type { ReactNode } from 'react';
import type { LucideIcon } from 'lucide-react';
import type { Tone } from '../../ui/index.ts';

type Block = { type: string; text?: string };

/** The text of content blocks; a block that is not text is named in brackets (an image, a document). */
export function blocksText(blocks: readonly Block[] | null | undefined): string {
  return (blocks ?? []).map((b) => (b.type === 'text' ? (b.text ?? '') : `[${b.type}]`)).join('\n\n');
}

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });

export function RowFrame({
  id,
  icon: Icon,
  title,
  meta,
  tone = 'neutral',
  at,
  compact,
  children,
}: {
  id?: string;
  icon: LucideIcon;
  title: ReactNode;
  meta?: ReactNode;
  tone?: Tone;
  at?: string | null;
  /** One line: a status change, a marker. */
  compact?: boolean;
  children?: ReactNode;
}) {
  return (
    <div className={`tl-row tl-${tone}${compact ? ' tl-compact' : ''}`}>
      <span className="tl-icon" aria-hidden="true">
        <Icon size={14} />
      </span>
      <div className="tl-main">
        <div className="tl-head">
          <span className="tl-title" id={id}>
            {title}
          </span>
          {meta && <span className="tl-meta">{meta}</span>}
          {at && (
            <time className="tl-time tabular" dateTime={at}>
              {timeFormat.format(new Date(at))}
            </time>
          )}
        </div>
        {children && <div className="tl-body">{children}</div>}
      </div>
    </div>
  );
}
