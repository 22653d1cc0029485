import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.tsx';
import { startShortcuts } from './app/shortcuts.ts';
import { startTheme } from './app/theme.ts';
import { startData } from './data/index.ts';
import './ui/index.ts';
import './app/shell.css';

declare global {
  // Read by the style helpers of Radix (react-style-singleton via get-nonce) for the <style> tags they add.
  var __webpack_nonce__: string | undefined;
}

// The page's CSP allows inline <style> only with this response's nonce (served in a meta tag).
globalThis.__webpack_nonce__ = document.querySelector<HTMLMetaElement>('meta[property="csp-nonce"]')?.nonce || undefined;

startTheme();
startShortcuts();
startData();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
