import { z } from 'zod';
import { EnvironmentId, Metadata, MetadataPatch, PageParams, queryBool } from './common.ts';

// A host name (optionally *.wildcard) with an optional port; no scheme, no path.
const Host = z
  .string()
  .max(253)
  .regex(/^(\*\.)?[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?(:\d{1,5})?$/, 'must be a host name like api.example.com');

const Networking = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('unrestricted') }),
  z.strictObject({
    type: z.literal('limited'),
    allowed_hosts: z.array(Host).max(256).nullish(),
    allow_package_managers: z.boolean().nullish(),
    allow_mcp_servers: z.boolean().nullish(),
  }),
]);

// Package specs as a user pins them ("jq", "requests==2.32.3", "typescript@5"); no shell metacharacters.
const Spec = z.string().min(1).max(256).regex(/^[A-Za-z0-9@][A-Za-z0-9@._+:=<>~^/-]*$/, 'must be a package name, optionally with a version');
const SpecList = z.array(Spec).max(256).nullish();
const Packages = z.strictObject({
  type: z.literal('packages').optional(),
  apt: SpecList,
  pip: SpecList,
  npm: SpecList,
  cargo: SpecList,
  gem: SpecList,
  go: SpecList,
});

export const EnvironmentConfig = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('cloud'), networking: Networking.nullish(), packages: Packages.nullish() }),
  z.strictObject({ type: z.literal('self_hosted') }),
]);

const Name = z.string().trim().min(1).max(256);

export const EnvironmentCreate = z.strictObject({
  name: Name,
  config: EnvironmentConfig.nullish(),
  description: z.string().max(10_000).nullish(),
  metadata: Metadata.optional(),
  scope: z.enum(['organization', 'account']).nullish(),
});

export const EnvironmentUpdate = z.strictObject({
  environment_id: EnvironmentId,
  name: Name.nullish(),
  config: EnvironmentConfig.nullish(),
  description: z.string().max(10_000).nullish(),
  metadata: MetadataPatch.optional(),
  scope: z.enum(['organization', 'account']).nullish(),
});

export const EnvironmentRef = z.object({ environment_id: EnvironmentId });
export const EnvironmentList = z.object({ ...PageParams, include_archived: queryBool.optional() });
