import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationServiceClientCredentialFactory,
  type ConfigurationBotFrameworkAuthenticationOptions,
} from 'botbuilder';
import type { Logger } from 'pino';
import type { BotCredentials } from '../config';
import { ReusedConnectorClients } from './reused-connector-clients';

/**
 * The Bot Framework adapter, authenticated with the bot registration's credentials.
 * Without an app id (local development, the Playground, tests) Bot Framework auth is off.
 */
export function createBotAdapter(credentials: BotCredentials, log: Logger): CloudAdapter {
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
  const adapter = new CloudAdapter(new ReusedConnectorClients(authentication));
  // Our dispatcher already answers turn errors; this only catches failures outside it (e.g. a
  // send that throws while answering an invoke), so they are logged and never crash the process.
  adapter.onTurnError = async (context, error) => {
    log.error({ err: error, activityType: context.activity.type }, 'unhandled turn error');
  };
  return adapter;
}
