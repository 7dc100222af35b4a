import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationServiceClientCredentialFactory,
  type Activity,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type InvokeResponse,
  type TurnContext,
} from 'botbuilder';
import type { Logger } from 'pino';
import type { BotCredentials } from '../config';
import { ReusedConnectorClients } from './reused-connector-clients';

/** The activity's date fields as the SDK hands them to a turn: Dates, the text kept beside them. */
function withDates(activity: Activity): Activity {
  const fields = activity as unknown as Record<string, unknown>;
  for (const [field, raw] of [
    ['timestamp', 'rawTimestamp'],
    ['expiration', 'rawExpiration'],
    ['localTimestamp', 'rawLocalTimestamp'],
  ]) {
    const text = fields[field];
    if (typeof text === 'string') {
      fields[raw] = text;
      fields[field] = new Date(text);
    }
  }
  return activity;
}

/**
 * CloudAdapter, given the activities our endpoint has already checked (size, encoding, the
 * envelope's schema: `http-server.ts`). CloudAdapter's own `process` checks the request again
 * with zod schemas it builds anew at each request, copying the body twice to do it: about 2 % of a
 * turn's CPU. Everything after that check (authentication, the turn, the invoke response) is the
 * SDK's.
 */
export class BotAdapter extends CloudAdapter {
  /** Authenticates the request and runs the turn; answers what an invoke should answer. */
  processCheckedActivity(
    authHeader: string,
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<InvokeResponse | undefined> {
    return this.processActivity(authHeader, withDates(activity), logic);
  }
}

/**
 * The Bot Framework adapter, authenticated with the bot registration's credentials.
 * Without an app id (local development, the Playground, tests) Bot Framework auth is off.
 */
export function createBotAdapter(credentials: BotCredentials, log: Logger): BotAdapter {
  const settings = {
    MicrosoftAppId: credentials.appId ?? '',
    MicrosoftAppPassword: credentials.appPassword ?? '',
    MicrosoftAppTenantId: credentials.appTenantId ?? '',
    MicrosoftAppType: credentials.appType,
  };
  const credentialsFactory = new ConfigurationServiceClientCredentialFactory(settings);
  const authentication = new ConfigurationBotFrameworkAuthentication(
    settings as ConfigurationBotFrameworkAuthenticationOptions,
    credentialsFactory,
  );
  const adapter = new BotAdapter(new ReusedConnectorClients(authentication));
  // Our dispatcher already answers turn errors; this only catches failures outside it (e.g. a
  // send that throws while answering an invoke), so they are logged and never crash the process.
  adapter.onTurnError = async (context, error) => {
    log.error({ err: error, activityType: context.activity.type }, 'unhandled turn error');
  };
  return adapter;
}
