/**
 * Where a failure goes when no caller can be told about it (a listener, a timer, a background run):
 * the operator's log. Reporting never throws.
 */
export type Report = (context: string, err: unknown) => void;

export const reportToStderr: Report = (context, err) => {
  try {
    process.stderr.write(`dockhand: ${context}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  } catch {
    // stderr is gone: nowhere left to say it
  }
};
