import type { Document } from 'bson';

/**
 * The error catalogue of the embedded engine. Codes and code names are MongoDB's own, so that the driver
 * and mongoose raise the errors they raise against a real server (e.g. MongoServerError code 11000).
 */
export const ErrorCode = {
  InternalError: 1,
  BadValue: 2,
  FailedToParse: 9,
  Unauthorized: 13,
  TypeMismatch: 14,
  PathNotViable: 28,
  ConflictingUpdateOperators: 40,
  DollarPrefixedFieldName: 52,
  EmptyFieldName: 56,
  IllegalOperation: 20,
  NamespaceNotFound: 26,
  IndexNotFound: 27,
  CursorNotFound: 43,
  NamespaceExists: 48,
  CommandNotFound: 59,
  ImmutableField: 66,
  CannotCreateIndex: 67,
  InvalidOptions: 72,
  InvalidNamespace: 73,
  IndexOptionsConflict: 85,
  IndexKeySpecsConflict: 86,
  WriteConflict: 112,
  ConflictingOperationInProgress: 117,
  TransactionTooOld: 225,
  NotImplemented: 238,
  NoSuchTransaction: 251,
  TransactionCommitted: 256,
  OperationNotSupportedInTransaction: 263,
  BSONObjectTooLarge: 10334,
  DocumentTooLargeAfterUpdate: 17419,
  InvalidPipelineOperator: 168,
  UnrecognizedPipelineStage: 40324,
  UnknownGroupOperator: 15952,
  DuplicateKey: 11000,
} as const;

const codeNames: Record<number, string> = {
  1: 'InternalError',
  2: 'BadValue',
  9: 'FailedToParse',
  13: 'Unauthorized',
  14: 'TypeMismatch',
  28: 'PathNotViable',
  40: 'ConflictingUpdateOperators',
  52: 'DollarPrefixedFieldName',
  56: 'EmptyFieldName',
  20: 'IllegalOperation',
  26: 'NamespaceNotFound',
  27: 'IndexNotFound',
  43: 'CursorNotFound',
  48: 'NamespaceExists',
  59: 'CommandNotFound',
  66: 'ImmutableField',
  67: 'CannotCreateIndex',
  72: 'InvalidOptions',
  73: 'InvalidNamespace',
  85: 'IndexOptionsConflict',
  86: 'IndexKeySpecsConflict',
  168: 'InvalidPipelineOperator',
  112: 'WriteConflict',
  117: 'ConflictingOperationInProgress',
  225: 'TransactionTooOld',
  238: 'NotImplemented',
  251: 'NoSuchTransaction',
  256: 'TransactionCommitted',
  263: 'OperationNotSupportedInTransaction',
  10334: 'BSONObjectTooLarge',
  11000: 'DuplicateKey',
};

/** An error answered to the client as `{ ok: 0, errmsg, code, codeName }` (or as a write error). */
export class CommandError extends Error {
  constructor(
    readonly code: number,
    message: string,
    /** Extra fields of the error document, e.g. keyPattern/keyValue of a duplicate key. */
    readonly details: Document = {},
  ) {
    super(message);
    this.name = 'CommandError';
  }

  get codeName(): string | undefined {
    return codeNames[this.code];
  }

  toErrorDocument(): Document {
    const codeName = this.codeName;
    return {
      ok: 0,
      errmsg: this.message,
      code: this.code,
      ...(codeName ? { codeName } : {}),
      ...this.details,
    };
  }

  toWriteError(index: number): Document {
    return { index, code: this.code, errmsg: this.message, ...this.details };
  }
}

export const commandNotFound = (name: string): CommandError =>
  new CommandError(ErrorCode.CommandNotFound, `no such command: '${name}'`);

export const badValue = (message: string): CommandError => new CommandError(ErrorCode.BadValue, message);

export const notSupported = (what: string): CommandError =>
  new CommandError(ErrorCode.NotImplemented, `${what} is not supported by the embedded engine`);

export const namespaceNotFound = (ns: string): CommandError =>
  new CommandError(ErrorCode.NamespaceNotFound, `ns does not exist: ${ns}`);

export const namespaceExists = (ns: string): CommandError =>
  new CommandError(ErrorCode.NamespaceExists, `Collection ${ns} already exists.`);

export const cursorNotFound = (id: bigint): CommandError =>
  new CommandError(ErrorCode.CursorNotFound, `cursor id ${id} not found`);

export const immutableId = (): CommandError =>
  new CommandError(
    ErrorCode.ImmutableField,
    "Performing an update on the path '_id' would modify the immutable field '_id'",
  );

export const invalidNamespace = (message: string): CommandError =>
  new CommandError(ErrorCode.InvalidNamespace, message);

/**
 * Turns an error thrown by mingo (query, update or pipeline compilation) into the MongoDB error a real server
 * gives for the same mistake, keeping the name of the offending operator in the message.
 */
export function translateEvaluationError(error: unknown): CommandError {
  if (error instanceof CommandError) return error;
  const message = error instanceof Error ? error.message : String(error);
  let match = /(?:unregistered|Unknown) pipeline operator:? '?(\$\w+)/.exec(message);
  if (match) {
    return new CommandError(
      ErrorCode.UnrecognizedPipelineStage,
      `Unrecognized pipeline stage name: '${match[1]}'`,
    );
  }
  match = /Unknown update operator: '(\$\w+)'/.exec(message);
  if (match) {
    return new CommandError(
      ErrorCode.FailedToParse,
      `Unknown modifier: ${match[1]}. Expected a valid update modifier or pipeline-style update specified as an array`,
    );
  }
  match = /unknown (top level )?(?:query )?operator:? (\$\w+)/.exec(message);
  if (match) {
    return badValue(match[1] ? `unknown top level operator: ${match[2]}` : `unknown operator: ${match[2]}`);
  }
  match = /accumulator '(\$\w+)' is not registered/.exec(message);
  if (match) {
    return new CommandError(ErrorCode.InvalidPipelineOperator, `Unrecognized expression '${match[1]}'`);
  }
  if (/immutable field '_id'/.test(message)) return immutableId();
  match = /(\$where|\$function|\$accumulator)\b.*scriptEnabled/.exec(message);
  if (match) return notSupported(`Server-side JavaScript (${match[1]})`);
  if (/non-numeric/.test(message)) return new CommandError(ErrorCode.TypeMismatch, message);
  return badValue(message);
}
