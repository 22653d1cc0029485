import type { LucideIcon } from 'lucide-react';
import { CircleHelp } from 'lucide-react';
import { AgentIcon, CommandIcon, DarkIcon, EnvironmentIcon, IconButton, LightIcon, Menu, MenuLabel, MenuRadioGroup, SessionIcon, SettingsIcon, SkillIcon, SystemIcon, UsageIcon, VaultIcon, formatCount } from '../ui/index.ts';
import { useActivity, useAgents, useEnvironments, useSessions, useSkills, useVaults } from '../data/index.ts';
import { href, type Section } from './routes.ts';
import { MOD } from './shortcuts.ts';
import { setTheme, useTheme, type ThemeChoice } from './theme.ts';

interface Counted {
  items: readonly unknown[];
  complete: boolean;
  status: string;
}

/** "250", or "1,000+" while pages are still coming. */
const countOf = (s: Counted) => (s.status === 'ready' ? `${formatCount(s.items.length)}${s.complete ? '' : '+'}` : null);

/** How many sessions wait for the user (a tool call to approve, a custom tool's result). */
const useWaiting = () => useActivity((a) => [...a.byId.values()].filter((x) => x.state === 'requires_action').length);

function NavItem({ section, current, icon: Icon, label, count, waiting = 0, shortcut }: { section: Section; current: boolean; icon: LucideIcon; label: string; count?: string | null; waiting?: number; shortcut: string }) {
  return (
    <li>
      <a className="nav-item" href={href[section]()} aria-current={current ? 'page' : undefined} title={`${label} (${shortcut})`}>
        <Icon size={16} aria-hidden="true" />
        <span className="nav-label">{label}</span>
        {waiting > 0 && (
          <span className="nav-waiting tabular" title={`${waiting} waiting for your approval`} aria-label={`${waiting} waiting for your approval`}>
            {formatCount(waiting)}
          </span>
        )}
        {count && (
          <span className="nav-count tabular" aria-label={`${count} ${label.toLowerCase()}`}>
            {count}
          </span>
        )}
      </a>
    </li>
  );
}

const THEMES = [
  { value: 'system', label: 'Match the system', icon: SystemIcon },
  { value: 'light', label: 'Light', icon: LightIcon },
  { value: 'dark', label: 'Dark', icon: DarkIcon },
] as const;

/** The left navigation: the sections with their live counts, and the app-wide controls. */
export function Nav({ section, onPalette, onHelp }: { section: Section | null; onPalette: () => void; onHelp: () => void }) {
  const agents = countOf(useAgents());
  const environments = countOf(useEnvironments());
  const sessions = countOf(useSessions());
  const waiting = useWaiting();
  const vaults = countOf(useVaults());
  const skills = countOf(useSkills());
  const theme = useTheme();
  const ThemeIcon = theme.choice === 'system' ? SystemIcon : theme.applied === 'dark' ? DarkIcon : LightIcon;
  return (
    <nav className="nav" aria-label="Main">
      <div className="brand">
        <svg className="brand-mark" viewBox="0 0 32 32" aria-hidden="true">
          <rect x="2" y="2" width="28" height="28" rx="7" />
          <path d="M8 11h16v11H8z M12 11v11 M16 11v11 M20 11v11" />
        </svg>
        <span className="brand-name">Dockhand</span>
      </div>
      <button type="button" className="nav-search" onClick={onPalette}>
        <CommandIcon size={14} aria-hidden="true" />
        <span className="nav-search-label">Search…</span>
        <span className="kbd-group" aria-hidden="true">
          <kbd className="kbd">{MOD}</kbd>
          <kbd className="kbd">K</kbd>
        </span>
      </button>
      <ul className="nav-list">
        <NavItem section="agents" current={section === 'agents'} icon={AgentIcon} label="Agents" count={agents} shortcut="G A" />
        <NavItem section="environments" current={section === 'environments'} icon={EnvironmentIcon} label="Environments" count={environments} shortcut="G E" />
        <NavItem section="sessions" current={section === 'sessions'} icon={SessionIcon} label="Sessions" count={sessions} waiting={waiting} shortcut="G S" />
        <NavItem section="usage" current={section === 'usage'} icon={UsageIcon} label="Usage" shortcut="G U" />
        <NavItem section="vaults" current={section === 'vaults'} icon={VaultIcon} label="Vaults" count={vaults} shortcut="G V" />
        <NavItem section="skills" current={section === 'skills'} icon={SkillIcon} label="Skills" count={skills} shortcut="G K" />
      </ul>
      <div className="nav-footer">
        <ul className="nav-list">
          <NavItem section="settings" current={section === 'settings'} icon={SettingsIcon} label="Settings" shortcut="G ," />
        </ul>
        <div className="nav-tools">
          <Menu trigger={<IconButton icon={ThemeIcon} label="Theme" size="sm" />} align="start" label="Theme">
            <MenuLabel>Theme</MenuLabel>
            <MenuRadioGroup<ThemeChoice> value={theme.choice} onChange={setTheme} options={THEMES} />
          </Menu>
          <IconButton icon={CircleHelp} label="Keyboard shortcuts" shortcut="?" size="sm" onClick={onHelp} />
        </div>
      </div>
    </nav>
  );
}
