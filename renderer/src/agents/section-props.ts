import type { AgentDraft, Problem } from './draft.ts';

export type Update = (fn: (d: AgentDraft) => AgentDraft) => void;

/** What every section of the agent form gets. */
export interface SectionProps {
  draft: AgentDraft;
  update: Update;
  problems: readonly Problem[];
  readOnly: boolean;
}

/** The problem to show under one field (the first, when there are several). */
export const problemAt = (problems: readonly Problem[], where: Problem['where'], key?: string, field?: string) =>
  problems.find((p) => p.where === where && (key === undefined || p.key === key) && (field === undefined || p.field === field))?.message;
