import cron from 'node-cron';
import { z } from 'zod';
import { commaList } from './text';

/**
 * Every setting the bot reads from its environment, validated once at start-up and passed down.
 * Nothing else in src/ reads process.env (ESLint enforces it).
 */

const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

const booleanFlag = (defaultValue: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'must be true or false' })
    .default(defaultValue ? 'true' : 'false')
    .transform((value) => value === 'true' || value === '1' || value === 'yes');

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('fr-FR', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const cronExpression = (defaultValue: string) =>
  z
    .string()
    .trim()
    .default(defaultValue)
    .refine((value) => cron.validate(value), {
      message: 'must be a cron expression such as "0 9 * * 1-5" (minute hour day month weekday)',
    });

const guidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const hostPattern = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:\d{1,5})?$/i;
const guidMessage = 'must be the Teams app id, a GUID such as 2f6b1c3e-4a5d-4e6f-8a9b-0c1d2e3f4a5b';
const hostMessage = 'must be the public host name of the bot, without scheme or path (e.g. ix.orleans.fr)';

/** The Teams app package and the "Mon iX" personal tab (manifest/, src/tab, src/platform/tab-api.ts). */
const teamsAppVariables = {
  TEAMS_APP_ID: optionalText.refine((value) => value === undefined || guidPattern.test(value), {
    message: guidMessage,
  }),
  PUBLIC_HOST: optionalText.refine((value) => value === undefined || hostPattern.test(value), {
    message: hostMessage,
  }),
  TAB_SSO_AUDIENCE: optionalText,
  ALLOWED_TENANT_IDS: z
    .string()
    .default('')
    .transform((value) => commaList(value.toLowerCase()))
    .refine((entries) => entries.every((entry) => guidPattern.test(entry)), {
      message: 'must be a comma-separated list of Microsoft Entra tenant ids (GUIDs)',
    }),
  TAB_DEV_PERSONAS: booleanFlag(false),
};

const environmentSchema = z
  .object({
    NODE_ENV: z
      .enum(['development', 'production', 'test'], { error: 'must be development, production or test' })
      .default('development'),
    PORT: z.coerce
      .number({ error: 'must be a port number between 1 and 65535 (0 picks a free one)' })
      .int('must be a port number between 1 and 65535 (0 picks a free one)')
      .min(0, 'must be a port number between 1 and 65535 (0 picks a free one)')
      .max(65535, 'must be a port number between 1 and 65535 (0 picks a free one)')
      .default(3978),
    LOG_LEVEL: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
        error: 'must be one of fatal, error, warn, info, debug, trace, silent',
      })
      .default('info'),
    MicrosoftAppId: optionalText,
    MicrosoftAppPassword: optionalText,
    MicrosoftAppTenantId: optionalText,
    MicrosoftAppType: z
      .enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI'], {
        error: 'must be MultiTenant, SingleTenant or UserAssignedMSI',
      })
      .default('MultiTenant'),
    MONGODB_URI: optionalText.refine(
      (value) => value === undefined || /^mongodb(\+srv)?:\/\/\S+$/.test(value),
      {
        message: 'must be a MongoDB connection string starting with mongodb:// or mongodb+srv://',
      },
    ),
    DATA_DIR: z.string().trim().min(1, 'must be a folder path').default('./data'),
    // Unset: seeded outside production only (the seed grants a demo coordinator).
    SEED_DEMO_DATA: z
      .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'must be true or false' })
      .optional()
      .transform((value) =>
        value === undefined ? undefined : value === 'true' || value === '1' || value === 'yes',
      ),
    IX_TIMEZONE: z
      .string()
      .default('Europe/Paris')
      .refine(isTimeZone, { message: 'must be an IANA time zone such as Europe/Paris' }),
    ONBOARDING_REMINDER_CRON: cronExpression('0 9 * * 1-5'),
    INFO_FLASH_CRON: cronExpression('0 9 * * 1'),
    POLL_CLOSING_CRON: cronExpression('* * * * *'),
    MEETUPS_CRON: cronExpression('0 9 * * 1'),
    ROSTER_SYNC_CRON: cronExpression('30 2 * * *'),
    EVENT_REMINDER_CRON: cronExpression('*/5 * * * *'),
    POLL_BALLOT_KEY: optionalText.refine(
      (value) => value === undefined || parseBallotKeys(value) !== undefined,
      {
        message:
          'must be a secret of at least 32 characters (e.g. openssl rand -hex 32), or a comma list of <id>:<secret> whose first entry is the current key',
      },
    ),
    IX_COORDINATORS: z
      .string()
      .default('')
      .transform((value) => commaList(value.toLowerCase()))
      // Only the Entra object id is verified (Bot Framework auth, SSO `oid`): an email or UPN comes
      // from the roster or from `preferred_username`, which Microsoft says never to authorise on.
      .refine((entries) => entries.every((entry) => guidPattern.test(entry)), {
        message:
          'must be a comma-separated list of Entra object ids (GUIDs); user principal names are no longer accepted (Entra admin center → Users → Object ID)',
      }),
    ...teamsAppVariables,
    SHUTDOWN_TIMEOUT_MS: z.coerce
      .number({ error: 'must be a number of milliseconds' })
      .int('must be a whole number of milliseconds')
      .min(0, 'must be a positive number of milliseconds')
      .default(10000),
    OUTBOX_LEASE_MS: z.coerce
      .number({ error: 'must be a number of milliseconds' })
      .int('must be a whole number of milliseconds')
      .min(3000, 'must be at least 3000 (every send has a third of it to get an answer)')
      .max(600000, 'must be at most 600000 (10 minutes)')
      .default(60000),
  })
  .superRefine((env, context) => {
    if (env.MicrosoftAppId && !env.MicrosoftAppPassword && env.MicrosoftAppType !== 'UserAssignedMSI') {
      context.addIssue({
        code: 'custom',
        path: ['MicrosoftAppPassword'],
        message: 'is required when MicrosoftAppId is set (the client secret of the bot registration)',
      });
    }
    if (env.MicrosoftAppType !== 'MultiTenant' && !env.MicrosoftAppTenantId) {
      context.addIssue({
        code: 'custom',
        path: ['MicrosoftAppTenantId'],
        message: `is required when MicrosoftAppType is ${env.MicrosoftAppType} (the Microsoft Entra tenant id)`,
      });
    }
    if (env.NODE_ENV === 'production' && !env.POLL_BALLOT_KEY) {
      context.addIssue({
        code: 'custom',
        path: ['POLL_BALLOT_KEY'],
        message: 'is required in production: it keeps anonymous ballots unlinkable to voters',
      });
    }
    if (env.TAB_DEV_PERSONAS && env.MicrosoftAppId) {
      context.addIssue({
        code: 'custom',
        path: ['TAB_DEV_PERSONAS'],
        message:
          'must be false when MicrosoftAppId is set: the persona picker is only offered by a bot listening on loopback',
      });
    }
    if (env.NODE_ENV === 'production' && env.TAB_DEV_PERSONAS) {
      context.addIssue({
        code: 'custom',
        path: ['TAB_DEV_PERSONAS'],
        message: 'must be false in production: the persona picker lets anyone act as anyone in the tab',
      });
    }
    if (env.NODE_ENV === 'production' && !env.MicrosoftAppId) {
      context.addIssue({
        code: 'custom',
        path: ['MicrosoftAppId'],
        message: 'is required in production: without it the bot accepts unauthenticated requests',
      });
    }
    if (env.NODE_ENV === 'production') refuseUnsafeProductionSettings(env, context);
  });

/** The development key: refused in production, whether defaulted or copied into the variable. */
const developmentBallotSecret = 'development-only-ballot-key-not-for-production-use';

/** One secret of the keyed hash of anonymous ballots, with the id polls record to find it again. */
export interface BallotKey {
  id: string;
  secret: string;
}

/**
 * `POLL_BALLOT_KEY`: a bare secret (id `k0`), or `<id>:<secret>,<id>:<secret>…` whose first entry
 * signs new polls and whose others still serve the polls opened with them (rotation).
 */
export function parseBallotKeys(value: string): BallotKey[] | undefined {
  const keys = commaList(value).map((entry): BallotKey => {
    const match = /^([a-z0-9_-]{1,16}):(.+)$/i.exec(entry.trim());
    return match ? { id: match[1], secret: match[2] } : { id: 'k0', secret: entry.trim() };
  });
  const ids = new Set(keys.map((key) => key.id));
  if (ids.size !== keys.length || keys.some((key) => key.secret.length < 32)) return undefined;
  return keys;
}

function refuseUnsafeProductionSettings(
  env: {
    SEED_DEMO_DATA?: boolean;
    POLL_BALLOT_KEY?: string;
    ALLOWED_TENANT_IDS: string[];
    MicrosoftAppTenantId?: string;
  },
  context: z.core.$RefinementCtx,
): void {
  const refuse = (variable: string, message: string) =>
    context.addIssue({ code: 'custom', path: [variable], message });
  if (env.SEED_DEMO_DATA) {
    refuse('SEED_DEMO_DATA', 'must be false in production: the demo data grants a fictional coordinator');
  }
  if (env.POLL_BALLOT_KEY && env.POLL_BALLOT_KEY.includes(developmentBallotSecret)) {
    refuse('POLL_BALLOT_KEY', 'must not be the development key in production (e.g. openssl rand -hex 32)');
  }
  if (env.ALLOWED_TENANT_IDS.length === 0 && !env.MicrosoftAppTenantId) {
    refuse(
      'ALLOWED_TENANT_IDS',
      'is required in production (or MicrosoftAppTenantId): without it people of any tenant could use the bot',
    );
  }
}

export interface BotCredentials {
  appId?: string;
  appPassword?: string;
  appTenantId?: string;
  appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
}

export interface Config {
  environment: 'development' | 'production' | 'test';
  port: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  bot: BotCredentials;
  database: {
    /** Unset: the embedded engine is started and stores its files under dataDir. */
    uri?: string;
    dataDir: string;
    seedDemoData: boolean;
  };
  /** IANA zone every schedule, due date and displayed time is read in. */
  timezone: string;
  schedules: {
    onboardingReminders: string;
    infoFlashDigest: string;
    pollClosing: string;
    /** When the rosters of every team and group chat with the bot are read again (nightly). */
    rosterSync: string;
    /** How often the day-before and hour-before reminders of events are looked for. */
    eventReminders: string;
    /** When a round of meetups is formed; each person is paired at their own rhythm (2 or 4 weeks). */
    meetups: string;
  };
  /**
   * Secret of the keyed hash that enforces one ballot per person in anonymous polls. In
   * development a fixed key is used when unset; production requires one.
   */
  pollBallotKey: string;
  /** Every ballot key by id; the first is `pollBallotKey`'s, recorded on each poll opened now. */
  ballotKeys: BallotKey[];
  /** Entra object ids (lower case) who are coordinators whatever the database says. */
  coordinators: string[];
  shutdownTimeoutMs: number;
  /**
   * How long a sender's claim on a delivery lasts without renewal: after a crash, what it held is
   * taken over once this has passed. Each send gets a third of it.
   */
  outboxLeaseMs: number;
  /** The "Mon iX" personal tab. */
  tab: TabConfig;
}

export interface TabConfig {
  /** TEAMS_APP_ID: the Teams app (manifest) id. */
  teamsAppId?: string;
  /** PUBLIC_HOST: where Teams reaches the bot and the tab (validDomains, tab URL, SSO resource). */
  publicHost?: string;
  /** Audiences a Teams SSO token may carry: TAB_SSO_AUDIENCE or api://<host>/<app id>, and the app id. */
  ssoAudiences: string[];
  /**
   * Entra tenants whose people may use the bot and the tab; ALLOWED_TENANT_IDS, else
   * MicrosoftAppTenantId. Empty (development only): every tenant.
   */
  allowedTenantIds: string[];
  /** TAB_DEV_PERSONAS: a persona picker replaces SSO outside Teams (never in production). */
  devPersonas: boolean;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    readonly expectation: string,
  ) {
    super(`Invalid configuration: ${variable} ${expectation}.`);
    this.name = 'ConfigError';
  }
}

/** Never echoed in error messages: they are, or may contain, secrets. */
const secretVariables = new Set(['MicrosoftAppPassword', 'POLL_BALLOT_KEY', 'MONGODB_URI']);

/** Validates the environment; the first invalid variable is reported as one readable line. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const result = environmentSchema.safeParse(env);
  if (!result.success) {
    const issue = result.error.issues[0];
    const variable = String(issue.path[0] ?? 'environment');
    const received = env[variable];
    const shown = received === undefined || secretVariables.has(variable) ? '' : ` (got "${received}")`;
    throw new ConfigError(variable, `${issue.message}${shown}`);
  }
  const values = result.data;
  const ballotKeys = (values.POLL_BALLOT_KEY && parseBallotKeys(values.POLL_BALLOT_KEY)) || [
    { id: 'k0', secret: developmentBallotSecret },
  ];
  return {
    environment: values.NODE_ENV,
    port: values.PORT,
    logLevel: values.LOG_LEVEL,
    bot: {
      appId: values.MicrosoftAppId,
      appPassword: values.MicrosoftAppPassword,
      appTenantId: values.MicrosoftAppTenantId,
      appType: values.MicrosoftAppType,
    },
    database: {
      uri: values.MONGODB_URI,
      dataDir: values.DATA_DIR,
      seedDemoData: values.SEED_DEMO_DATA ?? values.NODE_ENV !== 'production',
    },
    timezone: values.IX_TIMEZONE,
    schedules: {
      onboardingReminders: values.ONBOARDING_REMINDER_CRON,
      infoFlashDigest: values.INFO_FLASH_CRON,
      pollClosing: values.POLL_CLOSING_CRON,
      rosterSync: values.ROSTER_SYNC_CRON,
      eventReminders: values.EVENT_REMINDER_CRON,
      meetups: values.MEETUPS_CRON,
    },
    pollBallotKey: ballotKeys[0].secret,
    ballotKeys,
    coordinators: values.IX_COORDINATORS,
    shutdownTimeoutMs: values.SHUTDOWN_TIMEOUT_MS,
    outboxLeaseMs: values.OUTBOX_LEASE_MS,
    tab: {
      teamsAppId: values.TEAMS_APP_ID,
      publicHost: values.PUBLIC_HOST,
      ssoAudiences: ssoAudiencesOf(values),
      allowedTenantIds:
        values.ALLOWED_TENANT_IDS.length > 0
          ? values.ALLOWED_TENANT_IDS
          : values.MicrosoftAppTenantId
            ? [values.MicrosoftAppTenantId.toLowerCase()]
            : [],
      devPersonas: values.TAB_DEV_PERSONAS,
    },
  };
}

function ssoAudiencesOf(values: {
  TAB_SSO_AUDIENCE?: string;
  PUBLIC_HOST?: string;
  MicrosoftAppId?: string;
}): string[] {
  const resource =
    values.TAB_SSO_AUDIENCE ??
    (values.PUBLIC_HOST && values.MicrosoftAppId
      ? `api://${values.PUBLIC_HOST}/${values.MicrosoftAppId}`
      : undefined);
  // v1 tokens carry the Application ID URI, v2 tokens the app (client) id.
  return [resource, values.MicrosoftAppId].filter((value): value is string => Boolean(value));
}

/** What `npm run package` needs: the app and bot ids and the host; no secret. */
export interface AppPackageConfig {
  teamsAppId: string;
  botId: string;
  publicHost: string;
  ssoAudience?: string;
}

export function loadAppPackageConfig(env: Record<string, string | undefined>): AppPackageConfig {
  const required = (what: string) =>
    z
      .string({ error: `is required to build the Teams app package (${what})` })
      .trim()
      .min(1, `is required to build the Teams app package (${what})`);
  const schema = z.object({
    TEAMS_APP_ID: required('the Teams app id, a GUID').regex(guidPattern, guidMessage),
    MicrosoftAppId: required('the Azure Bot registration id, a GUID').regex(
      guidPattern,
      'must be the Azure Bot registration id, a GUID',
    ),
    PUBLIC_HOST: required('the public host name of the bot').regex(hostPattern, hostMessage),
    TAB_SSO_AUDIENCE: optionalText,
  });
  const result = schema.safeParse(env);
  if (!result.success) {
    const issue = result.error.issues[0];
    const variable = String(issue.path[0] ?? 'environment');
    const received = env[variable];
    throw new ConfigError(variable, `${issue.message}${received ? ` (got "${received}")` : ''}`);
  }
  const values = result.data;
  return {
    teamsAppId: values.TEAMS_APP_ID,
    botId: values.MicrosoftAppId,
    publicHost: values.PUBLIC_HOST,
    ssoAudience: values.TAB_SSO_AUDIENCE,
  };
}

/** Every variable the bot reads (documented one by one in .env.example). */
export const configurationVariables: readonly string[] = Object.keys(environmentSchema.shape);
