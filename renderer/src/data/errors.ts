import type { ApiErrorType, ErrorEnvelope } from '../../../electron/core/api/errors.ts';

/** A failed call, as the API's error envelope describes it (the same over IPC and HTTP). */
export class DockhandError extends Error {
  constructor(
    readonly type: ApiErrorType | 'network_error',
    message: string,
    readonly status?: number,
    /** The official `details.error_code`, when the API names the reason (e.g. `budget_not_raised`). */
    readonly code?: string,
  ) {
    super(message);
    this.name = 'DockhandError';
  }

  static fromEnvelope(body: unknown, status?: number): DockhandError {
    const error = (body as Partial<ErrorEnvelope> | null)?.error;
    if (error && typeof error.type === 'string' && typeof error.message === 'string') return new DockhandError(error.type, error.message, status, typeof error.details?.error_code === 'string' ? error.details.error_code : undefined);
    return new DockhandError('api_error', `unexpected response${status ? ` (HTTP ${status})` : ''}`, status);
  }
}
