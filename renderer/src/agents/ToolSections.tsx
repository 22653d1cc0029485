import { useMemo } from 'react';
import { Plug, Trash2, Wrench } from 'lucide-react';
import { Banner, Button, Field, IconButton, NewIcon, Section, Select, Switch, TextArea, TextInput, type SelectOption } from '../ui/index.ts';
import { CodeEditor } from '../ui/CodeEditor.tsx';
import {
  BUILTIN_TOOLS,
  NEW_SCHEMA,
  TOOLSET,
  builtinSetting,
  mcpDefault,
  newKey,
  setBuiltin,
  type AgentDraft,
  type DraftTool,
  type McpToolsetParams,
  type PolicyType,
  type ToolsetParams,
} from './draft.ts';
import { problemAt, type SectionProps } from './section-props.ts';
import { checkSchema } from './schema-check.ts';

const POLICIES: SelectOption<PolicyType>[] = [
  { value: 'always_allow', label: 'Always allow', description: 'Runs without asking' },
  { value: 'always_ask', label: 'Always ask', description: 'Waits for someone to approve each call' },
];
const AUTO: SelectOption<PolicyType> = { value: 'auto', label: 'Auto', description: 'The server judges each call' };
/** "auto" is offered only where a configuration already uses it (Dockhand asks for such calls). */
const policiesFor = (current: PolicyType) => (current === 'auto' ? [...POLICIES, AUTO] : POLICIES);

function PolicySelect({ value, onChange, label, disabled, size = 'sm' }: { value: PolicyType; onChange: (v: PolicyType) => void; label: string; disabled?: boolean; size?: 'sm' | 'md' }) {
  return <Select size={size} value={value} onChange={onChange} options={policiesFor(value)} label={label} disabled={disabled} />;
}

const replaceTool = (d: AgentDraft, key: string, fn: (t: DraftTool) => DraftTool): AgentDraft => ({ ...d, tools: d.tools.map((t) => (t.key === key ? fn(t) : t)) });

export function BuiltinTools({ draft, update, readOnly }: SectionProps) {
  const entry = draft.tools.find((t): t is Extract<DraftTool, { kind: 'toolset' }> => t.kind === 'toolset');
  const set = (fn: (t: ToolsetParams) => ToolsetParams) => entry && update((d) => replaceTool(d, entry.key, (t) => (t.kind === 'toolset' ? { ...t, value: fn(t.value) } : t)));
  const toggle = (on: boolean) =>
    update((d) => (on ? { ...d, tools: [{ key: newKey(), kind: 'toolset', value: { type: TOOLSET } }, ...d.tools] } : { ...d, tools: d.tools.filter((t) => t.kind !== 'toolset') }));
  const toolset = entry?.value;
  const d = toolset && { enabled: toolset.default_config?.enabled ?? true, policy: toolset.default_config?.permission_policy?.type ?? 'always_allow' };
  return (
    <Section
      title="Built-in tools"
      description={
        <>
          The <code>{TOOLSET}</code> toolset: what the agent may do in its sandbox. “Always ask” pauses the session before each call until someone approves it.
        </>
      }
      actions={<Switch label="Built-in tools" checked={Boolean(entry)} onChange={toggle} disabled={readOnly} />}
    >
      {toolset && d ? (
        <table className="tool-table">
          <thead>
            <tr>
              <th scope="col">Tool</th>
              <th scope="col">What it does</th>
              <th scope="col">Enabled</th>
              <th scope="col">Permission</th>
            </tr>
          </thead>
          <tbody>
            <tr className="tool-table-default">
              <th scope="row" colSpan={2}>
                Every tool, unless set below
              </th>
              <td>
                <Switch
                  label={<span className="visually-hidden">Enable every built-in tool by default</span>}
                  checked={d.enabled}
                  onChange={(enabled) => set((t) => ({ ...t, default_config: { ...t.default_config, enabled } }))}
                  disabled={readOnly}
                />
              </td>
              <td>
                <PolicySelect
                  label="Default permission for built-in tools"
                  value={d.policy}
                  onChange={(type) => set((t) => ({ ...t, default_config: { ...t.default_config, permission_policy: { type } } }))}
                  disabled={readOnly}
                />
              </td>
            </tr>
            {BUILTIN_TOOLS.map(({ name, summary }) => {
              const s = builtinSetting(toolset, name);
              return (
                <tr key={name} data-tool={name}>
                  <th scope="row">
                    <code>{name}</code>
                  </th>
                  <td className="muted">{summary}</td>
                  <td>
                    <Switch label={<span className="visually-hidden">Enable {name}</span>} checked={s.enabled} onChange={(enabled) => set((t) => setBuiltin(t, name, { enabled }))} disabled={readOnly} />
                  </td>
                  <td>
                    <PolicySelect label={`Permission for ${name}`} value={s.policy} onChange={(policy) => set((t) => setBuiltin(t, name, { policy }))} disabled={readOnly || !s.enabled} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : (
        <p className="muted">The agent has no built-in tools: it can only answer, and call the custom and MCP tools below.</p>
      )}
    </Section>
  );
}

function CustomToolCard({ tool, update, problems, readOnly, index }: { tool: Extract<DraftTool, { kind: 'custom' }>; index: number } & Omit<SectionProps, 'draft'>) {
  const schemaProblems = useMemo(() => checkSchema(tool.schemaText), [tool.schemaText]);
  const set = (patch: Partial<typeof tool>) => update((d) => replaceTool(d, tool.key, (t) => ({ ...t, ...patch }) as DraftTool));
  const title = tool.name || `Custom tool ${index + 1}`;
  const schemaError = schemaProblems.length ? `${schemaProblems[0]!.message}${schemaProblems.length > 1 ? ` (and ${schemaProblems.length - 1} more, marked in the editor)` : ''}` : undefined;
  return (
    <li className="editor-card" aria-label={title}>
      <header className="editor-card-header">
        <Wrench size={14} aria-hidden="true" className="muted" />
        <h3 className="truncate">{title}</h3>
        <IconButton icon={Trash2} label={`Remove ${title}`} size="sm" onClick={() => update((d) => ({ ...d, tools: d.tools.filter((t) => t.key !== tool.key) }))} disabled={readOnly} />
      </header>
      <div className="form-grid">
        <Field label="Name" required hint="What the model calls it: letters, digits, _ and -." error={problemAt(problems, 'custom', tool.key, 'name')}>
          <TextInput value={tool.name} onChange={(e) => set({ name: e.target.value })} placeholder="e.g. lookup_order" className="mono" readOnly={readOnly} />
        </Field>
        <Field label="Description" hint="Tells the model when and how to use the tool." error={problemAt(problems, 'custom', tool.key, 'description')}>
          <TextArea value={tool.description} onChange={(e) => set({ description: e.target.value })} rows={2} readOnly={readOnly} />
        </Field>
        <Field label="Input schema" hint="JSON Schema of the tool's input; checked as you type." error={schemaError}>
          <CodeEditor language="json" label={`Input schema of ${title}`} value={tool.schemaText} onChange={(schemaText) => set({ schemaText })} lint={checkSchema} readOnly={readOnly} minHeight={120} maxHeight={360} />
        </Field>
      </div>
      <p className="editor-footnote">
        When the agent calls it, the session pauses with an <code>agent.custom_tool_use</code> event until your client sends the result.
      </p>
    </li>
  );
}

export function CustomTools({ draft, update, problems, readOnly }: SectionProps) {
  const tools = draft.tools.filter((t): t is Extract<DraftTool, { kind: 'custom' }> => t.kind === 'custom');
  const add = () => update((d) => ({ ...d, tools: [...d.tools, { key: newKey(), kind: 'custom', name: '', description: '', schemaText: NEW_SCHEMA }] }));
  return (
    <Section
      title="Custom tools"
      description="Tools your own code runs: the model sees the name, description and input schema."
      actions={
        <Button size="sm" icon={NewIcon} onClick={add} disabled={readOnly}>
          Add custom tool
        </Button>
      }
    >
      {tools.length ? (
        <ul className="editor-cards" aria-label="Custom tools">
          {tools.map((t, i) => (
            <CustomToolCard key={t.key} tool={t} index={i} update={update} problems={problems} readOnly={readOnly} />
          ))}
        </ul>
      ) : (
        <p className="muted">No custom tools.</p>
      )}
    </Section>
  );
}

type Server = AgentDraft['mcpServers'][number];

function McpServerCard({ server, toolset, update, problems, readOnly, index }: { server: Server; toolset: Extract<DraftTool, { kind: 'mcp' }> | undefined; index: number } & Omit<SectionProps, 'draft'>) {
  const title = server.name || `MCP server ${index + 1}`;
  const setServer = (patch: Partial<Server>) => update((d) => ({ ...d, mcpServers: d.mcpServers.map((s) => (s.key === server.key ? { ...s, ...patch } : s)) }));
  const setToolset = (fn: (t: McpToolsetParams) => McpToolsetParams) =>
    toolset && update((d) => replaceTool(d, toolset.key, (t) => (t.kind === 'mcp' ? { ...t, value: fn(t.value) } : t)));
  const addToolset = () =>
    update((d) => {
      const key = newKey();
      return { ...d, tools: [...d.tools, { key, kind: 'mcp', value: { type: 'mcp_toolset', mcp_server_name: server.name } }], mcpServers: d.mcpServers.map((s) => (s.key === server.key ? { ...s, toolsetKey: key } : s)) };
    });
  const remove = () => update((d) => ({ ...d, mcpServers: d.mcpServers.filter((s) => s.key !== server.key), tools: d.tools.filter((t) => t.key !== server.toolsetKey) }));
  const def = toolset && mcpDefault(toolset.value);
  const configs = toolset?.value.configs ?? [];
  const setConfig = (i: number, patch: Partial<(typeof configs)[number]>) => setToolset((t) => ({ ...t, configs: (t.configs ?? []).map((c, j) => (j === i ? { ...c, ...patch } : c)) }));
  return (
    <li className="editor-card" aria-label={title}>
      <header className="editor-card-header">
        <Plug size={14} aria-hidden="true" className="muted" />
        <h3 className="truncate">{title}</h3>
        <IconButton icon={Trash2} label={`Remove ${title}`} size="sm" onClick={remove} disabled={readOnly} />
      </header>
      <div className="form-grid">
        <div className="form-row">
          <Field label="Name" required error={problemAt(problems, 'mcp', server.key, 'name')}>
            <TextInput value={server.name} onChange={(e) => setServer({ name: e.target.value })} placeholder="e.g. linear" readOnly={readOnly} />
          </Field>
          <Field label="Address" required error={problemAt(problems, 'mcp', server.key, 'url')}>
            <TextInput type="url" value={server.url} onChange={(e) => setServer({ url: e.target.value })} placeholder="https://mcp.example.com/mcp" readOnly={readOnly} />
          </Field>
        </div>
        {toolset && def ? (
          <fieldset className="fieldset">
            <legend>Its tools</legend>
            <div className="inline-controls">
              <Switch
                label="Enabled unless set below"
                checked={def.enabled}
                onChange={(enabled) => setToolset((t) => ({ ...t, default_config: { ...t.default_config, enabled } }))}
                disabled={readOnly}
              />
              <PolicySelect
                label={`Default permission for ${title}'s tools`}
                value={def.policy}
                onChange={(type) => setToolset((t) => ({ ...t, default_config: { ...t.default_config, permission_policy: { type } } }))}
                disabled={readOnly}
              />
            </div>
            {configs.length > 0 && (
              <ul className="override-list" aria-label={`Tool settings for ${title}`}>
                {configs.map((c, i) => (
                  <li key={i} className="override-row">
                    <TextInput aria-label="Tool name" value={c.name} onChange={(e) => setConfig(i, { name: e.target.value })} placeholder="tool name" className="mono" readOnly={readOnly} />
                    <Switch
                      label={<span className="visually-hidden">Enable {c.name || 'this tool'}</span>}
                      checked={c.enabled ?? def.enabled}
                      onChange={(enabled) => setConfig(i, { enabled })}
                      disabled={readOnly}
                    />
                    <PolicySelect size="md" label={`Permission for ${c.name || 'this tool'}`} value={c.permission_policy?.type ?? def.policy} onChange={(type) => setConfig(i, { permission_policy: { type } })} disabled={readOnly} />
                    <IconButton icon={Trash2} label={`Remove the setting for ${c.name || 'this tool'}`} size="sm" onClick={() => setToolset((t) => ({ ...t, configs: (t.configs ?? []).filter((_, j) => j !== i) }))} disabled={readOnly} />
                  </li>
                ))}
              </ul>
            )}
            {problemAt(problems, 'mcp', server.key, 'tools') && <p className="field-error">{problemAt(problems, 'mcp', server.key, 'tools')}</p>}
            <div>
              <Button size="sm" variant="ghost" icon={NewIcon} onClick={() => setToolset((t) => ({ ...t, configs: [...(t.configs ?? []), { name: '', enabled: def.enabled, permission_policy: { type: def.policy } }] }))} disabled={readOnly}>
                Set one tool
              </Button>
            </div>
          </fieldset>
        ) : (
          <Banner tone="warning" title="This server has no toolset" actions={<Button size="sm" onClick={addToolset} disabled={readOnly}>Add its toolset</Button>}>
            The API needs an <code>mcp_toolset</code> for every server.
          </Banner>
        )}
      </div>
    </li>
  );
}

export function McpServers({ draft, update, problems, readOnly }: SectionProps) {
  const toolsets = draft.tools.filter((t): t is Extract<DraftTool, { kind: 'mcp' }> => t.kind === 'mcp');
  const orphans = toolsets.filter((t) => !draft.mcpServers.some((s) => s.toolsetKey === t.key));
  const add = () =>
    update((d) => {
      const toolsetKey = newKey();
      return {
        ...d,
        tools: [...d.tools, { key: toolsetKey, kind: 'mcp', value: { type: 'mcp_toolset', mcp_server_name: '' } }],
        mcpServers: [...d.mcpServers, { key: newKey(), type: 'url', name: '', url: '', toolsetKey }],
      };
    });
  return (
    <Section
      title="MCP servers"
      description="Servers whose tools the agent may call. Their tools ask before each call unless set otherwise."
      actions={
        <Button size="sm" icon={NewIcon} onClick={add} disabled={readOnly}>
          Add MCP server
        </Button>
      }
    >
      {draft.mcpServers.length > 0 && (
        <p className="editor-footnote">Saved with the agent now; Dockhand connects to MCP servers once its MCP support lands, so sessions do not call them yet.</p>
      )}
      {orphans.map((t) => (
        <Banner
          key={t.key}
          tone="warning"
          title={`A toolset names the MCP server “${t.value.mcp_server_name}”, which is not listed`}
          actions={
            <Button size="sm" onClick={() => update((d) => ({ ...d, tools: d.tools.filter((x) => x.key !== t.key) }))} disabled={readOnly}>
              Remove the toolset
            </Button>
          }
        />
      ))}
      {draft.mcpServers.length ? (
        <ul className="editor-cards" aria-label="MCP servers">
          {draft.mcpServers.map((s, i) => (
            <McpServerCard key={s.key} server={s} toolset={toolsets.find((t) => t.key === s.toolsetKey)} index={i} update={update} problems={problems} readOnly={readOnly} />
          ))}
        </ul>
      ) : (
        <p className="muted">No MCP servers.</p>
      )}
    </Section>
  );
}
