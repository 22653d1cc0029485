import { Trash2 } from 'lucide-react';
import { Button, IconButton, NewIcon, Section, Select, TextInput } from '../ui/index.ts';
import { newKey, type AgentDraft } from './draft.ts';
import { problemAt, type SectionProps } from './section-props.ts';

type Skill = AgentDraft['skills'][number];

const SKILL_TYPES = [
  { value: 'anthropic', label: 'Anthropic', description: 'A skill Anthropic publishes, e.g. xlsx' },
  { value: 'custom', label: 'Custom', description: 'One of your own, by its skill_… id' },
] as const;

export function SkillsSection({ draft, update, problems, readOnly }: SectionProps) {
  const set = (key: string, patch: Partial<Skill>) => update((d) => ({ ...d, skills: d.skills.map((s) => (s.key === key ? ({ ...s, ...patch } as Skill) : s)) }));
  return (
    <Section
      title="Skills"
      description="Packaged instructions and files the agent can load when a task needs them."
      actions={
        <Button size="sm" icon={NewIcon} onClick={() => update((d) => ({ ...d, skills: [...d.skills, { key: newKey(), type: 'anthropic', skill_id: '' }] }))} disabled={readOnly}>
          Add skill
        </Button>
      }
    >
      {draft.skills.length ? (
        <>
          <p className="editor-footnote">Saved with the agent; Dockhand does not load skills into its sessions yet.</p>
          <ul className="row-list" aria-label="Skills">
            {draft.skills.map((s, i) => {
              const error = problemAt(problems, 'skills', s.key);
              return (
                <li key={s.key} className="row-list-item">
                  <div className="skill-row">
                    <Select label={`Kind of skill ${i + 1}`} value={s.type} onChange={(type) => set(s.key, { type })} options={SKILL_TYPES} disabled={readOnly} />
                    <TextInput aria-label={`Id of skill ${i + 1}`} aria-invalid={error ? true : undefined} value={s.skill_id} onChange={(e) => set(s.key, { skill_id: e.target.value })} placeholder={s.type === 'anthropic' ? 'xlsx' : 'skill_01…'} className="mono" readOnly={readOnly} />
                    <TextInput aria-label={`Version of skill ${i + 1}`} value={s.version ?? ''} onChange={(e) => set(s.key, { version: e.target.value || undefined })} placeholder="latest" readOnly={readOnly} />
                    <IconButton icon={Trash2} label={`Remove skill ${s.skill_id || i + 1}`} size="sm" onClick={() => update((d) => ({ ...d, skills: d.skills.filter((x) => x.key !== s.key) }))} disabled={readOnly} />
                  </div>
                  {error && <p className="field-error">{error}</p>}
                </li>
              );
            })}
          </ul>
        </>
      ) : (
        <p className="muted">No skills.</p>
      )}
    </Section>
  );
}

export function MetadataSection({ draft, update, problems, readOnly }: SectionProps) {
  const set = (key: string, patch: Partial<AgentDraft['metadata'][number]>) => update((d) => ({ ...d, metadata: d.metadata.map((m) => (m.key === key ? { ...m, ...patch } : m)) }));
  const whole = problemAt(problems, 'metadata', undefined);
  return (
    <Section
      title="Metadata"
      description="Your own labels (up to 16 keys), returned with the agent and not sent to the model."
      actions={
        <Button size="sm" icon={NewIcon} onClick={() => update((d) => ({ ...d, metadata: [...d.metadata, { key: newKey(), name: '', value: '' }] }))} disabled={readOnly || draft.metadata.length >= 16}>
          Add entry
        </Button>
      }
    >
      {draft.metadata.length ? (
        <ul className="row-list" aria-label="Metadata">
          {draft.metadata.map((m, i) => {
            const error = problemAt(problems, 'metadata', m.key);
            return (
              <li key={m.key} className="row-list-item">
                <div className="metadata-row">
                  <TextInput aria-label={`Key of entry ${i + 1}`} aria-invalid={problemAt(problems, 'metadata', m.key, 'name') ? true : undefined} value={m.name} onChange={(e) => set(m.key, { name: e.target.value })} placeholder="key" className="mono" readOnly={readOnly} />
                  <TextInput aria-label={`Value of ${m.name || `entry ${i + 1}`}`} value={m.value} onChange={(e) => set(m.key, { value: e.target.value })} placeholder="value" readOnly={readOnly} />
                  <IconButton icon={Trash2} label={`Remove ${m.name || `entry ${i + 1}`}`} size="sm" onClick={() => update((d) => ({ ...d, metadata: d.metadata.filter((x) => x.key !== m.key) }))} disabled={readOnly} />
                </div>
                {error && <p className="field-error">{error}</p>}
              </li>
            );
          })}
        </ul>
      ) : (
        <p className="muted">No metadata.</p>
      )}
      {whole && !draft.metadata.some((m) => problemAt(problems, 'metadata', m.key)) && <p className="field-error">{whole}</p>}
    </Section>
  );
}
