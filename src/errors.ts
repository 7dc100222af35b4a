import type { MessageKey, MessageParams } from './i18n/translator';

/**
 * The one error catalogue: a stable code per failure the user can meet, the text they read
 * (from the locale files, key `errors.<CODE>`) and how loudly we log it.
 */
export const errorCatalogue = {
  INVALID_INPUT: { level: 'info' },
  NOT_ALLOWED: { level: 'warn' },
  NOT_FOUND: { level: 'info' },
  CONFLICT: { level: 'info' },
  UNKNOWN_ACTION: { level: 'warn' },
  UNAVAILABLE: { level: 'error' },
  FOREIGN_TENANT: { level: 'warn' },
  INTERNAL: { level: 'error' },
} as const satisfies Record<string, { level: 'info' | 'warn' | 'error' }>;

export type ErrorCode = keyof typeof errorCatalogue;

/** Parameters of the message; a `{ messageKey }` value is itself translated (e.g. a role name). */
export type ErrorParams = Record<string, string | number | { messageKey: MessageKey }>;

/** A failure we expected and can explain to the person in their language. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly params: ErrorParams = {},
    options?: { cause?: unknown },
  ) {
    super(`${code} ${JSON.stringify(params)}`, options);
    this.name = 'AppError';
  }

  get messageKey(): MessageKey {
    return `errors.${this.code}`;
  }

  get level(): 'info' | 'warn' | 'error' {
    return errorCatalogue[this.code].level;
  }

  /** The text the person reads, in their language. */
  describe(t: (key: MessageKey, params?: MessageParams) => string): string {
    const params = Object.fromEntries(
      Object.entries(this.params).map(([name, value]) => [
        name,
        typeof value === 'object' ? t(value.messageKey) : value,
      ]),
    );
    return t(this.messageKey, params);
  }
}

/**
 * Errors of the MongoDB driver and of mongoose that mean "the database cannot be reached right
 * now", told apart by name so that this module needs neither library.
 */
const unreachableDatabaseErrors = new Set([
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoServerSelectionError',
  'MongooseServerSelectionError',
  'MongoNotConnectedError',
  'MongoTopologyClosedError',
  'MongoPoolClearedError',
  'MongoExpiredSessionError',
]);

export function isDatabaseUnreachable(error: unknown): boolean {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; depth += 1) {
    if (unreachableDatabaseErrors.has(current.name)) return true;
    // mongoose's own wording when a command waited for a connection that never came.
    if (/buffering timed out|Connection .*(closed|was force destroyed)/i.test(current.message)) return true;
    current = current.cause;
  }
  return false;
}

/**
 * Anything thrown that is not an AppError is a bug or an outage: an unreachable database is
 * UNAVAILABLE (the person is told to retry in a few minutes), anything else INTERNAL.
 */
export function toAppError(error: unknown, reference: string): AppError {
  if (error instanceof AppError) return error;
  if (isDatabaseUnreachable(error)) return new AppError('UNAVAILABLE', {}, { cause: error });
  return new AppError('INTERNAL', { reference }, { cause: error });
}
