import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

/** Who holds a lease: this machine, this process, this brain. */
export const newHolder = () => `${hostname()}/${process.pid}/${randomBytes(4).toString('hex')}`;

/**
 * A holder on this machine whose process is gone cannot renew: its lease may be taken at once
 * instead of waiting for it to expire (a restart after a crash resumes immediately).
 */
export function holderIsDead(holder: string): boolean {
  const [host, pid] = holder.split('/');
  if (host !== hostname() || !pid || Number(pid) === process.pid) return false;
  try {
    process.kill(Number(pid), 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
