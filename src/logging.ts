import pino, { type Logger } from 'pino';

export type { Logger };

/** JSON logs; secrets never reach them even when a whole config or request is logged. */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'ix-bot' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: {
        paths: [
          'config.bot.appPassword',
          'bot.appPassword',
          'appPassword',
          'req.headers.authorization',
          'headers.authorization',
          '*.MicrosoftAppPassword',
        ],
        censor: '[redacted]',
      },
    },
    destination,
  );
}
