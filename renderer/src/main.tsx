import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.tsx';
import { startShortcuts } from './app/shortcuts.ts';
import { startTheme } from './app/theme.ts';
import { startData } from './data/index.ts';
import { CSP_NONCE } from './ui/nonce.ts';
import './ui/index.ts';
import './app/shell.css';

declare global {
  // Read by the style helpers of Radix (react-style-singleton via get-nonce) for the <style> tags they add.
  var __webpack_nonce__: string | undefined;
}
globalThis.__webpack_nonce__ = CSP_NONCE;

startTheme();
startShortcuts();
startData();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
