// What the log records for the events a user sends (events.send, a session's initial_events): the
// official echo, which for `user.define_outcome` carries the server's `outcome_id`.
import type { UserEventInput } from '../api/schemas/events.ts';
import { newId } from '../store/ids.ts';
import type { NewEvent } from '../store/events.ts';

export const recorded = (events: readonly UserEventInput[]): NewEvent[] =>
  events.map((e) => (e.type === 'user.define_outcome' ? { ...e, outcome_id: newId('outc'), max_iterations: e.max_iterations ?? null } : e) as NewEvent);
