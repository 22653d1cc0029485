import type { ReactNode } from 'react';
import { Tooltip as T } from 'radix-ui';
import { Kbd } from './Badge.tsx';

/** One provider for the whole app: tooltips open after a short delay and skip it while moving between them. */
export function TooltipProvider({ children }: { children: ReactNode }) {
  return (
    <T.Provider delayDuration={400} skipDelayDuration={200}>
      {children}
    </T.Provider>
  );
}

/** Explains its (focusable) child on hover and on keyboard focus. */
export function Tooltip({ content, shortcut, side = 'bottom', children }: { content: ReactNode; shortcut?: string; side?: 'top' | 'bottom' | 'left' | 'right'; children: ReactNode }) {
  return (
    <T.Root>
      <T.Trigger asChild>{children}</T.Trigger>
      <T.Portal>
        <T.Content className="tooltip" side={side} sideOffset={6} collisionPadding={8}>
          {content}
          {shortcut && <Kbd>{shortcut}</Kbd>}
        </T.Content>
      </T.Portal>
    </T.Root>
  );
}
