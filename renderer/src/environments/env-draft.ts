// The environment editor's model: the fields a person edits, from and to the API's shapes, and the
// checks the API makes (electron/core/api/schemas/environments.ts), repeated here so a bad package name
// or host shows beside the field as it is typed. test/core/environment-rules.test.ts holds both to the
// same answers. Pure functions, no React.
import type { Environment, EnvironmentCreateParams } from '../data/types.ts';
import type { Params } from '../../../electron/core/api/contract.ts';

export const MANAGERS = ['apt', 'pip', 'npm', 'cargo', 'gem', 'go'] as const;
export type Manager = (typeof MANAGERS)[number];

export interface EnvDraft {
  name: string;
  description: string;
  /** A self-hosted environment has no packages or networking to set here. */
  selfHosted: boolean;
  networking: 'unrestricted' | 'limited';
  allowedHosts: string[];
  allowPackageManagers: boolean;
  allowMcpServers: boolean;
  packages: Record<Manager, string[]>;
}

const noPackages = (): Record<Manager, string[]> => ({ apt: [], pip: [], npm: [], cargo: [], gem: [], go: [] });

export const NEW_ENVIRONMENT: EnvDraft = {
  name: '',
  description: '',
  selfHosted: false,
  networking: 'limited',
  allowedHosts: [],
  allowPackageManagers: true,
  allowMcpServers: false,
  packages: noPackages(),
};

export function envDraftOf(env: Environment): EnvDraft {
  const base = { ...NEW_ENVIRONMENT, name: env.name, description: env.description ?? '' };
  if (env.config.type !== 'cloud') return { ...base, selfHosted: true };
  const n = env.config.networking;
  const packages = noPackages();
  for (const m of MANAGERS) packages[m] = [...(env.config.packages[m] ?? [])];
  return n.type === 'limited'
    ? { ...base, networking: 'limited', allowedHosts: [...(n.allowed_hosts ?? [])], allowPackageManagers: n.allow_package_managers ?? false, allowMcpServers: n.allow_mcp_servers ?? false, packages }
    : { ...base, networking: 'unrestricted', allowPackageManagers: false, packages };
}

export function configOf(d: EnvDraft): NonNullable<EnvironmentCreateParams['config']> {
  if (d.selfHosted) return { type: 'self_hosted' };
  return {
    type: 'cloud',
    networking:
      d.networking === 'limited'
        ? { type: 'limited', allowed_hosts: d.allowedHosts, allow_package_managers: d.allowPackageManagers, allow_mcp_servers: d.allowMcpServers }
        : { type: 'unrestricted' },
    packages: { type: 'packages', ...d.packages },
  };
}

// An empty description field means none (null): the API keeps "" as "".
export const createParams = (d: EnvDraft): EnvironmentCreateParams => ({ name: d.name.trim(), description: d.description || null, config: configOf(d) });

export const updateParams = (d: EnvDraft, id: string): Params<'environments.update'> => ({ environment_id: id, name: d.name.trim(), description: d.description || null, config: configOf(d) });

/** Whether two drafts save to the same environment (what the limited-only switches hold does not matter when unrestricted). */
export function sameEnvironment(a: EnvDraft, b: EnvDraft): boolean {
  return JSON.stringify(createParams(a)) === JSON.stringify(createParams(b));
}

// The API's rules (schemas/environments.ts), word for word.
const SPEC = /^[A-Za-z0-9@][A-Za-z0-9@._+:=<>~^/-]*$/;
const HOST = /^(\*\.)?[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?(:\d{1,5})?$/;
export const MAX_LIST = 256;

/** Why a package spec would be refused, or null. */
export function specProblem(spec: string): string | null {
  if (spec.length > 256) return 'A package spec is at most 256 characters.';
  if (!SPEC.test(spec)) return `“${spec}” is not a package name: use letters, digits and . _ + : = < > ~ ^ / @ - (a version pin like ==1.2 is fine; spaces and shell characters are not).`;
  return null;
}

/** Why an allowed host would be refused, or null. */
export function hostProblem(host: string): string | null {
  if (host.length > 253) return 'A host name is at most 253 characters.';
  if (/^[a-z]+:\/\//i.test(host)) return `Give the host only, without ${host.split('//')[0]}//: e.g. ${host.replace(/^[a-z]+:\/\//i, '').split('/')[0]}.`;
  if (!HOST.test(host)) return `“${host}” is not a host name: use a name like api.example.com, *.example.com or example.com:8443.`;
  return null;
}

export interface EnvProblem {
  where: 'name' | 'description' | Manager | 'hosts';
  message: string;
  empty?: boolean;
}

export function validateEnv(d: EnvDraft): EnvProblem[] {
  const out: EnvProblem[] = [];
  if (!d.name.trim()) out.push({ where: 'name', message: 'Give the environment a name.', empty: true });
  else if (d.name.trim().length > 256) out.push({ where: 'name', message: 'The name is longer than 256 characters.' });
  if (d.description.length > 10_000) out.push({ where: 'description', message: 'The description is longer than 10,000 characters.' });
  if (d.selfHosted) return out;
  for (const m of MANAGERS) {
    const bad = d.packages[m].map(specProblem).find(Boolean);
    if (bad) out.push({ where: m, message: bad });
    else if (d.packages[m].length > MAX_LIST) out.push({ where: m, message: `At most ${MAX_LIST} ${m} packages.` });
  }
  if (d.networking === 'limited') {
    const bad = d.allowedHosts.map(hostProblem).find(Boolean);
    if (bad) out.push({ where: 'hosts', message: bad });
    else if (d.allowedHosts.length > MAX_LIST) out.push({ where: 'hosts', message: `At most ${MAX_LIST} allowed hosts.` });
  }
  return out;
}

/** A failed build's message in plain words: what went wrong, when it can be told from the package manager's output. */
export function explainBuildFailure(message: string): string {
  const apt = /Unable to locate package (\S+)/.exec(message);
  if (apt) return `apt has no package named “${apt[1]}”: check its Debian (bookworm) name, e.g. at packages.debian.org.`;
  const pip = /No matching distribution found for (\S+)/.exec(message);
  if (pip) return `pip found no release of “${pip[1]}” that installs here: check the name and the version pin.`;
  const npm = /404 Not Found - GET \S+\/([^/\s]+)/.exec(message);
  if (npm) return `npm has no package named “${decodeURIComponent(npm[1]!)}”.`;
  if (/Temporary failure resolving|Could not resolve host|ENOTFOUND|Network is unreachable/.test(message))
    return 'The build could not reach the package registry: check this computer’s internet connection.';
  if (/Cannot connect to the Docker daemon|connect ENOENT .*docker\.sock|EACCES .*docker\.sock/.test(message)) return 'Dockhand cannot reach the Docker engine: start Docker and build again.';
  if (/base image .* is not on this Docker engine|rootfs\.sh|debootstrap/.test(message))
    return 'The sandbox base image could not be made: it is built once per machine with debootstrap, which needs root.';
  return 'A step of the build failed. Its last lines are below.';
}

/** Bytes as people read them: "208 MB". */
export function formatBytes(n: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let i = 0;
  let v = n;
  while (v >= 1000 && i < units.length - 1) (v /= 1000, i++);
  return `${v >= 100 || i === 0 ? Math.round(v) : v.toFixed(1)} ${units[i]}`;
}
