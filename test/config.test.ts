import { readFileSync } from 'node:fs';
import path from 'node:path';
import dotenv from 'dotenv';
import { ConfigError, configurationVariables, loadConfig } from '../src/config';

/** A production configuration that passes every refusal, to break one setting at a time. */
const productionBase = {
  NODE_ENV: 'production',
  MicrosoftAppId: '11111111-2222-4333-8444-555555555555',
  MicrosoftAppPassword: 'secret',
  POLL_BALLOT_KEY: 'p'.repeat(40),
  ALLOWED_TENANT_IDS: '6a1f1e2d-3c4b-4a59-8e7d-1f2e3d4c5b6a',
};

describe('loadConfig', () => {
  it('runs with no configuration at all: port 3978 and the embedded database under ./data', () => {
    const config = loadConfig({});

    expect(config.port).toBe(3978);
    expect(config.database).toEqual({ uri: undefined, dataDir: './data', seedDemoData: true });
    expect(config.bot.appType).toBe('MultiTenant');
  });

  it('accepts a safe production configuration, and does not seed demo data there by default', () => {
    const config = loadConfig(productionBase);
    expect(config.database.seedDemoData).toBe(false);
    expect(config.tab.allowedTenantIds).toEqual([productionBase.ALLOWED_TENANT_IDS]);
  });

  it('reads ballot keys with ids, the first one current, for rotation', () => {
    const config = loadConfig({ POLL_BALLOT_KEY: `k2:${'n'.repeat(32)},k1:${'o'.repeat(32)}` });
    expect(config.ballotKeys).toEqual([
      { id: 'k2', secret: 'n'.repeat(32) },
      { id: 'k1', secret: 'o'.repeat(32) },
    ]);
    expect(loadConfig({ POLL_BALLOT_KEY: 'z'.repeat(32) }).ballotKeys).toEqual([
      { id: 'k0', secret: 'z'.repeat(32) },
    ]);
  });

  it('reads a real MongoDB connection string when given', () => {
    expect(loadConfig({ MONGODB_URI: 'mongodb+srv://ix:secret@cluster.example.net/ix' }).database.uri).toBe(
      'mongodb+srv://ix:secret@cluster.example.net/ix',
    );
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ MONGODB_URI: '', MicrosoftAppId: '  ' }).database.uri).toBeUndefined();
  });

  it.each([
    [
      { PORT: 'abc' },
      'Invalid configuration: PORT must be a port number between 1 and 65535 (0 picks a free one) (got "abc").',
    ],
    [
      { PORT: '70000' },
      'Invalid configuration: PORT must be a port number between 1 and 65535 (0 picks a free one) (got "70000").',
    ],
    [
      { NODE_ENV: 'prod' },
      'Invalid configuration: NODE_ENV must be development, production or test (got "prod").',
    ],
    [
      { LOG_LEVEL: 'loud' },
      'Invalid configuration: LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "loud").',
    ],
    [
      { MONGODB_URI: 'http://localhost' },
      'Invalid configuration: MONGODB_URI must be a MongoDB connection string starting with mongodb:// or mongodb+srv://.',
    ],
    [
      { MicrosoftAppType: 'Personal' },
      'Invalid configuration: MicrosoftAppType must be MultiTenant, SingleTenant or UserAssignedMSI (got "Personal").',
    ],
    [
      { MicrosoftAppId: '00000000-0000-0000-0000-000000000001' },
      'Invalid configuration: MicrosoftAppPassword is required when MicrosoftAppId is set (the client secret of the bot registration).',
    ],
    [
      { MicrosoftAppType: 'SingleTenant', MicrosoftAppId: 'id', MicrosoftAppPassword: 'secret' },
      'Invalid configuration: MicrosoftAppTenantId is required when MicrosoftAppType is SingleTenant (the Microsoft Entra tenant id).',
    ],
    [
      { NODE_ENV: 'production', POLL_BALLOT_KEY: 'k'.repeat(32) },
      'Invalid configuration: MicrosoftAppId is required in production: without it the bot accepts unauthenticated requests.',
    ],
    [
      { NODE_ENV: 'production', MicrosoftAppId: 'id', MicrosoftAppPassword: 'secret' },
      'Invalid configuration: POLL_BALLOT_KEY is required in production: it keeps anonymous ballots unlinkable to voters.',
    ],
    [
      { POLL_BALLOT_KEY: 'short' },
      'Invalid configuration: POLL_BALLOT_KEY must be a secret of at least 32 characters (e.g. openssl rand -hex 32), or a comma list of <id>:<secret> whose first entry is the current key.',
    ],
    [
      { IX_TIMEZONE: 'Mars/Olympus' },
      'Invalid configuration: IX_TIMEZONE must be an IANA time zone such as Europe/Paris (got "Mars/Olympus").',
    ],
    [
      { INFO_FLASH_CRON: 'every monday' },
      'Invalid configuration: INFO_FLASH_CRON must be a cron expression such as "0 9 * * 1-5" (minute hour day month weekday) (got "every monday").',
    ],
    [
      { IX_COORDINATORS: 'nadia' },
      'Invalid configuration: IX_COORDINATORS must be a comma-separated list of Entra object ids (GUIDs); user principal names are no longer accepted (Entra admin center → Users → Object ID) (got "nadia").',
    ],
    [
      // An email or UPN is not verified by anyone: matching it would let the roster (or a token's
      // preferred_username) make someone a coordinator.
      { IX_COORDINATORS: 'nadia.benali@orleans.fr' },
      'Invalid configuration: IX_COORDINATORS must be a comma-separated list of Entra object ids (GUIDs); user principal names are no longer accepted (Entra admin center → Users → Object ID) (got "nadia.benali@orleans.fr").',
    ],
    [
      { ...productionBase, SEED_DEMO_DATA: 'true' },
      'Invalid configuration: SEED_DEMO_DATA must be false in production: the demo data grants a fictional coordinator (got "true").',
    ],
    [
      { ...productionBase, POLL_BALLOT_KEY: 'development-only-ballot-key-not-for-production-use' },
      'Invalid configuration: POLL_BALLOT_KEY must not be the development key in production (e.g. openssl rand -hex 32).',
    ],
    [
      { ...productionBase, ALLOWED_TENANT_IDS: '' },
      'Invalid configuration: ALLOWED_TENANT_IDS is required in production (or MicrosoftAppTenantId): without it people of any tenant could use the bot (got "").',
    ],
    [
      { MicrosoftAppId: 'id', MicrosoftAppPassword: 'secret', TAB_DEV_PERSONAS: 'true' },
      'Invalid configuration: TAB_DEV_PERSONAS must be false when MicrosoftAppId is set: the persona picker is only offered by a bot listening on loopback (got "true").',
    ],
    [
      { POLL_BALLOT_KEY: `k1:${'a'.repeat(32)},k1:${'b'.repeat(32)}` },
      'Invalid configuration: POLL_BALLOT_KEY must be a secret of at least 32 characters (e.g. openssl rand -hex 32), or a comma list of <id>:<secret> whose first entry is the current key.',
    ],
    [
      { SEED_DEMO_DATA: 'maybe' },
      'Invalid configuration: SEED_DEMO_DATA must be true or false (got "maybe").',
    ],
    [
      { SHUTDOWN_TIMEOUT_MS: 'soon' },
      'Invalid configuration: SHUTDOWN_TIMEOUT_MS must be a number of milliseconds (got "soon").',
    ],
  ])('rejects %j with one line naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});

describe('.env.example', () => {
  const example = dotenv.parse(readFileSync(path.join(__dirname, '..', '.env.example')));

  it('is a valid configuration as shipped', () => {
    expect(() => loadConfig(example)).not.toThrow();
  });

  it('documents every variable the bot reads', () => {
    expect(Object.keys(example).sort()).toEqual([...configurationVariables].sort());
  });
});
