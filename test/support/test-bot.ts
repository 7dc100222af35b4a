import pino from 'pino';
import { createApp, type App } from '../../src/app';
import type { Feature } from '../../src/bot/feature';
import type { Clock } from '../../src/clock';
import { loadConfig, type Config } from '../../src/config';
import { connectDatabase, type Database } from '../../src/db/database';
import type { SigningKeySource } from '../../src/tab/sso-token';
import { ConnectorStandIn } from './connector-stand-in';
import { executeActivity, type ActivityOptions } from './activities';

/** What the bot answers to an `Action.Execute` invoke: the refreshed card, or a message. */
export interface InvokeBody<Value = unknown> {
  statusCode: number;
  type: string;
  value: Value;
}

export interface TestBot {
  app: App;
  database: Database;
  connector: ConnectorStandIn;
  config: Config;
  /** http://127.0.0.1:<port> of the bot's own HTTP server. */
  baseUrl: string;
  /** Options for the activity builders: replies go to the connector stand-in. */
  options: ActivityOptions;
  /** POSTs an activity to /api/messages; resolves once the bot has finished the turn. */
  post(activity: unknown): Promise<{ status: number; body: unknown }>;
  /** Clicks an `Action.Execute` button: posts the invoke and returns its body (HTTP 200 required). */
  execute<Value = unknown>(
    verb: string,
    data: Record<string, unknown>,
    options: ActivityOptions,
  ): Promise<InvokeBody<Value>>;
  postRaw(body: string, contentType?: string): Promise<{ status: number; body: unknown }>;
  /**
   * Waits until the background drainer has sent everything due: proactive messages leave after
   * the turn that queued them, so a test awaits this before looking at what was sent.
   */
  outboxIdle(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The whole bot as it runs in production — restify, CloudAdapter with auth off, mongoose on a
 * fresh in-memory embedded database — plus a Bot Connector stand-in that records its answers.
 */
export async function startTestBot(
  overrides: {
    env?: Record<string, string>;
    features?: Feature[];
    clock?: Clock;
    tabSigningKeys?: SigningKeySource;
    /** A database another instance uses too (default: a fresh in-memory embedded one). */
    databaseUri?: string;
    /** Driver command events for the round-trip counts (on by default; benchmarks turn them off). */
    monitorCommands?: boolean;
    /** The embedded engine on a thread of its own, as `npm start` runs it (benchmarks). */
    engineOnOwnThread?: boolean;
  } = {},
): Promise<TestBot> {
  const config = loadConfig({ NODE_ENV: 'test', PORT: '0', ...overrides.env });
  const log = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const connector = await new ConnectorStandIn().start();
  const database = await connectDatabase(
    overrides.databaseUri
      ? { uri: overrides.databaseUri }
      : { embedded: { ownThread: overrides.engineOnOwnThread } },
    log,
    { monitorCommands: overrides.monitorCommands ?? true },
  );
  let app: App;
  let port: number;
  try {
    app = await createApp({
      config,
      log,
      database,
      features: overrides.features,
      clock: overrides.clock,
      tabSigningKeys: overrides.tabSigningKeys,
    });
    port = await app.start(0);
  } catch (error) {
    await database.close();
    await connector.stop();
    throw error;
  }
  const baseUrl = `http://127.0.0.1:${port}`;
  const endpoint = `${baseUrl}/api/messages`;
  const postRaw = async (body: string, contentType = 'application/json') => {
    const response = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': contentType },
      body,
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // Not JSON: keep the raw text for the assertion to show.
    }
    return { status: response.status, body: parsed };
  };
  return {
    app,
    database,
    connector,
    config,
    baseUrl,
    options: { serviceUrl: connector.url },
    post: (activity) => postRaw(JSON.stringify(activity)),
    execute: async <Value>(verb: string, data: Record<string, unknown>, options: ActivityOptions) => {
      const response = await postRaw(JSON.stringify(executeActivity(verb, data, options)));
      if (response.status !== 200) throw new Error(`Invoke ${verb} answered HTTP ${response.status}`);
      return response.body as InvokeBody<Value>;
    },
    postRaw,
    outboxIdle: () => app.outbox.whenIdle(),
    stop: async () => {
      await app.stop();
      await database.close();
      await connector.stop();
    },
  };
}

/** The Adaptive Card of a sent activity, if any. */
export function cardOf(activity: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  const attachments = activity?.attachments as
    Array<{ contentType: string; content: Record<string, unknown> }> | undefined;
  return attachments?.find(
    (attachment) => attachment.contentType === 'application/vnd.microsoft.card.adaptive',
  )?.content;
}

/** Every text shown by a card, flattened, for assertions that do not depend on layout. */
export function textsOf(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(textsOf);
  if (node && typeof node === 'object') {
    return Object.entries(node).flatMap(([key, value]) =>
      typeof value === 'string' && ['text', 'title', 'value', 'label', 'placeholder'].includes(key)
        ? [value]
        : textsOf(value),
    );
  }
  return [];
}
