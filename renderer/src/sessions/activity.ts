// What a session is doing, as the list shows it: its status, with idle told apart by why it stopped.
import { activityState, useActivity, type Session } from '../data/index.ts';
import type { DisplayStatus } from './status.tsx';

export const useDisplayStatus = (s: Session): DisplayStatus => activityState(s, useActivity((a) => a.byId.get(s.id)));
