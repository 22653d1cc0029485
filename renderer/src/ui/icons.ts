// The icon for each kind of thing, so every screen shows an agent, an environment or a session the
// same way. Icons are lucide's; import others from 'lucide-react' directly.
export {
  Bot as AgentIcon,
  Container as EnvironmentIcon,
  MessagesSquare as SessionIcon,
  Settings as SettingsIcon,
  LockKeyhole as VaultIcon,
  KeyRound as CredentialIcon,
  Plus as NewIcon,
  Search as SearchIcon,
  Sun as LightIcon,
  Moon as DarkIcon,
  Monitor as SystemIcon,
  Archive as ArchiveIcon,
  Command as CommandIcon,
  Keyboard as KeyboardIcon,
  ChartColumn as UsageIcon,
  BookOpenText as SkillIcon,
  Upload as UploadIcon,
} from 'lucide-react';
