import type { Next, Request, Response } from 'restify';

/** Why a body was refused: the status, and what the sender is told. */
interface Refusal {
  status: number;
  error: string;
  message: string;
}

const refusals = {
  tooLarge: (maxBytes: number): Refusal => ({
    status: 413,
    error: 'PayloadTooLarge',
    message: `The body is over ${maxBytes} bytes.`,
  }),
  encoded: { status: 415, error: 'UnsupportedMediaType', message: 'Content-Encoding is not accepted.' },
  notJsonType: {
    status: 415,
    error: 'UnsupportedMediaType',
    message: 'Content-Type must be application/json.',
  },
  notUtf8: { status: 400, error: 'BadRequest', message: 'The body is not valid UTF-8.' },
  notJson: { status: 400, error: 'BadRequest', message: 'The body is not valid JSON.' },
} as const;

const methodsWithBody = new Set(['POST', 'PUT', 'PATCH']);

/**
 * Reads a JSON body into `req.body`, and nothing else: every route that takes a body (Bot Framework
 * activities, the tab's actions) takes JSON. A body over `maxBytes` is refused (413) from its
 * Content-Length before a byte is read, or as soon as the bytes read pass it; a body that is not
 * UTF-8 or not JSON gets 400 rather than being repaired (restify's reader replaced bad bytes with
 * U+FFFD); another Content-Type gets 415, and so does any Content-Encoding: Teams never compresses
 * what it posts, and an inflated body escapes any cap on the bytes read (restify's reader once
 * turned a 40 KB gzip body into 40 MB), so a compressed body is refused unread. `onRefused` hears
 * why, for the request log.
 */
export function jsonBodyReader(maxBytes: number, onRefused: (req: Request, refusal: Refusal) => void) {
  const utf8 = new TextDecoder('utf-8', { fatal: true });

  return (req: Request, res: Response, next: Next): void => {
    if (!methodsWithBody.has(req.method ?? '')) return next();
    const refuse = (refusal: Refusal) => {
      onRefused(req, refusal);
      // The rest of the body is not read: the connection closes once the answer is sent.
      res.setHeader('connection', 'close');
      res.send(refusal.status, { error: refusal.error, message: refusal.message });
      next(false);
    };
    const encoding = String(req.headers['content-encoding'] ?? '')
      .trim()
      .toLowerCase();
    if (encoding !== '' && encoding !== 'identity') return refuse(refusals.encoded);
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > maxBytes) return refuse(refusals.tooLarge(maxBytes));
    const hasBody = declared > 0 || req.headers['transfer-encoding'] !== undefined;
    if (hasBody && req.getContentType() !== 'application/json') return refuse(refusals.notJsonType);

    const chunks: Buffer[] = [];
    let received = 0;
    let settled = false;
    const stop = () => {
      settled = true;
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
    };
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received <= maxBytes) {
        chunks.push(chunk);
        return;
      }
      stop();
      req.pause();
      refuse(refusals.tooLarge(maxBytes));
    };
    const onEnd = () => {
      stop();
      if (received === 0) return next();
      let text: string;
      try {
        text = utf8.decode(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, received));
      } catch {
        return refuse(refusals.notUtf8);
      }
      try {
        req.body = JSON.parse(text) as unknown;
      } catch {
        return refuse(refusals.notJson);
      }
      next();
    };
    // The sender went away or the socket failed: there is nobody left to answer.
    const onError = () => {
      if (!settled) stop();
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  };
}
