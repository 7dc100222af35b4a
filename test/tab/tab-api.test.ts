import jwt from 'jsonwebtoken';
import { persona } from '../support/personas';
import { startTestBot, textsOf, type TestBot } from '../support/test-bot';
import { appId, signingKeys, ssoToken, strangerKey, tabEnv, tenantId } from './sso-tokens';

const camille = persona('camille');
const nadia = persona('nadia');

describe('Mon iX tab API', () => {
  let bot: TestBot;

  beforeAll(async () => {
    bot = await startTestBot({ env: tabEnv, tabSigningKeys: signingKeys });
  });
  afterAll(async () => bot.stop());

  const call = async (path: string, authorization?: string, body?: unknown) => {
    const response = await fetch(`${bot.baseUrl}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: {
        ...(authorization ? { authorization } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const bearer = (oid: string, extra: Partial<Parameters<typeof ssoToken>[0]> = {}) =>
    `Bearer ${ssoToken({ oid, name: 'Camille Martin', ...extra })}`;

  it.each([['/api/tab/me'], ['/api/tab/views/groupes'], ['/api/tab/dashboard']])(
    'refuses %s without a token with 401',
    async (path) => {
      const answer = await call(path);
      expect(answer.status).toBe(401);
      expect(answer.body.error).toBe('Unauthorized');
    },
  );

  it('refuses an action without a token with 401 and changes nothing', async () => {
    const answer = await call('/api/tab/actions', undefined, {
      verb: 'group.join',
      data: { groupSlug: 'gps' },
    });
    expect(answer.status).toBe(401);
  });

  it.each([
    ['signed by another key', { key: strangerKey }],
    ['with an unknown key id', { kid: 'other-key' }],
    ['expired', { expiresInSeconds: -600 }],
    ['for another audience', { aud: 'api://elsewhere.example/other' }],
    ['from another issuer', { iss: 'https://login.example.com/v2.0' }],
    ['from a tenant not on the list', { tid: '99999999-9999-4999-8999-999999999999' }],
  ])('refuses a token %s', async (_what, extra) => {
    expect((await call('/api/tab/me', bearer(camille.aadObjectId, extra))).status).toBe(401);
  });

  it('refuses an unsigned token and an HMAC token', async () => {
    const payload = {
      oid: camille.aadObjectId,
      tid: tenantId,
      aud: appId,
      iss: `https://sts.windows.net/${tenantId}/`,
    };
    const unsigned = jwt.sign(payload, '', { algorithm: 'none' });
    const hmac = jwt.sign(payload, 'a-shared-secret-anyone-could-guess', {
      algorithm: 'HS256',
      keyid: 'test-key-1',
    });
    expect((await call('/api/tab/me', `Bearer ${unsigned}`)).status).toBe(401);
    expect((await call('/api/tab/me', `Bearer ${hmac}`)).status).toBe(401);
  });

  it('accepts a v1 token, and the bare app id as audience only when MicrosoftAppId is configured', async () => {
    const token = bearer(camille.aadObjectId, { aud: appId, iss: `https://sts.windows.net/${tenantId}/` });
    // The app id is an audience only when MicrosoftAppId is configured; here only TAB_SSO_AUDIENCE is.
    expect((await call('/api/tab/me', token)).status).toBe(401);
    const v1 = bearer(camille.aadObjectId, { iss: `https://sts.windows.net/${tenantId}/` });
    expect(await call('/api/tab/me', v1)).toEqual({
      status: 200,
      body: { name: 'Camille Martin', dashboard: false },
    });
  });

  it('refuses persona credentials unless TAB_DEV_PERSONAS is on', async () => {
    expect((await call('/api/tab/me', `Persona ${camille.aadObjectId}`)).status).toBe(401);
    expect((await call('/api/tab/personas')).status).toBe(404);
  });

  it('shows the groups card the bot sends, as the signed-in person sees it', async () => {
    const answer = await call('/api/tab/views/groupes', bearer(camille.aadObjectId));
    expect(answer.status).toBe(200);
    expect(answer.body.available).toBe(true);
    const [card] = answer.body.cards as Array<Record<string, unknown>>;
    expect(card.type).toBe('AdaptiveCard');
    expect(textsOf(card)).toEqual(expect.arrayContaining(['La GPS']));
  });

  it('shows the meetups card, where joining works as in the chat', async () => {
    const view = await call('/api/tab/views/rencontres', bearer(camille.aadObjectId));
    expect(textsOf(view.body.cards)).toContain('Rencontres iX : un café, un autre service');
    const joined = await call('/api/tab/actions', bearer(camille.aadObjectId), {
      verb: 'meetups.join',
      data: { rhythm: 'monthly' },
    });
    expect(textsOf(joined.body.cards)).toContain('Vous participez : tous les mois.');
  });

  it('runs a card action through the bot handler and returns the refreshed card', async () => {
    const answer = await call('/api/tab/actions', bearer(camille.aadObjectId), {
      verb: 'group.join',
      data: { groupSlug: 'gps' },
    });
    expect(answer.status).toBe(200);
    expect(answer.body.error).toBeUndefined();
    expect(textsOf(answer.body.cards)).toEqual(expect.arrayContaining([expect.stringMatching(/GPS/)]));
    const member = await bot.database.connection
      .collection('members')
      .findOne({ aadObjectId: camille.aadObjectId });
    const joined = await bot.database.connection
      .collection('group_memberships')
      .findOne({ groupSlug: 'gps', memberId: member?._id });
    expect(joined).not.toBeNull();
  });

  it('answers invalid action data with the bot’s French error', async () => {
    const answer = await call('/api/tab/actions', bearer(camille.aadObjectId), {
      verb: 'group.join',
      data: { groupSlug: '../../etc' },
    });
    expect(answer.status).toBe(200);
    expect(answer.body.error).toEqual(expect.any(String));
    expect(answer.body.cards).toEqual([]);
  });

  it('keeps the dashboard for coordinators and the steering committee', async () => {
    const refused = await call('/api/tab/dashboard', bearer(camille.aadObjectId));
    expect(refused.status).toBe(403);
    expect(refused.body.message).toEqual(expect.stringMatching(/coordination/i));
    const answer = await call('/api/tab/dashboard', bearer(nadia.aadObjectId, { name: 'Nadia Benali' }));
    expect(answer.status).toBe(200);
    expect(answer.body.reference).toEqual({ members: 350, active: 146, percentage: 42 });
    expect(answer.body.headline).toEqual(expect.objectContaining({ members: expect.any(Number) }));
    // Camille joined the meetups in the test above.
    expect(answer.body.meetups).toEqual({
      optedIn: 1,
      formed: 0,
      held: 0,
      crossDirection: 0,
      crossOrganisation: 0,
    });
  });
});

describe('Mon iX tab API in development with personas', () => {
  let bot: TestBot;

  beforeAll(async () => {
    bot = await startTestBot({ env: { ...tabEnv, TAB_DEV_PERSONAS: 'true' }, tabSigningKeys: signingKeys });
  });
  afterAll(async () => bot.stop());

  it('lists the personas and accepts their credentials', async () => {
    const personas = (await (await fetch(`${bot.baseUrl}/api/tab/personas`)).json()) as {
      personas: Array<{ aadObjectId: string; name: string }>;
    };
    expect(personas.personas).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ aadObjectId: nadia.aadObjectId, name: 'Nadia Benali' }),
      ]),
    );
    const me = await fetch(`${bot.baseUrl}/api/tab/me`, {
      headers: { authorization: `Persona ${nadia.aadObjectId}` },
    });
    expect(await me.json()).toEqual({ name: 'Nadia Benali', dashboard: true });
  });

  it('still refuses a persona nobody knows', async () => {
    const me = await fetch(`${bot.baseUrl}/api/tab/me`, { headers: { authorization: 'Persona nobody' } });
    expect(me.status).toBe(401);
  });
});
