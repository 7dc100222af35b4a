import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { SigningKeySource } from '../../src/tab/sso-token';

/** A local stand-in for Entra ID: an RSA key pair that signs Teams-like SSO tokens. */
export const tenantId = '6a1f1e2d-3c4b-4a59-8e7d-1f2e3d4c5b6a';
export const appId = '11111111-2222-4333-8444-555555555555';
export const audience = `api://ix.test.example/${appId}`;

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 });

export const keyId = 'test-key-1';

export const signingKeys: SigningKeySource = async (tenant, kid) =>
  tenant === tenantId && kid === keyId ? publicKey : undefined;

export const tabEnv = {
  ALLOWED_TENANT_IDS: tenantId,
  TAB_SSO_AUDIENCE: audience,
};

export interface TokenOptions {
  oid: string;
  name?: string;
  tid?: string;
  aud?: string;
  iss?: string;
  expiresInSeconds?: number;
  key?: KeyObject;
  kid?: string;
  /** Delegated scope; `null` leaves it out (an app-only token). */
  scp?: string | null;
  idtyp?: string;
}

export function ssoToken(options: TokenOptions): string {
  const tid = options.tid ?? tenantId;
  return jwt.sign(
    {
      oid: options.oid,
      tid,
      name: options.name ?? 'Test',
      preferred_username: 'test@ix-orleans.example',
      ...(options.scp === null ? {} : { scp: options.scp ?? 'access_as_user' }),
      ...(options.idtyp ? { idtyp: options.idtyp } : {}),
    },
    options.key ?? privateKey,
    {
      algorithm: 'RS256',
      keyid: options.kid ?? keyId,
      audience: options.aud ?? audience,
      issuer: options.iss ?? `https://login.microsoftonline.com/${tid}/v2.0`,
      expiresIn: options.expiresInSeconds ?? 3600,
    },
  );
}

export const strangerKey = stranger.privateKey;
