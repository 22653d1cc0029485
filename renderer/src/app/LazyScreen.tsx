import { Suspense, useEffect, type ReactNode } from 'react';
import { LoadingState } from '../ui/index.ts';

/** Once a late screen is in, its title takes the focus the router gave to nothing while it loaded. */
function TitleFocus({ children }: { children: ReactNode }) {
  useEffect(() => {
    const active = document.activeElement;
    if (!active || active === document.body) document.querySelector<HTMLElement>('main [data-page-title]')?.focus({ preventScroll: true });
  }, []);
  return children;
}

/** A screen whose code loads on first use (React.lazy): a loading state meanwhile, then the screen as if it had always been there. */
export function LazyScreen({ children, label }: { children: ReactNode; label: string }) {
  return (
    <Suspense fallback={<LoadingState label={label} />}>
      <TitleFocus>{children}</TitleFocus>
    </Suspense>
  );
}
