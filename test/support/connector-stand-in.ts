import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RosterAccount } from '../../src/bot/messenger';

export type { RosterAccount };

/** One call the bot made to the Bot Connector service. */
export interface ConnectorCall {
  method: string;
  path: string;
  conversationId?: string;
  activityId?: string;
  body: Record<string, unknown>;
  query: URLSearchParams;
  /** The Authorization header, when the bot sent one (Bot Framework authentication on). */
  authorization?: string;
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
  private readonly rosters = new Map<string, RosterAccount[]>();
  /** People per roster page, whatever the bot asks (Teams caps it; small pages test the paging). */
  rosterPageSize = 100;
  url = '';

  /** The people of a team or group chat, served by the paged roster API. */
  setRoster(conversationId: string, people: RosterAccount[]): void {
    this.rosters.set(conversationId, people);
  }

  /** The 1:1 chat the stand-in opens for a person: the same id every time, as Teams does. */
  static personalConversationId(userId: string): string {
    return `a:1on1-${userId}`;
  }

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

  /** One page of `/v3/conversations/{id}/pagedmembers`; the continuation token is the next offset. */
  private rosterPage(call: ConnectorCall): { members: RosterAccount[]; continuationToken?: string } {
    const people = this.rosters.get(call.conversationId ?? '') ?? [];
    const offset = Number(call.query.get('continuationToken') ?? '0') || 0;
    const next = offset + this.rosterPageSize;
    return {
      members: people.slice(offset, next),
      ...(next < people.length ? { continuationToken: String(next) } : {}),
    };
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const path = decodeURI((req.url ?? '').split('?')[0]);
    const match = /\/v3\/conversations\/([^/]+)(?:\/activities(?:\/([^/]+))?)?/.exec(req.url ?? '');
    const call: ConnectorCall = {
      receivedAt: Date.now(),
      method: req.method ?? 'GET',
      path,
      conversationId: match?.[1] && decodeURIComponent(match[1]),
      activityId: match?.[2] && decodeURIComponent(match[2]),
      body: raw ? (JSON.parse(raw) as Record<string, unknown>) : {},
      query: new URL(req.url ?? '/', 'http://stand-in').searchParams,
      authorization: req.headers.authorization,
    };
    this.calls.push(call);
    const custom = this.responder?.(call);
    if (custom) {
      res.writeHead(custom.status, { 'content-type': 'application/json', ...custom.headers });
      res.end(JSON.stringify(custom.body ?? {}));
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    if (call.method === 'GET' && path.includes('/pagedmembers')) {
      res.end(JSON.stringify(this.rosterPage(call)));
    } else if (call.method === 'POST' && path === '/v3/conversations') {
      const [member] = (call.body.members as Array<{ id: string }> | undefined) ?? [];
      const id = member
        ? ConnectorStandIn.personalConversationId(member.id)
        : `a:conversation-${this.nextId++}`;
      res.end(JSON.stringify({ id }));
    } else if (call.method === 'PUT' || call.method === 'POST') {
      res.end(JSON.stringify({ id: call.method === 'PUT' ? call.activityId : `activity-${this.nextId++}` }));
    } else {
      res.end('{}');
    }
  }
}
