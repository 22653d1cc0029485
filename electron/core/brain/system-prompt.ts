// The system prompt a model request carries: the agent's, then the skills it can load (name and
// description only: the model reads a skill's SKILL.md when a task needs it), then what system.message
// events added. Built the same way for every request, so the prompt cache holds across turns.
import type { BetaManagedAgentsSessionAgent } from '@anthropic-ai/sdk/resources/beta/sessions/sessions';
import { SKILLS_DIR } from '../hands/contract.ts';
import type { Store } from '../store/index.ts';

export interface SkillSummary {
  name: string;
  description: string;
}

/** The agent's custom skills that have a version to load (those whose version went are left out). */
export function skillsOf(store: Store, agent: BetaManagedAgentsSessionAgent): SkillSummary[] {
  return agent.skills.flatMap((ref) => {
    const v = ref.type === 'custom' ? store.skills.resolve(ref.skill_id, ref.version) : undefined;
    return v ? [{ name: v.version.name, description: v.version.description }] : [];
  });
}

function skillsSection(skills: readonly SkillSummary[]): string {
  const lines = skills.map((s) => `- ${s.name}: ${s.description} (${SKILLS_DIR}/${s.name}/SKILL.md)`);
  return [
    '# Skills',
    `Skills are folders of instructions, scripts and resources in your sandbox, read-only under ${SKILLS_DIR}. When a task matches a skill's description, read its SKILL.md first and follow it; read the other files it names only when you need them.`,
    ...lines,
  ].join('\n');
}

export function systemPrompt(agentSystem: string | null | undefined, skills: readonly SkillSummary[], notes: readonly string[] = []): string | undefined {
  const parts = [agentSystem ?? '', skills.length ? skillsSection(skills) : '', ...notes].filter(Boolean);
  return parts.length ? parts.join('\n\n') : undefined;
}
