// A stand-in for Electron's Linux distribution, for electron-builder's electronDist where no Electron binary
// can be downloaded. It is shaped as electron-builder expects an unpacked Electron (the `electron` executable,
// resources/, version, LICENSE). The executable is a shell script that says what it is and exits 1; like
// Electron's binary it carries a fuse wire (the sentinel, wire version 1, its length, one byte per fuse), set
// to Electron's default states, so electron-builder flips its fuses as it would Electron's.
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FuseV1Options } from '@electron/fuses';

const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/** A fuse's byte on the wire: '1' on, '0' off. */
export const FUSE_ON = 0x31;
const FUSE_OFF = 0x30;

/** Electron's defaults (electronjs.org/docs/latest/tutorial/fuses), by fuse. */
export const ELECTRON_DEFAULT_FUSES: Record<FuseV1Options, boolean> = {
  [FuseV1Options.RunAsNode]: true,
  [FuseV1Options.EnableCookieEncryption]: false,
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: true,
  [FuseV1Options.EnableNodeCliInspectArguments]: true,
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: false,
  [FuseV1Options.OnlyLoadAppFromAsar]: false,
  [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: false,
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: true,
};

export function makeElectronStandin(dir: string, version: string): string {
  mkdirSync(join(dir, 'resources'), { recursive: true });
  const fuses = Object.values(ELECTRON_DEFAULT_FUSES).map((on) => (on ? FUSE_ON : FUSE_OFF));
  const script = Buffer.concat([
    Buffer.from('#!/bin/sh\necho "a stand-in for Electron, for packaging tests: it runs nothing" >&2\nexit 1\n# fuse wire: '),
    Buffer.from(SENTINEL),
    Buffer.from([1, fuses.length, ...fuses]),
    Buffer.from('\n'),
  ]);
  writeFileSync(join(dir, 'electron'), script);
  chmodSync(join(dir, 'electron'), 0o755);
  writeFileSync(join(dir, 'version'), version);
  writeFileSync(join(dir, 'LICENSE'), 'A stand-in for Electron (MIT), for packaging tests.\n');
  return dir;
}
