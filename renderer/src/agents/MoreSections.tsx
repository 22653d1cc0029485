import { Trash2 } from 'lucide-react';
import { Button, Combobox, IconButton, NewIcon, Section, Select, TextInput, formatDateTime } from '../ui/index.ts';
import { useSkills, useSkillVersions } from '../data/index.ts';
import { href } from '../app/routes.ts';
import { newKey, type AgentDraft } from './draft.ts';
import { problemAt, type SectionProps } from './section-props.ts';

type Skill = AgentDraft['skills'][number];

const SKILL_TYPES = [
  { value: 'anthropic', label: 'Anthropic', description: 'A skill Anthropic publishes, e.g. xlsx' },
  { value: 'custom', label: 'Custom', description: 'One you uploaded under Skills' },
] as const;

/** A custom skill chosen among the uploaded ones (by display name; the skill_id is stored), and its version or `latest`. */
function CustomSkillPicker({ skill, index, readOnly, set }: { skill: Skill; index: number; readOnly?: boolean; set: (patch: Partial<Skill>) => void }) {
  const skills = useSkills((s) => s.items);
  const versions = useSkillVersions(skill.skill_id || null);
  const options = skills.map((k) => ({ value: k.id, label: k.display_name, description: k.id }));
  const versionOptions = [
    { value: 'latest', label: 'latest', description: 'The newest version at each session' },
    ...versions.items.map((v) => ({ value: v.id, label: v.id, description: `${v.name} · ${formatDateTime(v.created_at)}` })),
  ];
  return (
    <>
      <Combobox label={`Skill ${index + 1}`} value={skill.skill_id} onChange={(skill_id) => set({ skill_id, version: undefined })} options={options} placeholder={skills.length ? 'Choose a skill…' : 'No skills uploaded'} disabled={readOnly} />
      <Select label={`Version of skill ${index + 1}`} value={skill.version ?? 'latest'} onChange={(version) => set({ version })} options={versionOptions} disabled={readOnly || !skill.skill_id} />
    </>
  );
}

export function SkillsSection({ draft, update, problems, readOnly }: SectionProps) {
  const set = (key: string, patch: Partial<Skill>) => update((d) => ({ ...d, skills: d.skills.map((s) => (s.key === key ? ({ ...s, ...patch } as Skill) : s)) }));
  const uploaded = useSkills((s) => s.status === 'ready' && s.items.length > 0);
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
          <p className="editor-footnote">
            Custom skills are mounted read-only in the sandbox (with Docker hands) and listed to the model; Anthropic&rsquo;s own are saved with the agent, not loaded.
            {!uploaded && draft.skills.some((s) => s.type === 'custom') && (
              <>
                {' '}
                No skill is uploaded yet: <a href={href.skills()}>upload one under Skills</a>.
              </>
            )}
          </p>
          <ul className="row-list" aria-label="Skills">
            {draft.skills.map((s, i) => {
              const error = problemAt(problems, 'skills', s.key);
              return (
                <li key={s.key} className="row-list-item">
                  <div className="skill-row">
                    <Select label={`Kind of skill ${i + 1}`} value={s.type} onChange={(type) => type !== s.type && set(s.key, { type, skill_id: '', version: undefined })} options={SKILL_TYPES} disabled={readOnly} />
                    {s.type === 'custom' ? (
                      <CustomSkillPicker skill={s} index={i} readOnly={readOnly} set={(patch) => set(s.key, patch)} />
                    ) : (
                      <>
                        <TextInput aria-label={`Id of skill ${i + 1}`} aria-invalid={error ? true : undefined} value={s.skill_id} onChange={(e) => set(s.key, { skill_id: e.target.value })} placeholder="xlsx" className="mono" readOnly={readOnly} />
                        <TextInput aria-label={`Version of skill ${i + 1}`} value={s.version ?? ''} onChange={(e) => set(s.key, { version: e.target.value || undefined })} placeholder="latest" readOnly={readOnly} />
                      </>
                    )}
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
