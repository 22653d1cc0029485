import { useCallback, useEffect, useRef, useState } from 'react';
import { Toaster, TooltipProvider } from '../ui/index.ts';
import { useConnection } from '../data/index.ts';
import { NewSessionDialog } from '../sessions/NewSessionDialog.tsx';
import { CommandPalette } from './CommandPalette.tsx';
import { KeyPrompt } from './KeyPrompt.tsx';
import { Nav } from './Nav.tsx';
import { href, navigate, sectionOf, useRoute } from './routes.ts';
import { Screen } from './Screen.tsx';
import { useShortcut } from './shortcuts.ts';
import { ShortcutsHelp } from './ShortcutsHelp.tsx';
import { StatusBar } from './StatusBar.tsx';
import { ConnectionBanner } from './SystemBanners.tsx';

/** The app: a key prompt until core is reachable (serve mode), then the shell around the current screen. */
export function App() {
  const { client, state } = useConnection();
  return <TooltipProvider>{!client || state === 'refused' ? <KeyPrompt refused={state === 'refused'} /> : <Shell />}</TooltipProvider>;
}

function Shell() {
  const { route } = useRoute();
  const section = sectionOf(route);
  const [palette, setPalette] = useState(false);
  const [help, setHelp] = useState(false);
  const [newSession, setNewSession] = useState(false);
  const mainRef = useRef<HTMLElement>(null);

  useShortcut('palette', () => setPalette((o) => !o));
  useShortcut('help', () => setHelp(true));
  useShortcut('go-agents', () => navigate(href.agents()));
  useShortcut('go-environments', () => navigate(href.environments()));
  useShortcut('go-sessions', () => navigate(href.sessions()));
  useShortcut('go-usage', () => navigate(href.usage()));
  useShortcut('go-vaults', () => navigate(href.vaults()));
  useShortcut('go-skills', () => navigate(href.skills()));
  useShortcut('go-settings', () => navigate(href.settings()));
  const openNewSession = useCallback(() => setNewSession(true), []);
  const openHelp = useCallback(() => setHelp(true), []);

  // After navigating, the new screen's title takes focus (unless something inside the screen already has it).
  const screenKey = JSON.stringify(route);
  const first = useRef(true);
  useEffect(() => {
    if (first.current) return void (first.current = false);
    const main = mainRef.current;
    if (main && !main.contains(document.activeElement)) main.querySelector<HTMLElement>('[data-page-title]')?.focus({ preventScroll: true });
  }, [screenKey]);

  return (
    <div className="shell">
      <a className="skip-link" href="#main" onClick={(e) => (e.preventDefault(), mainRef.current?.querySelector<HTMLElement>('[data-page-title]')?.focus())}>
        Skip to content
      </a>
      <Nav section={section} onPalette={() => setPalette(true)} onHelp={openHelp} />
      <main className="main" id="main" ref={mainRef}>
        <ConnectionBanner />
        <Screen route={route} onNewSession={openNewSession} />
      </main>
      <StatusBar />
      <CommandPalette open={palette} onOpenChange={setPalette} onHelp={openHelp} onNewSession={openNewSession} />
      <ShortcutsHelp open={help} onOpenChange={setHelp} />
      <NewSessionDialog open={newSession} onOpenChange={setNewSession} />
      <Toaster />
    </div>
  );
}
