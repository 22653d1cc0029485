// The design system: tokens and base styles (imported once here), and every primitive the screens use.
import './tokens.css';
import './base.css';
import './controls.css';
import './overlays.css';
import './layout.css';
import './editors.css';
import './tables.css';
import './upload.css';

export { Button, IconButton, type ButtonProps } from './Button.tsx';
export { Badge, Kbd, StatusDot, type Tone } from './Badge.tsx';
export { Field, SearchInput, TextArea, TextInput, useFieldProps } from './Field.tsx';
export { Select, type SelectOption } from './Select.tsx';
export { Combobox, type ComboOption } from './Combobox.tsx';
export { Switch } from './Switch.tsx';
export { ConfirmDialog, Dialog } from './Dialog.tsx';
export { Menu, MenuItem, MenuLabel, MenuRadioGroup, MenuSeparator } from './Menu.tsx';
export { Tooltip, TooltipProvider } from './Tooltip.tsx';
export { Tabs, type TabItem } from './Tabs.tsx';
export { ProgressBar } from './Progress.tsx';
export { EmptyState, ErrorState, LoadingState, Spinner } from './States.tsx';
export { Banner } from './Banner.tsx';
export { AboutSection, Facts, PageBody, PageHeader, Section, type Crumb } from './Page.tsx';
export { Toaster, toast } from './Toast.tsx';
export { VirtualTable, type Column } from './VirtualTable.tsx';
export { RelativeTime } from './RelativeTime.tsx';
export { CountBadge, ListScreen } from './ListScreen.tsx';
// CodeEditor (CodeMirror) and DiffView are imported from their own files: they load with the screens
// that use them, not with the app.
export { ChipInput } from './ChipInput.tsx';
export { RadioCards, type RadioCardOption } from './RadioCards.tsx';
export * from './icons.ts';
export * from './format.ts';
export { CSP_NONCE } from './nonce.ts';
