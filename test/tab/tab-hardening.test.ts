import { generateKeyPairSync } from 'node:crypto';
import { createOpenIdKeySource } from '../../src/tab/openid-keys';
import { persona } from '../support/personas';
import { startTestBot, type TestBot } from '../support/test-bot';
import { signingKeys, ssoToken, tabEnv } from './sso-tokens';

const nadia = persona('nadia');
const camille = persona('camille');

async function call(bot: TestBot, path: string, authorization?: string) {
  const response = await fetch(`${bot.baseUrl}${path}`, {
    headers: authorization ? { authorization } : {},
  });
  return { status: response.status, text: await response.text() };
}

describe('Mon iX tab: what a request can do', () => {
  let bot: TestBot;

  beforeAll(async () => {
    bot = await startTestBot({ env: tabEnv, tabSigningKeys: signingKeys });
  });
  afterAll(async () => bot.stop());

  const bearer = (oid: string, extra: Partial<Parameters<typeof ssoToken>[0]> = {}) =>
    `Bearer ${ssoToken({ oid, name: 'Nadia Benali', ...extra })}`;

  it('runs a view by its route key: "?arg=publier" on the Info Flash view publishes nothing', async () => {
    const digests = () => bot.database.connection.collection('info_flash_digests').countDocuments();
    const before = await digests();
    const plain = await call(bot, '/api/tab/views/info-flash', bearer(nadia.aadObjectId));

    const hostile = await call(bot, '/api/tab/views/info-flash?arg=publier', bearer(nadia.aadObjectId));

    expect(hostile.status).toBe(200);
    expect(JSON.parse(hostile.text)).toEqual(JSON.parse(plain.text));
    expect(await digests()).toBe(before);
  });

  it('passes the argument only to views that take one (the group of a mission sheet)', async () => {
    const answer = await call(bot, '/api/tab/views/fiches?arg=gps', bearer(camille.aadObjectId));
    expect(answer.status).toBe(200);
    expect(answer.text).toContain('La GPS');
  });

  it('refuses an app-only token (idtyp app) and a token without a delegated scope', async () => {
    expect((await call(bot, '/api/tab/me', bearer(camille.aadObjectId, { idtyp: 'app' }))).status).toBe(401);
    expect((await call(bot, '/api/tab/me', bearer(camille.aadObjectId, { scp: null }))).status).toBe(401);
    expect((await call(bot, '/api/tab/me', bearer(camille.aadObjectId, { idtyp: 'user' }))).status).toBe(200);
  });

  it('answers a failure with a fixed body that echoes no internal error (503 when the database is down)', async () => {
    await bot.database.connection.close();

    const answer = await call(bot, '/api/tab/dashboard', bearer(nadia.aadObjectId));

    expect(answer.status).toBe(503);
    expect(JSON.parse(answer.text)).toEqual({
      error: 'InternalError',
      message: 'Le service est momentanément indisponible. Réessayez dans quelques minutes.',
    });
  });
});

describe('the signing keys of Entra ID', () => {
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
  const jwk = { ...publicKey.export({ format: 'jwk' }), kid: 'key-1' };
  const tenant = '6a1f1e2d-3c4b-4a59-8e7d-1f2e3d4c5b6a';

  function fakeEntra() {
    const state = { fetches: 0, failing: false, release: Promise.resolve() };
    const fetcher = async (url: string) => {
      state.fetches += 1;
      await state.release;
      if (state.failing) throw new Error('login.microsoftonline.com unreachable');
      return url.endsWith('openid-configuration')
        ? { jwks_uri: 'https://keys.example/jwks' }
        : { keys: [jwk] };
    };
    return { state, fetcher };
  }

  it('fetches once for a burst of requests (single flight)', async () => {
    const { state, fetcher } = fakeEntra();
    let release!: () => void;
    state.release = new Promise((resolve) => (release = resolve));
    const keys = createOpenIdKeySource(() => 0, fetcher);

    const burst = Array.from({ length: 20 }, () => keys(tenant, 'key-1'));
    release();
    const found = await Promise.all(burst);

    expect(found.every((key) => key !== undefined)).toBe(true);
    // One OpenID configuration and one JWKS request, not forty.
    expect(state.fetches).toBe(2);
  });

  it('keeps the last good keys when a refresh fails', async () => {
    const { state, fetcher } = fakeEntra();
    let now = 0;
    const keys = createOpenIdKeySource(() => now, fetcher);
    expect(await keys(tenant, 'key-1')).toBeDefined();

    state.failing = true;
    now += 2 * 24 * 60 * 60 * 1000;

    expect(await keys(tenant, 'key-1')).toBeDefined();
    // An unknown key id during the outage is simply unknown (a 401), not an exception.
    expect(await keys(tenant, 'key-2')).toBeUndefined();
  });

  it('fails when there never was a good key', async () => {
    const { state, fetcher } = fakeEntra();
    state.failing = true;
    await expect(createOpenIdKeySource(() => 0, fetcher)(tenant, 'key-1')).rejects.toThrow('unreachable');
  });
});
