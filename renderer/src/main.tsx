import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { initialClient } from './connect.ts';
import { useDockhand } from './store.ts';
import './styles.css';

useDockhand.getState().setClient(initialClient());

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
