// The environment editor's checks (renderer/src/environments/env-draft.ts) repeat the API's rules for
// package specs and hosts; here both judge the same samples, and the editor's draft round-trips through
// the API's own schema and resolver.
import { describe, expect, it } from 'vitest';
import { EnvironmentCreate } from '../../electron/core/api/schemas/environments.ts';
import { resolveEnvironmentConfig } from '../../electron/core/services/environments.ts';
import { createParams, envDraftOf, explainBuildFailure, formatBytes, hostProblem, sameEnvironment, specProblem } from '../../renderer/src/environments/env-draft.ts';

const apiAcceptsSpec = (spec: string) => EnvironmentCreate.safeParse({ name: 'e', config: { type: 'cloud', packages: { pip: [spec] } } }).success;
const apiAcceptsHost = (host: string) => EnvironmentCreate.safeParse({ name: 'e', config: { type: 'cloud', networking: { type: 'limited', allowed_hosts: [host] } } }).success;

const SPECS = ['jq', 'requests==2.32.3', 'typescript@5', '@types/node@20', 'golang.org/x/tools/gopls@latest', 'numpy>=1.26,<2', 'python3-venv', 'pkg~=1.0', 'a^1', 'x:y',
  '', ' jq', 'jq;rm -rf /', 'a b', '$(id)', '-rf', 'pandas|sh', 'x'.repeat(256), 'x'.repeat(257), '.hidden', 'name*'];
const HOSTS = ['api.github.com', '*.example.com', 'example.com:8443', 'localhost', 'a', 'x1.y2', 'https://api.github.com', 'api.github.com/repos', '*.', 'exa mple.com',
  '-bad.com', 'bad-.com', 'host:', 'host:123456', `${'a'.repeat(250)}.com`, '*.*.com', 'under_score.com'];

describe('the environment editor’s checks', () => {
  it('refuse exactly the package specs the API refuses', () => {
    for (const spec of SPECS) expect(specProblem(spec) === null, JSON.stringify(spec)).toBe(apiAcceptsSpec(spec));
  });

  it('refuse exactly the hosts the API refuses', () => {
    for (const host of HOSTS) expect(hostProblem(host) === null, JSON.stringify(host)).toBe(apiAcceptsHost(host));
  });

  it('a saved environment round-trips through the draft, the API schema and its resolver', () => {
    for (const config of [
      { type: 'cloud' as const, networking: { type: 'limited' as const, allowed_hosts: ['api.github.com'], allow_package_managers: true, allow_mcp_servers: false }, packages: { apt: ['git'], pip: ['requests==2.32.3'] } },
      { type: 'cloud' as const, networking: { type: 'unrestricted' as const } },
      { type: 'self_hosted' as const },
    ]) {
      const resolved = resolveEnvironmentConfig(config);
      const at = '2026-11-28T00:00:00Z';
      const env = { id: 'env_x', type: 'environment' as const, name: 'e', description: null, config: resolved, metadata: {}, scope: 'account' as const, created_at: at, updated_at: at, archived_at: null };
      const params = EnvironmentCreate.parse(createParams(envDraftOf(env)));
      expect(resolveEnvironmentConfig(params.config)).toEqual(resolved);
      expect(sameEnvironment(envDraftOf(env), envDraftOf(env))).toBe(true);
    }
  });

  it('explains common build failures in words', () => {
    expect(explainBuildFailure('E: Unable to locate package no-such-pkg')).toMatch(/apt has no package named “no-such-pkg”/);
    expect(explainBuildFailure('ERROR: No matching distribution found for reqests==9')).toMatch(/pip found no release of “reqests==9”/);
    expect(explainBuildFailure('npm ERR! 404 Not Found - GET https://registry.npmjs.org/left-padd - Not found')).toBe('npm has no package named “left-padd”.');
    expect(explainBuildFailure('something else')).toBe('A step of the build failed. Its last lines are below.');
    expect(formatBytes(208_123_456)).toBe('208 MB');
    expect(formatBytes(1_500)).toBe('1.5 KB');
    expect(formatBytes(12)).toBe('12 B');
  });
});
