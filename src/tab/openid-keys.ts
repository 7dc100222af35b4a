import { createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import type { SigningKeySource } from './sso-token';

const dayMs = 24 * 60 * 60 * 1000;
/** A key id we do not know triggers a refetch (keys roll over), but not more often than this. */
const refetchAfterMs = 5 * 60 * 1000;

interface TenantKeys {
  keys: Map<string, KeyObject>;
  /** When the keys were last fetched, or last tried: a failed refresh waits like a good one. */
  fetchedAt: number;
}

export type JsonFetcher = (url: string) => Promise<unknown>;

async function fetchJson(url: string): Promise<unknown> {
  const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return response.json();
}

async function loadTenantKeys(fetcher: JsonFetcher, tenantId: string): Promise<Map<string, KeyObject>> {
  const configuration = (await fetcher(
    `https://login.microsoftonline.com/${tenantId}/v2.0/.well-known/openid-configuration`,
  )) as { jwks_uri?: string };
  if (!configuration.jwks_uri) throw new Error(`no jwks_uri for tenant ${tenantId}`);
  const { keys = [] } = (await fetcher(configuration.jwks_uri)) as {
    keys?: Array<JsonWebKey & { kid?: string }>;
  };
  const entries = keys
    .filter((key) => key.kid && key.kty === 'RSA')
    .map((key) => [key.kid as string, createPublicKey({ key, format: 'jwk' })] as const);
  if (entries.length === 0) throw new Error(`no RSA signing key for tenant ${tenantId}`);
  return new Map(entries);
}

/**
 * The production key source: the signing keys listed by the tenant's OpenID configuration
 * (login.microsoftonline.com/<tenant>/v2.0/.well-known/openid-configuration → jwks_uri), cached
 * for a day per tenant. Only called for tenants on the allow-list.
 *
 * One fetch per tenant at a time (a burst of tab requests with a new key id shares it), and a
 * failed refresh keeps the last good keys: an Entra hiccup must not sign everyone out.
 */
export function createOpenIdKeySource(
  now: () => number = Date.now,
  fetcher: JsonFetcher = fetchJson,
): SigningKeySource {
  const cache = new Map<string, TenantKeys>();
  const inFlight = new Map<string, Promise<TenantKeys>>();
  const refresh = (tenantId: string): Promise<TenantKeys> => {
    const running = inFlight.get(tenantId);
    if (running) return running;
    const loading = loadTenantKeys(fetcher, tenantId)
      .then((keys) => ({ keys, fetchedAt: now() }))
      .catch((error: unknown) => {
        const lastGood = cache.get(tenantId);
        if (!lastGood) throw error;
        return { keys: lastGood.keys, fetchedAt: now() };
      })
      .then((entry) => {
        cache.set(tenantId, entry);
        return entry;
      })
      .finally(() => inFlight.delete(tenantId));
    inFlight.set(tenantId, loading);
    return loading;
  };
  return async (tenantId, keyId) => {
    let entry = cache.get(tenantId);
    if (!entry || now() - entry.fetchedAt > dayMs) entry = await refresh(tenantId);
    if (!entry.keys.has(keyId) && now() - entry.fetchedAt > refetchAfterMs) entry = await refresh(tenantId);
    return entry.keys.get(keyId);
  };
}
