// For every operation that takes a JSON body: a valid body, its required fields, and for each field
// values that are wrong (type, shape, size or nesting). Each value alone must make the request a 400.
import type { Method } from '../../electron/core/api/contract.ts';

export interface Ids {
  agent: string;
  env: string;
  session: string;
  vault: string;
  /** An event of another session than `session`. */
  foreignEvent: string;
  /** A file, and a resource of `session` (mounting it). */
  file: string;
  resource: string;
  /** A skill named `robust-skill`, and its version. */
  skill: string;
  skillVersion: string;
}

/** A skill's one file, inline (as the RPC path and IPC carry uploads). */
const skillFile = (path = 'robust-skill/SKILL.md', name = 'robust-skill') => ({
  type: 'inline',
  filename: path,
  data: Buffer.from(`---\nname: ${name}\ndescription: For bad-input tests.\n---\nbody\n`).toString('base64'),
});
const SKILL_FILES = ['x', 1, [], [{}], [{ type: 'inline', filename: 'a' }], [skillFile('../robust-skill/SKILL.md')], [skillFile('/robust-skill/SKILL.md')], [skillFile('robust-skill/notes.md')], [skillFile(undefined, 'Not Kebab')]];

export interface BodySpec {
  base: Record<string, unknown>;
  required: string[];
  wrong: Record<string, unknown[]>;
}

export const long = (n: number) => 'x'.repeat(n);
const many = <T>(n: number, f: (i: number) => T) => Array.from({ length: n }, (_, i) => f(i));

/** `{a:{a:...}}` `depth` levels deep, built without recursion. */
export function nested(depth: number, leaf: unknown = 1): unknown {
  let v = leaf;
  for (let i = 0; i < depth; i++) v = { a: v };
  return v;
}

const text = (t: string) => ({ type: 'text', text: t });
export const message = (t: string) => ({ type: 'user.message', content: [text(t)] });

const STRING = [1, true, [], {}, null];
const NULLABLE_STRING = [1, false, ['x'], { s: 'x' }];
const NAME = [...STRING, '', '   ', long(257)];
const MODEL = [...STRING, '', long(257), { id: 1 }, { id: 'm', speed: 'warp' }, { id: 'm', effort: 'extreme' }, { id: 'm', extra: 1 }];
const METADATA = ['x', 1, ['a'], { k: 1 }, { k: true }, { k: { v: 'x' } }, { '': 'v' }, { [long(65)]: 'v' }, { k: long(513) }, Object.fromEntries(many(17, (i) => [`k${i}`, 'v']))];
const TOOLS = [
  'bash',
  1,
  {},
  [1],
  [null],
  [{}],
  [{ type: 'bash_20250124' }],
  [{ type: 'custom', name: 'x' }],
  [{ type: 'custom', name: 'bad name!', description: '', input_schema: { type: 'object' } }],
  [{ type: 'custom', name: 'x', description: '', input_schema: { type: 'string' } }],
  [{ type: 'custom', name: 'x', description: '', input_schema: { type: 'object', properties: nested(80) } }],
  [{ type: 'agent_toolset_20260401', configs: [{ name: 'rm' }] }],
  [{ type: 'agent_toolset_20260401', default_config: { permission_policy: { type: 'sometimes' } } }],
  [{ type: 'mcp_toolset' }],
  many(257, () => ({ type: 'agent_toolset_20260401' })),
];
const CLOUD = (extra: Record<string, unknown>) => ({ type: 'cloud', ...extra });
const CONFIG = [
  'cloud',
  1,
  [],
  {},
  { type: 'docker' },
  CLOUD({ networking: 'none' }),
  CLOUD({ networking: { type: 'open' } }),
  CLOUD({ networking: { type: 'limited', allowed_hosts: 'example.com' } }),
  CLOUD({ networking: { type: 'limited', allowed_hosts: ['http://evil.example/path'] } }),
  CLOUD({ networking: { type: 'limited', allowed_hosts: ['a b'] } }),
  CLOUD({ networking: { type: 'limited', allow_package_managers: 'yes' } }),
  CLOUD({ packages: { brew: ['x'] } }),
  CLOUD({ packages: { apt: 'jq' } }),
  CLOUD({ packages: { apt: ['jq; rm -rf /'] } }),
  CLOUD({ packages: { pip: ['$(reboot)'] } }),
  CLOUD({ packages: { npm: [''] } }),
  CLOUD({ packages: { apt: many(257, (i) => `p${i}`) } }),
  { type: 'self_hosted', extra: 1 },
];

export function bodySpecs(ids: Ids): Partial<Record<Method, BodySpec>> {
  return {
    'agents.create': {
      base: { name: 'robust-agent', model: 'claude-sonnet-4-6' },
      required: ['name', 'model'],
      wrong: {
        name: NAME,
        model: MODEL,
        description: [...NULLABLE_STRING, long(100_001)],
        system: [...NULLABLE_STRING, long(100_001)],
        tools: TOOLS,
        mcp_servers: ['x', {}, [{}], [{ type: 'url', name: 'x', url: 'not a url' }], [{ type: 'stdio', name: 'x', command: 'sh' }], many(21, (i) => ({ type: 'url', name: `s${i}`, url: 'http://127.0.0.1/' }))],
        skills: ['x', [{}], [{ type: 'x', skill_id: 's' }], [{ type: 'custom', skill_id: '' }]],
        metadata: METADATA,
        execution_identity: ['x', 1, {}, { type: 'root' }],
        multiagent: ['x', 1, [], {}, { type: 1 }, { type: 'x', deep: nested(64) }, { type: 'x', deep: nested(1000) }],
      },
    },
    'agents.update': {
      base: {},
      required: [],
      wrong: {
        name: NAME,
        model: MODEL,
        version: ['1', 0, -1, 1.5, true, null],
        description: [1, ['x']],
        tools: TOOLS.slice(0, 8),
        metadata: METADATA,
        multiagent: ['x', { type: 'x', deep: nested(1000) }],
      },
    },
    'environments.create': {
      base: { name: 'robust-env' },
      required: ['name'],
      wrong: { name: NAME, config: CONFIG, description: [...NULLABLE_STRING, long(10_001)], metadata: METADATA, scope: ['world', 1, []] },
    },
    'environments.update': {
      base: {},
      required: [],
      wrong: { name: [1, [], {}, '', long(257)], config: CONFIG.slice(0, 12), description: [1, ['x']], metadata: METADATA, scope: ['world', 1] },
    },
    'sessions.create': {
      base: { agent: ids.agent, environment_id: ids.env },
      required: ['agent', 'environment_id'],
      wrong: {
        agent: [
          ...STRING,
          '',
          ids.env,
          'agent_../x',
          { type: 'agent' },
          { type: 'agent', id: ids.agent, version: '1' },
          { type: 'agent', id: ids.agent, version: 0 },
          { type: 'agent', id: ids.agent, version: 1.5 },
          { type: 'environment', id: ids.agent },
          { type: 'agent', id: ids.agent, extra: 1 },
        ],
        environment_id: [...STRING, '', ids.agent, 'env_../../x', 'env_a/b'],
        title: [1, true, [], {}, long(1025)],
        metadata: METADATA,
        resources: [
          'x',
          {},
          [1],
          [{}],
          [{ type: 'file' }],
          [{ type: 'file', file_id: 'f', mount_path: 'relative/path' }],
          [{ type: 'file', file_id: 'f', mount_path: '/mnt/../../etc' }],
          [{ type: 'github_repository', url: 'not a url' }],
          [{ type: 'github_repository', url: 'https://github.com/a/b', checkout: { type: 'commit', sha: 'zzz' } }],
          [{ type: 'github_repository', url: 'https://github.com/a/b', checkout: { type: 'tag', name: 'v1' } }],
        ],
        vault_ids: ['vlt_1', [1], ['x'], ['vlt_../x']],
        initial_events: ['x', {}, [{}], [{ type: 'user.interrupt' }], [{ type: 'user.message', content: [] }], [{ type: 'agent.message', content: [text('x')] }]],
      },
    },
    'sessions.update': {
      base: {},
      required: [],
      wrong: {
        title: [1, true, [], {}, long(1025)],
        metadata: METADATA,
        agent: ['x', { tools: 'x' }, { model: 'm' }, { tools: [{ type: 'nope' }] }],
        vault_ids: ['x', ['x']],
      },
    },
    'sessions.resources.add': {
      base: { type: 'file', file_id: ids.file },
      required: ['type', 'file_id'],
      wrong: {
        type: [...STRING, 'memory_store', 'url'],
        file_id: [...STRING, '', 'file_../x', ids.session, `file_${long(65)}`],
        mount_path: [1, [], 'relative', '/a/../b', long(1025)],
      },
    },
    'sessions.resources.update': {
      base: { authorization_token: 'ghp_x' },
      required: ['authorization_token'],
      wrong: { authorization_token: [...STRING, '', long(4097)] },
    },
    'files.upload': {
      base: { file: { type: 'inline', filename: 'a.txt', data: 'aGk=' } },
      required: ['file'],
      wrong: {
        file: [...STRING, 'aGk=', { type: 'inline', filename: 'a' }, { type: 'inline', filename: 'a', data: 'not base64!' }, { path: '/etc/passwd', filename: 'p', mime_type: 'text/plain', size: 1, sha256: 'a'.repeat(64) }],
        expires_in_seconds: ['1h', 0, 3599, 7_776_001, 1.5, true],
      },
    },
    'skills.create': {
      base: { files: [skillFile()] },
      required: ['files'],
      wrong: { files: SKILL_FILES, display_name: [1, [], long(256), 'two\nlines'] },
    },
    'skills.versions.create': {
      base: { files: [skillFile()] },
      required: ['files'],
      wrong: { files: [...SKILL_FILES, [skillFile('other-name/SKILL.md', 'other-name')]] },
    },
    'sessions.fork': {
      base: { event_id: ids.foreignEvent },
      required: ['event_id'],
      wrong: { event_id: [...STRING, '', 'sevt_', ids.session, `sevt_${long(65)}`, 'sevt_a/b'], title: [...NULLABLE_STRING, long(1025)], metadata: METADATA },
    },
    'sessions.import': {
      base: { jsonl: EXPORT_HEADER },
      required: ['jsonl'],
      wrong: { jsonl: [...STRING, ''], title: [...NULLABLE_STRING, long(1025)] },
    },
    'vaults.create': {
      base: { display_name: 'v' },
      required: ['display_name'],
      wrong: { display_name: [...STRING, '', long(256)], metadata: METADATA },
    },
    'vaults.credentials.create': {
      base: { auth: { type: 'static_bearer', token: 'not-stored', mcp_server_url: 'https://mcp.example.com/mcp' } },
      required: ['auth'],
      wrong: {
        auth: [
          'x',
          {},
          { type: 'static_bearer' },
          { type: 'static_bearer', token: '', mcp_server_url: 'https://mcp.example.com/mcp' },
          { type: 'static_bearer', token: 't', mcp_server_url: 'file:///etc/passwd' },
          { type: 'mcp_oauth', access_token: 't', mcp_server_url: 'https://a.example/mcp', expires_at: '2000-01-01T00:00:00Z' },
          { type: 'environment_variable', secret_name: '1BAD', secret_value: 'v', networking: { type: 'unrestricted' } },
          { type: 'environment_variable', secret_name: 'OK', secret_value: 'v', networking: { type: 'limited', allowed_hosts: ['a.example:443'] } },
          { type: 'environment_variable', secret_name: 'OK', secret_value: 'v', networking: { type: 'limited', allowed_hosts: many(17, (i) => `h${i}.example`) } },
        ],
        display_name: [1, [], long(256)],
        metadata: METADATA,
      },
    },
    'events.send': {
      base: { events: [message('hello')] },
      required: ['events'],
      wrong: {
        events: [
          'x',
          1,
          null,
          {},
          [],
          [1],
          [null],
          [{}],
          [message('a'), 1],
          [{ type: 'user.message' }],
          [{ type: 'user.message', content: 'hi' }],
          [{ type: 'user.message', content: [] }],
          [{ type: 'user.message', content: [{ type: 'text' }] }],
          [{ type: 'user.message', content: [{ type: 'text', text: 1 }] }],
          [{ type: 'user.message', content: [{ type: 'video', url: 'x' }] }],
          [{ type: 'user.message', content: [{ type: 'image', source: { type: 'url', url: 'not a url' } }] }],
          [{ type: 'user.message', content: [text(long(1_000_001))] }],
          [{ type: 'user.message', content: [text('x'), nested(200)] }],
          many(101, (i) => message(`m${i}`)),
          [{ ...message('x'), id: 'sevt_forged' }],
          [{ ...message('x'), processed_at: '2020-01-01T00:00:00Z' }],
          [{ type: 'user.tool_confirmation', tool_use_id: 't', result: 'maybe' }],
          [{ type: 'user.tool_confirmation', result: 'allow' }],
          [{ type: 'user.custom_tool_result' }],
          [{ type: 'user.define_outcome', description: '', rubric: { type: 'text', content: 'x' } }],
          [{ type: 'user.define_outcome', description: 'd', rubric: { type: 'text', content: 'x' }, max_iterations: 0 }],
        ],
      },
    },
  };
}

/** The first line of an export with an empty log: a valid import body. */
const AT = '2026-01-01T00:00:00Z';
const EXPORT_HEADER = JSON.stringify({
  type: 'dockhand.session_export',
  format_version: 1,
  exported_at: AT,
  session: { id: 'sesn_exported', title: null, metadata: {}, created_at: AT },
  agent: { type: 'agent', id: 'agent_exported', version: 1, name: 'a', model: 'claude-sonnet-4-6' },
  environment: { type: 'environment', id: 'env_exported', name: 'e', created_at: AT, updated_at: AT, archived_at: null },
});

/** Query parameters a GET operation cannot do without (added to each request of its route). */
export const REQUIRED_QUERY: Partial<Record<Method, string>> = { 'sessions.outputs.download': 'path=report.txt' };

/** Event types a client may not send: the agent's and the session's own, and names that are not types. */
export const UNKNOWN_EVENT_TYPES = [
  'user.bogus',
  'agent.message',
  'agent.tool_use',
  'session.status_idle',
  'session.error',
  'session.deleted',
  'span.model_request_end',
  'USER.MESSAGE',
  'user.message ',
  '',
  'user',
  '__proto__',
  'constructor',
];
