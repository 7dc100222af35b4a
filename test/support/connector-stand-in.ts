import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One call the bot made to the Bot Connector service. */
export interface ConnectorCall {
  method: string;
  path: string;
  conversationId?: string;
  activityId?: string;
  body: Record<string, unknown>;
  /** Date.now() when the request arrived, to check pacing and Retry-After. */
  receivedAt: number;
}

export type ConnectorResponder = (
  call: ConnectorCall,
) => { status: number; body?: unknown; headers?: Record<string, string> } | undefined;

/**
 * A local stand-in for the Bot Connector service: activities the bot sends land here (their
 * `serviceUrl` points at it), are recorded, and get an id back, as Teams would answer.
 */
export class ConnectorStandIn {
  readonly calls: ConnectorCall[] = [];
  private server?: http.Server;
  private nextId = 1;
  private responder?: ConnectorResponder;
  url = '';

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Overrides the default 200 answer (e.g. to reply 429 with Retry-After). */
  respondWith(responder: ConnectorResponder | undefined): void {
    this.responder = responder;
  }

  reset(): void {
    this.calls.length = 0;
  }

  /** Messages (new posts and replies) sent to conversations, in order. */
  sentActivities(): Array<Record<string, unknown>> {
    return this.calls
      .filter((call) => call.method === 'POST' && call.path.includes('/activities'))
      .map((call) => call.body);
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const path = decodeURI(req.url ?? '');
    const match = /\/v3\/conversations\/([^/]+)(?:\/activities(?:\/([^/]+))?)?/.exec(req.url ?? '');
    const call: ConnectorCall = {
      receivedAt: Date.now(),
      method: req.method ?? 'GET',
      path,
      conversationId: match?.[1] && decodeURIComponent(match[1]),
      activityId: match?.[2] && decodeURIComponent(match[2]),
      body: raw ? (JSON.parse(raw) as Record<string, unknown>) : {},
    };
    this.calls.push(call);
    const custom = this.responder?.(call);
    if (custom) {
      res.writeHead(custom.status, { 'content-type': 'application/json', ...custom.headers });
      res.end(JSON.stringify(custom.body ?? {}));
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    if (call.method === 'POST' && path === '/v3/conversations') {
      res.end(JSON.stringify({ id: `a:conversation-${this.nextId++}` }));
    } else if (call.method === 'PUT' || call.method === 'POST') {
      res.end(JSON.stringify({ id: call.method === 'PUT' ? call.activityId : `activity-${this.nextId++}` }));
    } else {
      res.end('{}');
    }
  }
}
