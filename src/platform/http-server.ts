import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { StatusCodes, type Activity, type TurnContext } from 'botbuilder';
import { AuthenticationError } from 'botframework-connector';
import restify, { type Request, type Response, type Server } from 'restify';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { BotAdapter } from './bot-adapter';
import { jsonBodyReader } from './json-body';

export interface HttpServerOptions {
  adapter: BotAdapter;
  turnHandler: (context: TurnContext) => Promise<void>;
  log: Logger;
  /** True when the database answers; drives GET /readyz. */
  isReady: () => Promise<boolean>;
  /** More routes on the same server (the Mon iX tab: src/platform/tab-api.ts). */
  routes?: (server: Server) => void;
  /**
   * False when Bot Framework authentication is off (no MicrosoftAppId): the server then listens
   * on loopback only and answers only to `serviceUrl`s on loopback, so an unauthenticated bot can
   * never be reached from the network nor made to post to a host someone else chose.
   */
  authenticated: boolean;
}

/** Bodies above this are refused (413) before any parsing. */
export const maxBodyBytes = 1024 * 1024;

const loopbackHosts = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

export function isLoopbackUrl(url: string): boolean {
  try {
    return loopbackHosts.has(new URL(url).hostname.toLowerCase());
  } catch {
    return false;
  }
}

/** Address the server listens on by default: everywhere when authenticated, loopback otherwise. */
export function defaultListenHost(authenticated: boolean): string {
  return authenticated ? '0.0.0.0' : '127.0.0.1';
}

/**
 * The minimum an activity needs before the SDK sees it: botbuilder throws on some malformed
 * bodies outside its own error handling, and we would rather answer 400 than log a crash.
 */
const activityEnvelope = z.object({
  type: z.string().min(1),
  serviceUrl: z.string().url(),
  channelId: z.string().min(1),
  conversation: z.object({ id: z.string().min(1) }),
  from: z.object({ id: z.string().min(1).max(500), aadObjectId: z.string().max(100).optional() }).optional(),
  recipient: z.object({ id: z.string().max(500) }).optional(),
  // Fields the platform layer reads as text: another type is refused here, not deep in a turn.
  id: z.string().max(500).optional(),
  name: z.string().max(200).optional(),
  text: z.string().optional(),
  locale: z.string().max(40).optional(),
  replyToId: z.string().max(500).optional(),
  channelData: z.record(z.string(), z.unknown()).nullish(),
});

export interface HttpServer {
  listen(port: number, host?: string): Promise<number>;
  /** Stops accepting connections and waits for the requests in flight (bot turns included). */
  close(): Promise<void>;
  /** Number of /api/messages requests being processed. */
  inFlight(): number;
}

export function createHttpServer(options: HttpServerOptions): HttpServer {
  const { adapter, turnHandler, log } = options;
  const server = restify.createServer({ name: 'ix-bot', handleUncaughtExceptions: false });
  let inFlight = 0;
  let drained: (() => void) | undefined;
  // restify types `req.log` as a bunyan logger; ours live beside the request instead.
  const requestLogs = new WeakMap<Request, Logger>();
  const logOf = (req: Request) => requestLogs.get(req) ?? log;

  server.pre((req, res, next) => {
    const requestId = (req.header('x-request-id') || randomUUID()).slice(0, 100);
    res.setHeader('x-request-id', requestId);
    requestLogs.set(req, log.child({ requestId }));
    return next();
  });
  server.use(
    jsonBodyReader(maxBodyBytes, (req, refusal) =>
      logOf(req).info({ status: refusal.status, reason: refusal.message, path: req.path() }, 'body refused'),
    ),
  );
  server.on('after', (req: Request, res: Response, _route: unknown, error: unknown) => {
    const requestLog = logOf(req);
    const level =
      res.statusCode >= 500
        ? 'error'
        : req.path() === '/healthz' || req.path() === '/readyz'
          ? 'debug'
          : 'info';
    requestLog[level](
      { method: req.method, path: req.path(), status: res.statusCode, err: error ?? undefined },
      'request',
    );
  });
  server.on('restifyError', (req: Request, _res: Response, error: Error, callback: () => void) => {
    // Errors restify answers itself (an unknown route, a wrong method); we only log them.
    logOf(req).info({ err: error }, 'request rejected');
    return callback();
  });

  server.get('/healthz', async (_req: Request, res: Response) => {
    res.send(200, { status: 'ok' });
  });

  server.get('/readyz', async (_req: Request, res: Response) => {
    const ready = await options.isReady().catch(() => false);
    res.send(ready ? 200 : 503, { status: ready ? 'ready' : 'unavailable', database: ready ? 'up' : 'down' });
  });

  server.post('/api/messages', async (req: Request, res: Response) => {
    const requestLog = logOf(req);
    const envelope = activityEnvelope.safeParse(req.body);
    if (!envelope.success) {
      const fields = envelope.error.issues.map((issue) => issue.path.join('.') || 'body').join(', ');
      requestLog.info({ fields }, 'malformed activity');
      res.send(400, { error: 'BadRequest', message: `Malformed activity: ${fields}` });
      return;
    }
    if (!options.authenticated && !isLoopbackUrl(envelope.data.serviceUrl)) {
      requestLog.warn({ serviceUrl: envelope.data.serviceUrl }, 'serviceUrl off loopback refused');
      res.send(403, {
        error: 'Forbidden',
        message: 'Without MicrosoftAppId only loopback serviceUrls are served.',
      });
      return;
    }
    inFlight += 1;
    try {
      const authorization = req.header('authorization') ?? '';
      const activity = req.body as Activity;
      const invokeResponse = await adapter.processCheckedActivity(authorization, activity, turnHandler);
      const status = invokeResponse?.status ?? StatusCodes.OK;
      if (invokeResponse?.body !== undefined) res.send(status, invokeResponse.body);
      else res.send(status);
    } catch (error) {
      if (error instanceof AuthenticationError) {
        requestLog.warn({ err: error }, 'activity without valid Bot Framework authentication refused');
        if (!res.headersSent) res.send(401, { error: 'Unauthorized' });
        return;
      }
      requestLog.error({ err: error }, 'activity processing failed');
      if (!res.headersSent) res.send(500, { error: 'InternalError' });
    } finally {
      inFlight -= 1;
      if (inFlight === 0) drained?.();
    }
  });

  options.routes?.(server);

  return {
    listen: (port, host = defaultListenHost(options.authenticated)) =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.removeListener('error', reject);
          resolve((server.address() as AddressInfo).port);
        });
      }),
    close: async () => {
      const closed = new Promise<void>((resolve) => server.server.close(() => resolve()));
      // Keep-alive sockets would hold close() open forever; idle ones can go now.
      server.server.closeIdleConnections();
      if (inFlight > 0) await new Promise<void>((resolve) => (drained = resolve));
      server.server.closeIdleConnections();
      await closed;
    },
    inFlight: () => inFlight,
  };
}
