// Errors in the Managed Agents envelope: {"type":"error","error":{"type":...,"message":...}}.
// The HTTP status picks the SDK's error class (BadRequestError, NotFoundError, ConflictError ...).

export type ApiErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'permission_error'
  | 'not_found_error'
  | 'conflict_error'
  | 'request_too_large'
  | 'rate_limit_error'
  | 'api_error';

const STATUS: Record<ApiErrorType, number> = {
  invalid_request_error: 400,
  authentication_error: 401,
  permission_error: 403,
  not_found_error: 404,
  conflict_error: 409,
  request_too_large: 413,
  rate_limit_error: 429,
  api_error: 500,
};

export interface ErrorEnvelope {
  type: 'error';
  error: { type: ApiErrorType; message: string; details?: { error_code: string } };
  /** Over HTTP, the request's id (as in its request-id header). */
  request_id?: string;
}

export class ApiError extends Error {
  readonly status: number;
  constructor(
    readonly type: ApiErrorType,
    message: string,
    /** The official `details.error_code`, from which the SDK picks a finer error class. */
    readonly code?: string,
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = STATUS[type];
  }

  toEnvelope(): ErrorEnvelope {
    const error = { type: this.type, message: this.message };
    return { type: 'error', error: this.code ? { ...error, details: { error_code: this.code } } : error };
  }
}

export const invalid = (message: string, code?: string) => new ApiError('invalid_request_error', message, code);
export const notFound = (what: string, id: string, code?: string) => new ApiError('not_found_error', `${what} ${id} not found`, code);
export const conflict = (message: string) => new ApiError('conflict_error', message);

/** Any thrown value as an ApiError; unknown failures become a 500 without leaking internals. */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  return new ApiError('api_error', 'Internal error');
}
