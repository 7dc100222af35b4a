import type { Logger } from 'pino';
import type { Request, Response, Server } from 'restify';
import { downloadTokenPattern, type DownloadRegistry } from '../bot/downloads';

/**
 * GET /files/<kind>/<token>.<ext>: the files features register (src/bot/downloads.ts). The link is
 * the credential (calendar applications cannot sign in), so the token is checked for shape and
 * size before any lookup, unknown links answer 404 like malformed ones, and nothing is cached.
 */
export function registerDownloadRoutes(server: Server, downloads: DownloadRegistry, log: Logger): void {
  server.get('/files/:kind/:file', async (req: Request, res: Response) => {
    const kind = downloads.find(String(req.params.kind));
    const file = String(req.params.file);
    const suffix = kind ? `.${kind.extension}` : '';
    const token = kind && file.endsWith(suffix) ? file.slice(0, -suffix.length) : '';
    const found = kind && downloadTokenPattern.test(token) ? await kind.resolve(token) : undefined;
    if (!kind || !found) {
      log.info({ kind: String(req.params.kind).slice(0, 20) }, 'download refused');
      res.send(404, { error: 'NotFound' });
      return;
    }
    const body = Buffer.from(found.content, 'utf8');
    res.writeHead(200, {
      'content-type': kind.contentType,
      'content-length': body.length,
      'content-disposition': `attachment; filename="${found.name.replace(/[^A-Za-z0-9._-]/g, '_')}"`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
    });
    res.end(body);
  });
}
