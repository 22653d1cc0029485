import { DarkIcon, LightIcon, PageBody, PageHeader, Section, SystemIcon } from '../ui/index.ts';
import { setTheme, useTheme, type ThemeChoice } from '../app/theme.ts';

const THEMES: { value: ThemeChoice; label: string; icon: typeof LightIcon }[] = [
  { value: 'system', label: 'Match the system', icon: SystemIcon },
  { value: 'light', label: 'Light', icon: LightIcon },
  { value: 'dark', label: 'Dark', icon: DarkIcon },
];

function ThemeChooser() {
  const { choice } = useTheme();
  return (
    <div className="segmented" role="radiogroup" aria-label="Theme">
      {THEMES.map(({ value, label, icon: Icon }) => (
        <button key={value} type="button" role="radio" aria-checked={choice === value} className="segmented-item" onClick={() => setTheme(value)}>
          <Icon size={14} aria-hidden="true" />
          {label}
        </button>
      ))}
    </div>
  );
}

/** Settings: how Dockhand reaches the model and Docker, its local API, its data, and how it looks. */
export function Settings() {
  return (
    <div className="page">
      <PageHeader title="Settings" />
      <PageBody width="narrow">
        <Section title="Appearance" description="Light or dark; “Match the system” follows your operating system as it changes.">
          <ThemeChooser />
        </Section>
      </PageBody>
    </div>
  );
}
