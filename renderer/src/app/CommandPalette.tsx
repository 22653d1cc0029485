import { useMemo, useState, type KeyboardEvent, type ReactNode } from 'react';
import { Dialog as D } from 'radix-ui';
import type { LucideIcon } from 'lucide-react';
import { CircleHelp } from 'lucide-react';
import { AgentIcon, DarkIcon, EnvironmentIcon, LightIcon, NewIcon, SearchIcon, SessionIcon, SettingsIcon, SkillIcon, SystemIcon, UsageIcon, VaultIcon } from '../ui/index.ts';
import { useAgents, useEnvironments, useSessions, useSkills, type Agent, type Environment, type Session, type Skill } from '../data/index.ts';
import { href, navigate } from './routes.ts';
import { setTheme } from './theme.ts';

interface Entry {
  id: string;
  group: 'Commands' | 'Agents' | 'Environments' | 'Sessions' | 'Skills';
  icon: LucideIcon;
  label: ReactNode;
  /** What the query is matched against. */
  text: string;
  hint?: string;
  run: () => void;
}

const PER_GROUP = 8;

const commands = (openHelp: () => void, openNewSession: () => void): Entry[] => [
  { id: 'cmd-new-agent', group: 'Commands', icon: NewIcon, label: 'New agent', text: 'new agent create', run: () => navigate(href.newAgent()) },
  { id: 'cmd-new-env', group: 'Commands', icon: NewIcon, label: 'New environment', text: 'new environment create', run: () => navigate(href.newEnvironment()) },
  { id: 'cmd-new-session', group: 'Commands', icon: NewIcon, label: 'New session', text: 'new session start run', run: openNewSession },
  { id: 'cmd-agents', group: 'Commands', icon: AgentIcon, label: 'Go to Agents', text: 'go agents', hint: 'G A', run: () => navigate(href.agents()) },
  { id: 'cmd-envs', group: 'Commands', icon: EnvironmentIcon, label: 'Go to Environments', text: 'go environments', hint: 'G E', run: () => navigate(href.environments()) },
  { id: 'cmd-sessions', group: 'Commands', icon: SessionIcon, label: 'Go to Sessions', text: 'go sessions', hint: 'G S', run: () => navigate(href.sessions()) },
  { id: 'cmd-usage', group: 'Commands', icon: UsageIcon, label: 'Go to Usage', text: 'go usage cost tokens spend', hint: 'G U', run: () => navigate(href.usage()) },
  { id: 'cmd-vaults', group: 'Commands', icon: VaultIcon, label: 'Go to Vaults', text: 'go vaults secrets credentials keychain', hint: 'G V', run: () => navigate(href.vaults()) },
  { id: 'cmd-skills', group: 'Commands', icon: SkillIcon, label: 'Go to Skills', text: 'go skills upload skill.md instructions', hint: 'G K', run: () => navigate(href.skills()) },
  { id: 'cmd-settings', group: 'Commands', icon: SettingsIcon, label: 'Go to Settings', text: 'go settings preferences', hint: 'G ,', run: () => navigate(href.settings()) },
  { id: 'cmd-light', group: 'Commands', icon: LightIcon, label: 'Theme: light', text: 'theme light', run: () => setTheme('light') },
  { id: 'cmd-dark', group: 'Commands', icon: DarkIcon, label: 'Theme: dark', text: 'theme dark', run: () => setTheme('dark') },
  { id: 'cmd-system', group: 'Commands', icon: SystemIcon, label: 'Theme: match the system', text: 'theme system auto', run: () => setTheme('system') },
  { id: 'cmd-help', group: 'Commands', icon: CircleHelp, label: 'Keyboard shortcuts', text: 'keyboard shortcuts help', hint: '?', run: openHelp },
];

function matching<T>(items: readonly T[], query: string, text: (item: T) => string): T[] {
  const out: T[] = [];
  for (const item of items) {
    if (text(item).toLowerCase().includes(query)) out.push(item);
    if (out.length === PER_GROUP) break;
  }
  return out;
}

/** Ctrl/⌘ K: one box to jump to any agent, environment or session, or run a command. */
export function CommandPalette({ open, onOpenChange, onHelp, onNewSession }: { open: boolean; onOpenChange: (open: boolean) => void; onHelp: () => void; onNewSession: () => void }) {
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const agents = useAgents((s) => s.items);
  const environments = useEnvironments((s) => s.items);
  const sessions = useSessions((s) => s.items);
  const skills = useSkills((s) => s.items);

  const entries = useMemo(() => {
    const q = query.trim().toLowerCase();
    const cmds = commands(onHelp, onNewSession).filter((c) => !q || c.text.includes(q) || String(c.label).toLowerCase().includes(q));
    if (!q) return cmds;
    const agentEntries = matching<Agent>(agents, q, (a) => `${a.name} ${a.id} ${a.model.id}`).map<Entry>((a) => ({ id: a.id, group: 'Agents', icon: AgentIcon, label: a.name, text: a.name, hint: a.model.id, run: () => navigate(href.agent(a.id)) }));
    const envEntries = matching<Environment>(environments, q, (e) => `${e.name} ${e.id}`).map<Entry>((e) => ({ id: e.id, group: 'Environments', icon: EnvironmentIcon, label: e.name, text: e.name, hint: e.id, run: () => navigate(href.environment(e.id)) }));
    const sessionEntries = matching<Session>(sessions, q, (s) => `${s.title ?? ''} ${s.id} ${s.agent.name}`).map<Entry>((s) => ({ id: s.id, group: 'Sessions', icon: SessionIcon, label: s.title || s.id, text: s.id, hint: s.agent.name, run: () => navigate(href.session(s.id)) }));
    const skillEntries = matching<Skill>(skills, q, (s) => `${s.display_name} ${s.id}`).map<Entry>((s) => ({ id: s.id, group: 'Skills', icon: SkillIcon, label: s.display_name, text: s.display_name, hint: s.id, run: () => navigate(href.skill(s.id)) }));
    return [...agentEntries, ...envEntries, ...sessionEntries, ...skillEntries, ...cmds];
  }, [query, agents, environments, sessions, skills, onHelp, onNewSession]);

  const current = Math.min(active, Math.max(0, entries.length - 1));
  const choose = (entry: Entry | undefined) => {
    if (!entry) return;
    onOpenChange(false);
    entry.run();
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const n = entries.length;
      if (n) setActive((current + (e.key === 'ArrowDown' ? 1 : n - 1)) % n);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      choose(entries[current]);
    }
  };

  const groups = [...new Set(entries.map((e) => e.group))];
  const optionId = (entry: Entry) => `palette-${entry.id}`;

  return (
    <D.Root
      open={open}
      onOpenChange={(o) => {
        onOpenChange(o);
        if (!o) (setQuery(''), setActive(0));
      }}
    >
      <D.Portal>
        <D.Overlay className="scrim" />
        <D.Content className="dialog dialog-md palette" aria-label="Search and commands" onCloseAutoFocus={(e) => e.preventDefault()}>
          <D.Title className="visually-hidden">Search and commands</D.Title>
          <D.Description className="visually-hidden">Type to find agents, environments, sessions and skills, or a command. Arrow keys choose, Enter opens.</D.Description>
          <div className="palette-input">
            <SearchIcon size={16} aria-hidden="true" />
            <input
              role="combobox"
              aria-expanded="true"
              aria-controls="palette-list"
              aria-activedescendant={entries[current] ? optionId(entries[current]) : undefined}
              aria-label="Search agents, environments, sessions, skills and commands"
              placeholder="Search agents, environments, sessions, skills, or type a command…"
              value={query}
              onChange={(e) => (setQuery(e.target.value), setActive(0))}
              onKeyDown={onKeyDown}
              autoComplete="off"
              spellCheck={false}
            />
          </div>
          <div id="palette-list" role="listbox" aria-label="Results" className="palette-list">
            {entries.length === 0 && <p className="palette-empty">Nothing matches “{query}”.</p>}
            {groups.map((g) => (
              <div key={g} role="group" aria-label={g} className="palette-group">
                <div className="palette-group-label" aria-hidden="true">
                  {g}
                </div>
                {entries
                  .filter((e) => e.group === g)
                  .map((entry) => {
                    const index = entries.indexOf(entry);
                    const Icon = entry.icon;
                    return (
                      <div
                        key={entry.id}
                        id={optionId(entry)}
                        role="option"
                        aria-selected={index === current}
                        className="palette-option"
                        onMouseMove={() => index !== current && setActive(index)}
                        onClick={() => choose(entry)}
                      >
                        <Icon size={14} aria-hidden="true" />
                        <span className="truncate">{entry.label}</span>
                        {entry.hint && <span className="palette-hint truncate">{entry.hint}</span>}
                      </div>
                    );
                  })}
              </div>
            ))}
          </div>
        </D.Content>
      </D.Portal>
    </D.Root>
  );
}
