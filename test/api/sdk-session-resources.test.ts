// client.beta.sessions.resources against a real `dockhand serve`: add, list (paged), retrieve, update
// (token rotation: the token is kept, never returned) and delete; files that do not exist, clashing mount
// paths and archived sessions refused.
import Anthropic, { toFile } from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import { expectApiError, sessionParts, useServer } from '../support/fixtures.ts';
import { readDb } from '../support/store-file.ts';

const TOKEN = 'ghp_resource-sentinel-token-0123456789';

describe('sessions.resources (official SDK)', () => {
  const ctx = useServer();

  async function session() {
    const { agent, environment } = await sessionParts(ctx.client);
    return ctx.client.beta.sessions.create({ agent: agent.id, environment_id: environment.id });
  }

  it('adds, lists, retrieves and deletes a file resource', async () => {
    const c = ctx.client;
    const s = await session();
    const file = await c.beta.files.upload({ file: await toFile(Buffer.from('x'), 'x.txt') });
    const added = await c.beta.sessions.resources.add(s.id, { type: 'file', file_id: file.id });
    expect(added).toEqual({ id: expect.stringMatching(/^sesrsc_/), type: 'file', file_id: file.id, mount_path: `/mnt/session/uploads/${file.id}`, created_at: expect.any(String), updated_at: expect.any(String) });
    const second = await c.beta.sessions.resources.add(s.id, { type: 'file', file_id: file.id, mount_path: '/workspace/x.txt' });

    expect(await c.beta.sessions.resources.retrieve(added.id, { session_id: s.id })).toEqual(added);
    const paged = [];
    for await (const r of c.beta.sessions.resources.list(s.id, { limit: 1 })) paged.push(r);
    expect(paged).toEqual([added, second]);
    expect((await c.beta.sessions.retrieve(s.id)).resources).toEqual([added, second]);

    expect(await c.beta.sessions.resources.delete(added.id, { session_id: s.id })).toEqual({ id: added.id, type: 'session_resource_deleted' });
    await expectApiError(c.beta.sessions.resources.retrieve(added.id, { session_id: s.id }), Anthropic.NotFoundError, 404, 'not_found_error');
    expect((await c.beta.sessions.resources.list(s.id)).data).toEqual([second]);
  });

  it('rotates a repository token through update; the token is never returned or stored', async () => {
    const c = ctx.client;
    const { agent, environment } = await sessionParts(c);
    const s = await c.beta.sessions.create({
      agent: agent.id,
      environment_id: environment.id,
      resources: [{ type: 'github_repository', url: 'https://github.com/acme/widgets', authorization_token: TOKEN }],
    });
    const repo = s.resources[0]!;
    if (repo.type !== 'github_repository') throw new Error(`expected a repository, got ${repo.type}`);
    const rotated = await c.beta.sessions.resources.update(repo.id, { session_id: s.id, authorization_token: `${TOKEN}-2` });
    if (rotated.type !== 'github_repository') throw new Error(`expected a repository, got ${rotated.type}`);
    expect(rotated).toMatchObject({ id: repo.id, type: 'github_repository', url: 'https://github.com/acme/widgets', mount_path: '/workspace/widgets' });
    expect(Date.parse(rotated.updated_at)).toBeGreaterThanOrEqual(Date.parse(repo.updated_at));
    // A repository added to an existing session, with its token.
    const more = await c.beta.sessions.resources.add(s.id, { type: 'github_repository', url: 'https://github.com/acme/gadgets', authorization_token: TOKEN } as never);
    expect(more).toMatchObject({ type: 'github_repository', mount_path: '/workspace/gadgets' });

    const seen = JSON.stringify([rotated, more, await c.beta.sessions.retrieve(s.id), (await c.beta.sessions.resources.list(s.id)).data]);
    expect(seen).not.toContain(TOKEN);
    const stored = readDb(ctx.server.dataDir, (db) => JSON.stringify([db.prepare('SELECT * FROM sessions').all(), db.prepare('SELECT * FROM events').all()]));
    expect(stored).not.toContain(TOKEN);
  });

  it('refuses what it cannot do, with the reason', async () => {
    const c = ctx.client;
    const s = await session();
    const file = await c.beta.files.upload({ file: await toFile(Buffer.from('y'), 'y.txt') });
    const r = await c.beta.sessions.resources.add(s.id, { type: 'file', file_id: file.id, mount_path: '/workspace/y.txt' });

    await expectApiError(c.beta.sessions.resources.add(s.id, { type: 'file', file_id: 'file_doesnotexist' }), Anthropic.NotFoundError, 404, 'not_found_error');
    const clash = await expectApiError(c.beta.sessions.resources.add(s.id, { type: 'file', file_id: file.id, mount_path: '/workspace/y.txt' }), Anthropic.BadRequestError, 400, 'invalid_request_error');
    expect(clash.message).toContain('/workspace/y.txt');
    await expectApiError(c.beta.sessions.resources.add(s.id, { type: 'file', file_id: file.id, mount_path: '../etc' }), Anthropic.BadRequestError, 400, 'invalid_request_error');
    const notRepo = await expectApiError(c.beta.sessions.resources.update(r.id, { session_id: s.id, authorization_token: TOKEN }), Anthropic.BadRequestError, 400, 'invalid_request_error');
    expect(notRepo.message).toContain('github_repository');
    await expectApiError(c.beta.sessions.resources.retrieve('sesrsc_missing', { session_id: s.id }), Anthropic.NotFoundError, 404, 'not_found_error');
    await expectApiError(c.beta.sessions.resources.list('sesn_missing'), Anthropic.NotFoundError, 404, 'not_found_error');
    await expectApiError(c.beta.sessions.resources.list(s.id, { page: 'page_bogus' }), Anthropic.BadRequestError, 400, 'invalid_request_error');

    await c.beta.sessions.archive(s.id);
    await expectApiError(c.beta.sessions.resources.add(s.id, { type: 'file', file_id: file.id }), Anthropic.BadRequestError, 400, 'invalid_request_error');
    await expectApiError(c.beta.sessions.resources.delete(r.id, { session_id: s.id }), Anthropic.BadRequestError, 400, 'invalid_request_error');
    expect((await c.beta.sessions.resources.list(s.id)).data).toEqual([r]);
  });
});
