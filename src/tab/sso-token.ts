import type { KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';

/** The person a Teams SSO token speaks for, after verification. */
export interface TabIdentity {
  /** Microsoft Entra object id (`oid`). */
  aadObjectId: string;
  tenantId: string;
  name: string;
  userPrincipalName?: string;
}

/** Finds the public key that signed a token of this tenant (JWKS of the tenant's OpenID configuration). */
export type SigningKeySource = (tenantId: string, keyId: string) => Promise<KeyObject | undefined>;

/** Why a token was refused; logged, never shown (the answer is a plain 401). */
export class TabAuthError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'TabAuthError';
  }
}

export interface SsoVerifierOptions {
  /** Accepted `aud` values: the Application ID URI (v1 tokens) and the app id (v2 tokens). */
  audiences: readonly string[];
  allowedTenantIds: readonly string[];
  keys: SigningKeySource;
  /** Seconds; the current time for expiry checks comes from here so tests can fix it. */
  now?: () => number;
}

const tenantIdPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Issuers Entra ID uses for a tenant: v2.0 tokens and v1 tokens. */
export function issuersOf(tenantId: string): [string, string] {
  return [`https://login.microsoftonline.com/${tenantId}/v2.0`, `https://sts.windows.net/${tenantId}/`];
}

/**
 * Verifies the token `authentication.getAuthToken()` gives the tab: RS256 signature with the
 * tenant's published key, issuer of that tenant, our audience, expiry, a tenant on our list, and a
 * delegated token (a person signed in, not an application).
 * The tenant is checked before any key is looked up, so unknown tenants cost no network call.
 */
export function createSsoVerifier(options: SsoVerifierOptions) {
  const allowed = new Set(options.allowedTenantIds.map((id) => id.toLowerCase()));
  return async (token: string): Promise<TabIdentity> => {
    if (options.audiences.length === 0) throw new TabAuthError('no SSO audience configured');
    const decoded = jwt.decode(token, { complete: true });
    if (!decoded || typeof decoded.payload === 'string') throw new TabAuthError('not a JWT');
    const { header, payload } = decoded;
    if (header.alg !== 'RS256') throw new TabAuthError(`algorithm ${header.alg} refused`);
    const tenantId = String(payload.tid ?? '').toLowerCase();
    if (!tenantIdPattern.test(tenantId)) throw new TabAuthError('no tenant id in the token');
    if (!allowed.has(tenantId)) throw new TabAuthError(`tenant ${tenantId} is not allowed`);
    if (!header.kid) throw new TabAuthError('no key id in the token header');
    const key = await options.keys(tenantId, header.kid);
    if (!key) throw new TabAuthError(`unknown signing key ${header.kid}`);
    let claims: jwt.JwtPayload;
    try {
      claims = jwt.verify(token, key, {
        algorithms: ['RS256'],
        audience: [...options.audiences] as [string, ...string[]],
        issuer: issuersOf(tenantId),
        clockTolerance: 60,
        clockTimestamp: options.now?.(),
      }) as jwt.JwtPayload;
    } catch (error) {
      throw new TabAuthError((error as Error).message);
    }
    // The tab acts for a signed-in person: an app-only token (client credentials) has no `scp`
    // and, in v2 tokens with the optional claim, says `idtyp: app`.
    if (claims.idtyp === 'app') throw new TabAuthError('app-only token refused (idtyp app)');
    if (typeof claims.scp !== 'string' || claims.scp.trim() === '')
      throw new TabAuthError('not a delegated token (no scp)');
    const aadObjectId = typeof claims.oid === 'string' ? claims.oid : '';
    if (!aadObjectId) throw new TabAuthError('no object id (oid) in the token');
    const userPrincipalName =
      typeof claims.preferred_username === 'string'
        ? claims.preferred_username
        : typeof claims.upn === 'string'
          ? claims.upn
          : undefined;
    return {
      aadObjectId,
      tenantId,
      name: typeof claims.name === 'string' ? claims.name : (userPrincipalName ?? ''),
      userPrincipalName,
    };
  };
}

export type SsoVerifier = ReturnType<typeof createSsoVerifier>;
