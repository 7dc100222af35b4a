import type { Activity } from 'botbuilder';
import {
  AuthenticationConstants,
  BotFrameworkAuthentication,
  ConnectorFactory,
  type AuthenticateRequestResult,
  type BotFrameworkClient,
  type ClaimsIdentity,
  type ConnectorClient,
  type UserTokenClient,
} from 'botframework-connector';
import { postActivitiesAsJson } from './activity-posts';

/** Teams posts from a handful of service URLs; the bound only guards against a surprise. */
const maxClients = 64;

/** A small bounded map: when full, the oldest entry goes (insertion order). */
function remember<T>(cache: Map<string, T>, key: string, create: () => T): T {
  let value = cache.get(key);
  if (value === undefined) {
    value = create();
    if (cache.size >= maxClients) cache.delete(cache.keys().next().value as string);
    cache.set(key, value);
  }
  return value;
}

/** The bot's app id in the claims, as the SDK reads it (audience first, then appid). */
function appIdOf(claimsIdentity: ClaimsIdentity): string {
  return (
    claimsIdentity.getClaimValue(AuthenticationConstants.AudienceClaim) ??
    claimsIdentity.getClaimValue(AuthenticationConstants.AppIdClaim) ??
    ''
  );
}

/**
 * CloudAdapter builds a new ConnectorClient and UserTokenClient — each a fresh HTTP pipeline of a
 * dozen policies — for every incoming activity, about a tenth of the CPU of a simple turn. They
 * hold nothing specific to a turn (the credentials cache the app's token themselves), so the
 * clients of incoming turns are kept per (app id, service URL, audience) and reused. Proactive
 * sends keep their own fresh clients: the proactive messenger strips their retry policy.
 */
export class ReusedConnectorClients extends BotFrameworkAuthentication {
  private readonly connectorClients = new Map<string, Promise<ConnectorClient>>();
  private readonly userTokenClients = new Map<string, Promise<UserTokenClient>>();

  constructor(private readonly inner: BotFrameworkAuthentication) {
    super();
  }

  override async authenticateRequest(
    activity: Activity,
    authHeader: string,
  ): Promise<AuthenticateRequestResult> {
    const result = await this.inner.authenticateRequest(activity, authHeader);
    const created = result.connectorFactory;
    if (!created) return result;
    const appId = appIdOf(result.claimsIdentity);
    const clients = this.connectorClients;
    const reusing = new (class extends ConnectorFactory {
      create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
        const key = JSON.stringify([appId, serviceUrl, audience ?? null]);
        const client = remember(clients, key, () =>
          created.create(serviceUrl, audience).then((made) => postActivitiesAsJson(made, serviceUrl)),
        );
        // A failed creation (credentials unavailable) is tried again by the next turn.
        client.catch(() => clients.get(key) === client && clients.delete(key));
        return client;
      }
    })();
    return { ...result, connectorFactory: reusing };
  }

  override createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    const key = appIdOf(claimsIdentity);
    const client = remember(this.userTokenClients, key, () =>
      this.inner.createUserTokenClient(claimsIdentity),
    );
    client.catch(() => this.userTokenClients.get(key) === client && this.userTokenClients.delete(key));
    return client;
  }

  override authenticateStreamingRequest(
    authHeader: string,
    channelIdHeader: string,
  ): Promise<AuthenticateRequestResult> {
    return this.inner.authenticateStreamingRequest(authHeader, channelIdHeader);
  }

  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return this.inner.createConnectorFactory(claimsIdentity);
  }

  override createBotFrameworkClient(): BotFrameworkClient {
    return this.inner.createBotFrameworkClient();
  }

  override getOriginatingAudience(): string {
    return this.inner.getOriginatingAudience();
  }

  override authenticateChannelRequest(authHeader: string): Promise<ClaimsIdentity> {
    return this.inner.authenticateChannelRequest(authHeader);
  }
}
