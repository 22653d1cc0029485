// Light and dark: follow the OS unless the user picked one. The choice is kept in localStorage and
// applied as `data-theme` on <html>, which the tokens read.
import { create } from 'zustand';

export type ThemeChoice = 'system' | 'light' | 'dark';
const STORAGE_KEY = 'dockhand.theme';
const media = window.matchMedia('(prefers-color-scheme: dark)');

function stored(): ThemeChoice {
  const v = window.localStorage.getItem(STORAGE_KEY);
  return v === 'light' || v === 'dark' ? v : 'system';
}

const resolve = (choice: ThemeChoice): 'light' | 'dark' => (choice === 'system' ? (media.matches ? 'dark' : 'light') : choice);

export const useTheme = create<{ choice: ThemeChoice; applied: 'light' | 'dark' }>()(() => {
  const choice = stored();
  return { choice, applied: resolve(choice) };
});

function apply(): void {
  const { choice } = useTheme.getState();
  const applied = resolve(choice);
  document.documentElement.dataset.theme = applied;
  if (useTheme.getState().applied !== applied) useTheme.setState({ applied });
}

export function setTheme(choice: ThemeChoice): void {
  if (choice === 'system') window.localStorage.removeItem(STORAGE_KEY);
  else window.localStorage.setItem(STORAGE_KEY, choice);
  useTheme.setState({ choice });
  apply();
}

/** Applies the theme before the first paint and follows the OS while the choice is "system". */
export function startTheme(): void {
  apply();
  media.addEventListener('change', apply);
  // Another window of the app changed the choice.
  window.addEventListener('storage', (e) => {
    if (e.key === STORAGE_KEY) (useTheme.setState({ choice: stored() }), apply());
  });
}
