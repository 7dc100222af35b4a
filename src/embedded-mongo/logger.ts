/** The subset of pino's logger the engine uses; pass a pino child logger or nothing. */
export interface EngineLogger {
  info(objectOrMessage: object | string, message?: string): void;
  warn(objectOrMessage: object | string, message?: string): void;
  error(objectOrMessage: object | string, message?: string): void;
}

const ignore = (): void => undefined;

export const silentLogger: EngineLogger = { info: ignore, warn: ignore, error: ignore };
