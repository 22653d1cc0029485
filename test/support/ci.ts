/**
 * A suite may be skipped (by a name that says why) on a developer's machine without what it needs; in
 * CI, where .ci/run installs and starts all of it, a missing piece fails the run instead.
 */
export function neededInCi(present: boolean, what: string): boolean {
  if (!present && process.env.CI) throw new Error(`CI is set but ${what}: .ci/run should have provided it`);
  return present;
}
