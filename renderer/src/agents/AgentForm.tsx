import { Combobox, Field, Section, Select, TextArea, TextInput, formatCount, formatTokens } from '../ui/index.ts';
import { CodeEditor } from '../ui/CodeEditor.tsx';
import { MODELS, knownModel, modelRates } from '../data/index.ts';
import { effortOf, estimateTokens, modelId, type ModelParams } from './draft.ts';
import { MetadataSection, SkillsSection } from './MoreSections.tsx';
import { problemAt, type SectionProps } from './section-props.ts';
import { BuiltinTools, CustomTools, McpServers } from './ToolSections.tsx';

const MODEL_OPTIONS = MODELS.map((m) => ({ value: m.id, label: m.name, description: `${m.id}${m.contextWindow ? ` · ${formatTokens(m.contextWindow)} context` : ''}` }));

const EFFORTS = [
  { value: 'default', label: 'Model default' },
  { value: 'low', label: 'Low' },
  { value: 'medium', label: 'Medium' },
  { value: 'high', label: 'High' },
  { value: 'xhigh', label: 'Extra high' },
  { value: 'max', label: 'Max' },
] as const;
type Effort = Exclude<(typeof EFFORTS)[number]['value'], 'default'>;

function withModelId(m: ModelParams, id: string): ModelParams {
  return typeof m === 'string' ? id : { ...m, id };
}

function withEffort(m: ModelParams, effort: string): ModelParams {
  const base = typeof m === 'string' ? { id: m } : { ...m };
  if (effort === 'default') {
    delete base.effort;
    return Object.keys(base).length === 1 ? base.id : base;
  }
  return { ...base, effort: effort as Effort };
}

function modelHint(id: string) {
  const m = knownModel(id);
  if (!m) return 'Not one of the models Dockhand knows: it is sent as typed, and costs cannot be estimated.';
  const rates = modelRates(id);
  const price = rates ? ` · $${rates.input} in / $${rates.output} out per million tokens` : '';
  return `${m.name}${m.contextWindow ? ` · ${formatTokens(m.contextWindow)}-token context` : ''}${price}`;
}

function Basics({ draft, update, problems, readOnly }: SectionProps) {
  const id = modelId(draft.model);
  return (
    <Section title="Agent" description="What it is called, what it is for, and the model that thinks for it.">
      <div className="form-grid">
        <Field label="Name" required error={problemAt(problems, 'name')}>
          <TextInput value={draft.name} onChange={(e) => update((d) => ({ ...d, name: e.target.value }))} placeholder="e.g. Release notes writer" readOnly={readOnly} maxLength={256} />
        </Field>
        <Field label="Description" hint="Optional: shown in lists, not sent to the model.">
          <TextArea value={draft.description} onChange={(e) => update((d) => ({ ...d, description: e.target.value }))} rows={2} readOnly={readOnly} />
        </Field>
        <div className="form-row">
          <Field label="Model" required hint={modelHint(id)} error={problemAt(problems, 'model')}>
            <Combobox value={id} onChange={(v) => update((d) => ({ ...d, model: withModelId(d.model, v) }))} options={MODEL_OPTIONS} allowCustom placeholder="Choose or type a model id" disabled={readOnly} />
          </Field>
          <Field label="Effort" hint="How hard the model works on each turn.">
            <Select value={effortOf(draft.model) ?? 'default'} onChange={(v) => update((d) => ({ ...d, model: withEffort(d.model, v) }))} options={EFFORTS} disabled={readOnly} />
          </Field>
        </div>
      </div>
    </Section>
  );
}

function SystemPrompt({ draft, update, readOnly }: SectionProps) {
  const tokens = estimateTokens(draft.system);
  const window = knownModel(modelId(draft.model))?.contextWindow;
  return (
    <Section title="System prompt" description="The instructions the agent starts every session with. Markdown is fine.">
      <div className="prompt-editor">
        <CodeEditor
          language="markdown"
          label="System prompt"
          value={draft.system}
          onChange={(system) => update((d) => ({ ...d, system }))}
          readOnly={readOnly}
          placeholder="You are a careful software engineer…"
          minHeight={180}
          maxHeight={520}
        />
        <p className="editor-footnote tabular">
          {tokens ? (
            <>
              About {formatCount(tokens)} tokens{window ? ` · ${tokens / window < 0.001 ? 'under 0.1' : ((tokens / window) * 100).toFixed(1)}% of the context window` : ''} ·{' '}
              {formatCount(draft.system.length)} characters <span className="muted">(estimated at 4 characters per token)</span>
            </>
          ) : (
            'Empty: the agent starts with no instructions of its own.'
          )}
        </p>
      </div>
    </Section>
  );
}

/** The form view of the agent: every part of its configuration, section by section. */
export function AgentForm(props: SectionProps) {
  return (
    <fieldset className="editor-form" disabled={props.readOnly}>
      <Basics {...props} />
      <SystemPrompt {...props} />
      <BuiltinTools {...props} />
      <CustomTools {...props} />
      <McpServers {...props} />
      <SkillsSection {...props} />
      <MetadataSection {...props} />
    </fieldset>
  );
}
