import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import type { TabDashboard } from '../tab/dashboard';
import { isDatabaseUnreachable } from '../errors';
import { createTranslator, defaultLocale, type Locale } from '../i18n/translator';
import type { TabNavigation } from '../tab/navigation';
import { TabAuthError, type SsoVerifier, type TabIdentity } from '../tab/sso-token';
import { requestedLocale, teamsLocaleHeader } from '../tab/tab-locale';
import type { TabTurns } from '../tab/tab-turns';

export interface TabApiOptions {
  turns: TabTurns;
  dashboard: TabDashboard;
  /** The sections the features contributed, named in the person's language. */
  navigation: (identity: TabIdentity, requested?: Locale) => Promise<TabNavigation>;
  verifySsoToken: SsoVerifier;
  /** TAB_DEV_PERSONAS: accept `Authorization: Persona <aadObjectId>` of a known member. */
  devPersonas: boolean;
  /** public/tab: the page, its styles and static pages. */
  staticDirectory: string;
  /** dist/public/tab: the browser bundle (npm run build). */
  bundleDirectory: string;
  log: Logger;
}

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/**
 * Teams shows the tab in an iframe of its own web and desktop clients; no other site may frame it.
 * Adaptive Cards set inline styles, hence style-src 'unsafe-inline' (scripts stay 'self' only).
 */
const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: https:",
  "connect-src 'self'",
  "frame-ancestors 'self' https://teams.microsoft.com https://*.teams.microsoft.com https://*.cloud.microsoft https://*.office.com https://*.microsoft365.com https://*.skype.com",
].join('; ');

const actionBody = z.object({
  verb: z.string().regex(/^[a-zA-Z0-9._-]{1,80}$/),
  data: z.record(z.string(), z.unknown()).default({}),
});

const viewArgument = z.string().max(80).default('');

/** The server parses no query strings (no queryParser plugin); this one route reads its own. */
function queryValue(req: Request, name: string): string | undefined {
  return new URL(req.url ?? '/', 'http://tab.local').searchParams.get(name) ?? undefined;
}

/** The language of the person's Teams, which the page sends with every request (if any). */
function localeOf(req: Request): Locale | undefined {
  return requestedLocale(req.header(teamsLocaleHeader));
}

/** Texts of the API itself, before any person is known: the request's language, French otherwise. */
function translatorOf(req: Request) {
  return createTranslator(localeOf(req) ?? defaultLocale);
}

/**
 * The "Mon iX" personal tab, served by the bot's own server: static files under /tab/ and a JSON API
 * under /api/tab/ whose every call is authenticated by the Teams SSO token (or, in development only,
 * a persona). Views and actions run as bot turns of that person (src/tab/tab-turns.ts).
 */
export function registerTabApi(server: Server, options: TabApiOptions): void {
  const { turns, dashboard, navigation, log } = options;

  async function sendFile(res: Response, directory: string, name: string): Promise<void> {
    const extension = path.extname(name);
    if (!/^[a-z0-9][a-z0-9.-]*$/i.test(name) || name.includes('..') || !contentTypes[extension]) {
      res.send(404, { error: 'NotFound' });
      return;
    }
    try {
      const content = await readFile(path.join(directory, name));
      res.writeHead(200, {
        'content-type': contentTypes[extension],
        'content-length': content.length,
        'cache-control': 'no-cache',
        'content-security-policy': contentSecurityPolicy,
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
      });
      res.end(content);
    } catch {
      res.send(404, { error: 'NotFound' });
    }
  }

  /**
   * A failing API call answers a fixed 500: the error (a database message, a stack) goes to the
   * log with the request id, never to the page.
   */
  function guarded(handler: (req: Request, res: Response) => Promise<void>) {
    return async (req: Request, res: Response) => {
      try {
        await handler(req, res);
      } catch (error) {
        log.error({ err: error, path: req.path() }, 'tab request failed');
        if (!res.headersSent) {
          res.send(isDatabaseUnreachable(error) ? 503 : 500, {
            error: 'InternalError',
            message: translatorOf(req)('errors.UNAVAILABLE'),
          });
        }
      }
    };
  }

  /** The signed-in person, or undefined once a 401 has been answered. */
  async function authenticate(req: Request, res: Response): Promise<TabIdentity | undefined> {
    const [scheme, value] = (req.header('authorization') ?? '').split(/\s+/, 2);
    try {
      if (scheme === 'Bearer' && value) return await options.verifySsoToken(value);
      if (scheme === 'Persona' && value && options.devPersonas) {
        const persona = (await dashboard.personas()).find((candidate) => candidate.aadObjectId === value);
        if (persona)
          return { aadObjectId: persona.aadObjectId, tenantId: 'dev-personas', name: persona.name };
      }
      throw new TabAuthError(scheme ? `${scheme} credentials refused` : 'no credentials');
    } catch (error) {
      if (!(error instanceof TabAuthError)) throw error;
      log.info({ reason: error.reason, path: req.path() }, 'tab request refused');
      res.setHeader('www-authenticate', 'Bearer');
      res.send(401, {
        error: 'Unauthorized',
        message: translatorOf(req)('tab.signInRequired'),
      });
      return undefined;
    }
  }

  server.get('/tab', async (_req: Request, res: Response) => {
    res.header('location', '/tab/');
    res.send(302);
  });
  server.get('/tab/', async (_req: Request, res: Response) =>
    sendFile(res, options.staticDirectory, 'index.html'),
  );
  server.get('/tab/app/:file', async (req: Request, res: Response) =>
    sendFile(res, options.bundleDirectory, String(req.params.file)),
  );
  server.get('/tab/:file', async (req: Request, res: Response) =>
    sendFile(res, options.staticDirectory, String(req.params.file)),
  );

  /** Public: tells the page whether it may offer the persona picker outside Teams. */
  server.get(
    '/api/tab/settings',
    guarded(async (_req: Request, res: Response) => {
      res.send(200, { devPersonas: options.devPersonas });
    }),
  );

  server.get(
    '/api/tab/personas',
    guarded(async (_req: Request, res: Response) => {
      if (!options.devPersonas) {
        res.send(404, { error: 'NotFound' });
        return;
      }
      res.send(200, { personas: await dashboard.personas() });
    }),
  );

  server.get(
    '/api/tab/me',
    guarded(async (req: Request, res: Response) => {
      const identity = await authenticate(req, res);
      if (identity) res.send(200, await dashboard.whoIs(identity));
    }),
  );

  /** The sections the features contributed, in the person's language, for the page's navigation. */
  server.get(
    '/api/tab/views',
    guarded(async (req: Request, res: Response) => {
      const identity = await authenticate(req, res);
      if (!identity) return;
      res.send(200, await navigation(identity, localeOf(req)));
    }),
  );

  server.get(
    '/api/tab/views/:name',
    guarded(async (req: Request, res: Response) => {
      const identity = await authenticate(req, res);
      if (!identity) return;
      const argument = viewArgument.safeParse(queryValue(req, 'arg'));
      const result = argument.success
        ? await turns.view(identity, String(req.params.name), argument.data, localeOf(req))
        : undefined;
      if (result) res.send(200, result);
      else res.send(404, { error: 'NotFound' });
    }),
  );

  server.post(
    '/api/tab/actions',
    guarded(async (req: Request, res: Response) => {
      const identity = await authenticate(req, res);
      if (!identity) return;
      const body = actionBody.safeParse(req.body);
      if (!body.success) {
        res.send(400, { error: 'BadRequest', message: translatorOf(req)('tab.invalidAction') });
        return;
      }
      res.send(200, await turns.action(identity, body.data.verb, body.data.data, localeOf(req)));
    }),
  );

  server.get(
    '/api/tab/dashboard',
    guarded(async (req: Request, res: Response) => {
      const identity = await authenticate(req, res);
      if (!identity) return;
      const figures = await dashboard.figures(identity, localeOf(req));
      if (figures.allowed) res.send(200, figures.dashboard);
      else res.send(403, { error: 'Forbidden', message: figures.message });
    }),
  );
}
