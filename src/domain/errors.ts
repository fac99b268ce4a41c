/** The closed set of error codes Vigie reports; each maps to one CLI exit code and one HTTP status. */
export const ERROR_CODES = {
  USAGE: { exit: 2, http: 400 },
  CASE_NOT_FOUND: { exit: 2, http: 404 },
  CASE_EXISTS: { exit: 2, http: 409 },
  CASE_TOO_NEW: { exit: 2, http: 409 },
  CASE_CORRUPT: { exit: 2, http: 500 },
  FILE_NOT_FOUND: { exit: 2, http: 404 },
  IMPORT_UNRECOGNISED_FORMAT: { exit: 2, http: 400 },
  IMPORT_INVALID_JSON: { exit: 2, http: 400 },
  IMPORT_INVALID_HTML: { exit: 2, http: 400 },
  IMPORT_NEEDS_TZ: { exit: 2, http: 400 },
  IMPORT_BAD_ZIP: { exit: 2, http: 400 },
  IMPORT_UNSAFE_PATH: { exit: 2, http: 400 },
  ZIP_TOO_MANY_ENTRIES: { exit: 2, http: 400 },
  ZIP_ENTRY_TOO_LARGE: { exit: 2, http: 400 },
  ZIP_TOO_LARGE: { exit: 2, http: 400 },
  ZIP_RATIO_TOO_HIGH: { exit: 2, http: 400 },
  CASE_BUSY: { exit: 2, http: 409 },
  DATABASE_UNREACHABLE: { exit: 2, http: 503 },
  CASE_READ_ONLY: { exit: 2, http: 409 },
  CASE_OUTDATED: { exit: 2, http: 409 },
  DISK_FULL: { exit: 2, http: 507 },
  PATH_TOO_LONG: { exit: 2, http: 400 },
  IMPORT_MESSAGES_NOT_LIST: { exit: 2, http: 400 },
  IMPORT_BAD_ID: { exit: 2, http: 400 },
  IMPORT_DUPLICATE_KEY: { exit: 2, http: 400 },
  IMPORT_BAD_TIME: { exit: 2, http: 400 },
  INPUT_TOO_DEEP: { exit: 2, http: 400 },
  EVIDENCE_ALTERED: { exit: 2, http: 500 },
  AUDIT_CHAIN_BROKEN: { exit: 2, http: 500 },
  CASE_TAMPERED: { exit: 2, http: 500 },
  AUDIT_TRUNCATED: { exit: 2, http: 500 },
  AUDIT_REWRITTEN: { exit: 2, http: 500 },
  ANCHOR_SIGNATURE_INVALID: { exit: 2, http: 500 },
  ANCHOR_CASE_MISMATCH: { exit: 2, http: 500 },
  ANCHOR_FAILED: { exit: 2, http: 500 },
  KEY_EXISTS: { exit: 2, http: 409 },
  KEY_NOT_FOUND: { exit: 2, http: 404 },
  KEY_INVALID: { exit: 2, http: 400 },
  SIGNAL_INVALID: { exit: 2, http: 400 },
  MEDIA_UNDECODABLE: { exit: 2, http: 422 },
  MEDIA_TOO_LARGE: { exit: 2, http: 422 },
  HASHLIST_INVALID: { exit: 2, http: 400 },
  HASHLIST_NOT_FOUND: { exit: 2, http: 404 },
  HASHLIST_SHRINK: { exit: 2, http: 409 },
  RETURNS_INVALID: { exit: 2, http: 400 },
  POLICY_INVALID: { exit: 2, http: 400 },
  NOT_FOUND: { exit: 2, http: 404 },
  /** A listing that needs `vigie analyse` on a case that has not been analysed (one behaviour everywhere). */
  NOT_ANALYSED: { exit: 2, http: 409 },
  FORBIDDEN: { exit: 2, http: 403 },
  UNAUTHENTICATED: { exit: 2, http: 401 },
  THROTTLED: { exit: 2, http: 429 },
  /** A referral refused: an actor without an accepted decision or attributed elsewhere (issue 16). */
  REFERRAL_REFUSED: { exit: 2, http: 409 },
  /** A referral package fails a check: signature, manifest, file, Payload-Oxum or CASE graph (issue 16). */
  PACKAGE_INVALID: { exit: 2, http: 422 },
  /** A stage stopped at a safe point because its job was cancelled (what was committed stays). */
  CANCELLED: { exit: 130, http: 409 },
  INTERNAL: { exit: 1, http: 500 },
} as const satisfies Record<string, { exit: number; http: number }>;

/** One of Vigie's error codes. */
export type ErrorCode = keyof typeof ERROR_CODES;

/** The one error type Vigie throws on purpose: a code from the closed union and a message naming file and place. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;
  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }
  /** CLI exit code for this error. */
  get exitCode(): number {
    return ERROR_CODES[this.code].exit;
  }
  /** HTTP status for this error. */
  get httpStatus(): number {
    return ERROR_CODES[this.code].http;
  }
}

/** True when `e` is an AppError (optionally with the given code). */
export function isAppError(e: unknown, code?: ErrorCode): e is AppError {
  return e instanceof AppError && (code === undefined || e.code === code);
}
