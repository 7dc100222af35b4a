import { createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import type { SigningKeySource } from './sso-token';

const dayMs = 24 * 60 * 60 * 1000;
/** A key id we do not know triggers a refetch (keys roll over), but not more often than this. */
const refetchAfterMs = 5 * 60 * 1000;

interface TenantKeys {
  keys: Map<string, KeyObject>;
  fetchedAt: number;
}

async function fetchJson(url: string): Promise<unknown> {
  const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return response.json();
}

/**
 * The production key source: the signing keys listed by the tenant's OpenID configuration
 * (login.microsoftonline.com/<tenant>/v2.0/.well-known/openid-configuration → jwks_uri), cached
 * for a day per tenant. Only called for tenants on the allow-list.
 */
export function createOpenIdKeySource(now: () => number = Date.now): SigningKeySource {
  const cache = new Map<string, TenantKeys>();
  const load = async (tenantId: string): Promise<TenantKeys> => {
    const configuration = (await fetchJson(
      `https://login.microsoftonline.com/${tenantId}/v2.0/.well-known/openid-configuration`,
    )) as { jwks_uri?: string };
    if (!configuration.jwks_uri) throw new Error(`no jwks_uri for tenant ${tenantId}`);
    const { keys = [] } = (await fetchJson(configuration.jwks_uri)) as {
      keys?: Array<JsonWebKey & { kid?: string }>;
    };
    const entries = keys
      .filter((key) => key.kid && key.kty === 'RSA')
      .map((key) => [key.kid as string, createPublicKey({ key, format: 'jwk' })] as const);
    const loaded = { keys: new Map(entries), fetchedAt: now() };
    cache.set(tenantId, loaded);
    return loaded;
  };
  return async (tenantId, keyId) => {
    let entry = cache.get(tenantId);
    if (!entry || now() - entry.fetchedAt > dayMs) entry = await load(tenantId);
    if (!entry.keys.has(keyId) && now() - entry.fetchedAt > refetchAfterMs) entry = await load(tenantId);
    return entry.keys.get(keyId);
  };
}
