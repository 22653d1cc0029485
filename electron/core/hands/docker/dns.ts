// A `limited` sandbox resolves no names: its egress proxy resolves them on this host. Left alone, the
// engine's embedded DNS (127.0.0.11 in every container of a user-defined network) forwards a sandbox's
// lookups to the host's DNS servers, and on engines older than 26 it does so even for an `--internal`
// network (CVE-2024-29018): any name a sandbox looks up, `<secret>.attacker.example` included, reaches
// the attacker's DNS server. Measured here (Engine 20.10): 20 lookups from a sandbox on an internal
// network sent 80 DNS packets from its bridge toward the host's resolver.
//
// The fix is the container's own DNS setting: a server given with `--dns` is asked from the container's
// network namespace (a loopback address there is the container's own loopback, not the host's), and
// 127.0.0.1 inside the sandbox answers nothing. So the embedded DNS has nowhere to forward to and no
// DNS packet leaves the sandbox. That holds on Docker Engine from 20.10 on; before, or on another engine
// that speaks Docker's API (Podman), it is not known to hold, and `limited` is refused there.
import type Dockerode from 'dockerode';

/** The HostConfig that points a container's DNS at nothing. */
export const NO_DNS = { Dns: ['127.0.0.1'] };

/** The oldest Docker Engine on which NO_DNS is known to keep lookups in the container. */
const MIN_ENGINE = [20, 10] as const;

interface EngineVersion {
  Version?: string;
  Components?: { Name: string; Version: string }[];
}

/** Why NO_DNS cannot be trusted on this engine, or undefined when it can. */
export function dnsLeakRisk(v: EngineVersion): string | undefined {
  const engine = v.Components?.find((c) => c.Name === 'Engine');
  const what = engine ? `Docker Engine ${engine.Version}` : `an engine that is not Docker Engine (${v.Components?.map((c) => `${c.Name} ${c.Version}`).join(', ') || v.Version || 'unknown'})`;
  const [major, minor] = (engine?.Version ?? '').split(/[.+-]/).map(Number);
  const recent = major! > MIN_ENGINE[0] || (major === MIN_ENGINE[0] && minor! >= MIN_ENGINE[1]);
  return engine && recent ? undefined : `on ${what} a sandbox's DNS lookups could leave this host (CVE-2024-29018); it needs Docker Engine ${MIN_ENGINE.join('.')} or newer`;
}

const checked = new WeakMap<Dockerode, Promise<string | undefined>>();

/** Rejects, saying why, when a limited sandbox's DNS could leave this host on `docker`'s engine. Asks the engine once. */
export async function assertDnsContained(docker: Dockerode): Promise<void> {
  let risk = checked.get(docker);
  if (!risk) checked.set(docker, (risk = docker.version().then((v) => dnsLeakRisk(v as EngineVersion))));
  const why = await risk.catch((e: unknown) => {
    checked.delete(docker);
    throw e;
  });
  if (why) throw new Error(`limited networking is refused: ${why}`);
}
