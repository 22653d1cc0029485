// What a session is doing, as the list shows it.
import type { Session } from '../data/index.ts';
import type { DisplayStatus } from './status.tsx';

export const displayStatusOf = (s: Session): DisplayStatus => s.status;
export const useDisplayStatus = (s: Session): DisplayStatus => displayStatusOf(s);
