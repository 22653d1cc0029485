import { useMemo, useState } from 'react';
import { Copy, Play, Save } from 'lucide-react';
import { ArchiveIcon, Badge, Banner, Button, ConfirmDialog, IconButton, Menu, MenuItem, MenuSeparator, PageHeader, Tabs, toast, type Crumb } from '../ui/index.ts';
import { Ellipsis } from 'lucide-react';
import { archiveAgent, createAgent, DockhandError, retrieveAgent, updateAgent, type Agent } from '../data/index.ts';
import { href, navigate } from '../app/routes.ts';
import { useLeaveGuard } from '../app/leave-guard.ts';
import { useShortcut } from '../app/shortcuts.ts';
import { NewSessionDialog } from '../sessions/NewSessionDialog.tsx';
import { AgentForm } from './AgentForm.tsx';
import { ConflictDialog } from './ConflictDialog.tsx';
import { canonical, configFromDraft, configOf, configText, draftOf, NEW_AGENT, parseConfig, updateParams, validate, type AgentDraft, type Problem } from './draft.ts';
import { JsonView } from './JsonView.tsx';
import { schemaProblems } from './schema-check.ts';
import { Versions } from './Versions.tsx';

export type AgentTab = 'form' | 'json' | 'versions';

interface State {
  /** The saved version the edits started from; null for a new agent. */
  base: Agent | null;
  draft: AgentDraft;
  /** The JSON view's text while it is being edited (null: shown from the draft). */
  jsonText: string | null;
  jsonError: string | null;
  /** "Merge by hand": their version, shown beside the JSON. */
  merge: Agent | null;
}

const fresh = (base: Agent | null): State => ({ base, draft: draftOf(base ? configOf(base) : NEW_AGENT), jsonText: null, jsonError: null, merge: null });

/**
 * Creates or edits an agent: the form, the same agent as JSON, and its versions. Save (Ctrl/⌘ S) sends
 * the version the edits started from, so a change made elsewhere meanwhile is never overwritten unseen.
 */
export function AgentEditor({ agent, tab, onTab }: { agent: Agent | null; tab: AgentTab; onTab: (tab: AgentTab) => void }) {
  const [state, setState] = useState<State>(() => fresh(agent));
  const [attempted, setAttempted] = useState(false);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [conflict, setConflict] = useState<Agent | null>(null);
  const [confirmArchive, setConfirmArchive] = useState(false);
  const [archiving, setArchiving] = useState(false);
  const [startSession, setStartSession] = useState(false);
  const { base, draft, jsonText, jsonError, merge } = state;

  const converted = useMemo(() => configFromDraft(draft), [draft]);
  const config = converted.config;
  const schemas = useMemo(() => schemaProblems(draft), [draft]);
  const problems: Problem[] = useMemo(() => (config ? [...validate(config, draft), ...schemas] : [...converted.problems, ...schemas]), [config, draft, converted.problems, schemas]);
  const shownProblems = attempted ? problems : problems.filter((p) => !p.empty);
  const savedConfig = useMemo(() => (base ? configOf(base) : NEW_AGENT), [base]);
  const dirty = Boolean(jsonError) || !config || canonical(config) !== canonical(savedConfig);
  const archived = Boolean(agent?.archived_at);
  const selfHref = agent ? href.agent(agent.id) : href.newAgent();
  const guard = useLeaveGuard(dirty && !archived, selfHref);

  // A newer version saved elsewhere: taken in at once when nothing here is unsaved.
  const newer = agent && base && agent.version > base.version ? agent : null;
  if (newer && !dirty && !saving) setState(fresh(newer));

  const update = (fn: (d: AgentDraft) => AgentDraft) => setState((s) => ({ ...s, draft: fn(s.draft), jsonText: null, jsonError: null }));
  const reset = (to: Agent | null) => setState(fresh(to));

  const onJson = (text: string) => {
    const parsed = parseConfig(text);
    setState((s) => ('error' in parsed ? { ...s, jsonText: text, jsonError: parsed.error } : { ...s, jsonText: text, jsonError: null, draft: draftOf(parsed.config) }));
  };

  const save = async (over?: Agent) => {
    if (archived || saving) return;
    setAttempted(true);
    setSaveError(null);
    if (jsonError) {
      onTab('json');
      return;
    }
    if (!config || problems.length) {
      if (tab !== 'form') onTab('form');
      return;
    }
    setSaving(true);
    try {
      if (!base) {
        const created = await createAgent(config);
        guard.release();
        toast('Agent created', { tone: 'success', description: created.name });
        navigate(href.agent(created.id));
        return;
      }
      const saved = await updateAgent(updateParams(config, over ?? base));
      reset(saved);
      setConflict(null);
      setAttempted(false);
      toast(saved.version === (over ?? base).version ? 'Nothing to save: no changes' : `Saved as v${saved.version}`, { tone: 'success' });
    } catch (err) {
      const e = err instanceof DockhandError ? err : new DockhandError('api_error', String(err));
      if (e.type === 'conflict_error' && base) {
        try {
          setConflict(await retrieveAgent(base.id));
        } catch (again) {
          setSaveError(again instanceof Error ? again.message : String(again));
        }
      } else setSaveError(e.message);
    } finally {
      setSaving(false);
    }
  };
  useShortcut('save', () => void save());

  const archive = async () => {
    if (!agent) return;
    setArchiving(true);
    try {
      await archiveAgent(agent.id);
      toast('Agent archived', { description: agent.name });
      setConfirmArchive(false);
    } catch (err) {
      setSaveError(err instanceof Error ? err.message : String(err));
    } finally {
      setArchiving(false);
    }
  };

  const crumbs: Crumb[] = [{ label: 'Agents', href: href.agents() }];
  const title = base ? base.name : 'New agent';
  const mineText = jsonText ?? (config ? configText(config) : '');
  const blocking = shownProblems.filter((p) => attempted || !p.empty);

  const tabs = [
    {
      value: 'form' as const,
      label: 'Configuration',
      content: <AgentForm draft={draft} update={update} problems={shownProblems} readOnly={archived || Boolean(jsonError)} />,
    },
    {
      value: 'json' as const,
      label: 'JSON',
      content: (
        <JsonView
          text={jsonText ?? (config ? configText(config) : null)}
          onChange={onJson}
          error={jsonError}
          blocked={converted.problems}
          readOnly={archived}
          onDiscard={() => setState((s) => ({ ...s, jsonText: null, jsonError: null }))}
          onShowForm={() => onTab('form')}
          merge={merge}
          onEndMerge={() => setState((s) => ({ ...s, merge: null }))}
        />
      ),
    },
    ...(agent ? [{ value: 'versions' as const, label: `Versions (${agent.version})`, content: <Versions agent={agent} /> }] : []),
  ];

  return (
    <div className="page editor-page">
      <PageHeader
        title={title}
        crumbs={crumbs}
        meta={
          <>
            {base && <Badge>v{base.version}</Badge>}
            {archived && <Badge tone="warning">archived</Badge>}
            {dirty && !archived && <Badge tone="accent">Unsaved changes</Badge>}
          </>
        }
        actions={
          <>
            {agent && !archived && (
              <Button icon={Play} onClick={() => setStartSession(true)}>
                Start session
              </Button>
            )}
            {!archived && (
              <Button variant="primary" icon={Save} busy={saving} onClick={() => void save()} title="Save (Ctrl/⌘ S)">
                {base ? 'Save' : 'Create agent'}
              </Button>
            )}
            {agent && (
              <Menu trigger={<IconButton icon={Ellipsis} label="More actions" />} label="More actions">
                <MenuItem icon={Copy} onSelect={() => void navigator.clipboard?.writeText(agent.id).then(() => toast('Agent id copied', { description: agent.id }))}>
                  Copy id
                </MenuItem>
                <MenuSeparator />
                <MenuItem icon={ArchiveIcon} danger onSelect={() => setConfirmArchive(true)} disabled={archived}>
                  Archive…
                </MenuItem>
              </Menu>
            )}
          </>
        }
      />
      <div className="editor-banners">
        {archived && (
          <Banner tone="info" title="This agent is archived">
            Its versions and sessions are kept; it can no longer be changed or start sessions.
          </Banner>
        )}
        {newer && dirty && !conflict && (
          <Banner tone="warning" title={`v${newer.version} was saved elsewhere while you edit`}>
            Your changes start from v{base!.version}. Saving will show both versions and let you choose.
          </Banner>
        )}
        {saveError && (
          <Banner tone="danger" title="Not saved">
            {saveError}
          </Banner>
        )}
        {attempted && blocking.length > 0 && (
          <Banner tone="danger" title={`Fix ${blocking.length === 1 ? 'this' : `these ${blocking.length} things`} before saving`}>
            <ul className="problem-list">
              {blocking.slice(0, 6).map((p, i) => (
                <li key={i}>{p.message}</li>
              ))}
            </ul>
          </Banner>
        )}
        {jsonError && tab === 'form' && (
          <Banner tone="warning" title="The JSON view has an error" actions={<Button size="sm" onClick={() => onTab('json')}>Show the JSON</Button>}>
            The form shows the last version that worked and is read-only until the JSON is fixed or its edits are discarded.
          </Banner>
        )}
      </div>
      <div className="editor-body">
        <Tabs value={tab === 'versions' && !agent ? 'form' : tab} onChange={onTab} items={tabs} label="Agent editor views" />
      </div>

      {conflict && base && (
        <ConflictDialog
          theirs={conflict}
          baseVersion={base.version}
          mine={config}
          mineText={mineText}
          busy={saving}
          onClose={() => setConflict(null)}
          onKeepMine={() => void save(conflict)}
          onTakeTheirs={() => (reset(conflict), setConflict(null), toast(`Now editing v${conflict.version}`))}
          onMerge={() => {
            setState((s) => ({ ...s, base: conflict, merge: conflict, jsonText: mineText }));
            setConflict(null);
            onTab('json');
          }}
        />
      )}
      <ConfirmDialog
        open={confirmArchive}
        onOpenChange={setConfirmArchive}
        title={`Archive ${agent?.name ?? 'this agent'}?`}
        description="It keeps its versions and its sessions, but it can no longer be changed or start sessions. Archiving cannot be undone."
        confirmLabel="Archive agent"
        danger
        busy={archiving}
        onConfirm={() => void archive()}
      />
      <ConfirmDialog
        open={guard.pending !== null}
        onOpenChange={(o) => !o && guard.stay()}
        title="Leave without saving?"
        description={`Your changes to ${base ? base.name : 'this new agent'} are not saved. Leaving drops them.`}
        confirmLabel="Leave without saving"
        danger
        onConfirm={guard.leave}
      />
      {agent && <NewSessionDialog open={startSession} onOpenChange={setStartSession} agentId={agent.id} />}
    </div>
  );
}
