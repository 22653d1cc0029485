import { lazy } from 'react';
import { LazyScreen } from '../app/LazyScreen.tsx';

// The charts (uPlot) load with this screen only.
const UsagePage = lazy(() => import('./UsagePage.tsx').then((m) => ({ default: m.UsagePage })));

export function UsageScreen() {
  return (
    <LazyScreen label="Opening usage…">
      <UsagePage />
    </LazyScreen>
  );
}
