import { persona } from '../support/personas';
import { startTestBot, textsOf, type TestBot } from '../support/test-bot';
import { signingKeys, ssoToken, tabEnv } from './sso-tokens';

const camille = persona('camille');
const nadia = persona('nadia');
const julien = persona('julien');
const sophie = persona('sophie');
const thomas = persona('thomas');
const elodie = persona('elodie');

describe('Mon iX tab in the language of the person’s Teams', () => {
  let bot: TestBot;

  beforeAll(async () => {
    bot = await startTestBot({ env: tabEnv, tabSigningKeys: signingKeys });
  });
  afterAll(async () => bot.stop());

  const call = async (
    path: string,
    who: { aadObjectId: string; name: string },
    teamsLocale?: string,
    body?: unknown,
  ) => {
    const response = await fetch(`${bot.baseUrl}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: {
        authorization: `Bearer ${ssoToken({ oid: who.aadObjectId, name: who.name })}`,
        ...(teamsLocale ? { 'x-teams-locale': teamsLocale } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it('shows the groups card in English to an English Teams, in French otherwise', async () => {
    const english = await call('/api/tab/views/groupes', nadia, 'en-US');
    const french = await call('/api/tab/views/groupes', camille, 'fr-FR');

    expect(textsOf(english.body.cards)).toEqual(expect.arrayContaining(['The 5 iX projects', 'Join']));
    expect(textsOf(french.body.cards)).toEqual(expect.arrayContaining(['Rejoindre']));
    expect(textsOf(french.body.cards)).not.toContain('Join');
  });

  it('answers invalid action data with the English error to an English Teams', async () => {
    const answer = await call('/api/tab/actions', camille, 'en-GB', {
      verb: 'group.join',
      data: { groupSlug: '../../etc' },
    });
    expect(answer.body.error).toEqual(expect.stringMatching(/^This information is not valid/));
  });

  it('refuses the dashboard in English to an English Teams', async () => {
    const refused = await call('/api/tab/dashboard', camille, 'en-US');
    expect(refused.status).toBe(403);
    expect(refused.body.message).toEqual(expect.stringMatching(/^This action is reserved for/));
  });

  it('names the sections in the person’s language, in the order the features give', async () => {
    const french = await call('/api/tab/views', sophie);
    const english = await call('/api/tab/views', camille, 'en-US');

    expect(french.body.views).toEqual([
      { name: 'parcours', label: 'Mon parcours', title: 'Mon parcours d’intégration' },
      { name: 'groupes', label: 'Groupes', title: 'Les groupes de travail' },
      { name: 'fiches', label: 'Fiches mission', title: 'Les fiches mission' },
      { name: 'info-flash', label: 'Info Flash', title: 'Info Flash' },
      { name: 'sondages', label: 'Sondages', title: 'Mes sondages' },
      { name: 'agenda', label: 'Agenda', title: 'Agenda et inscriptions' },
      { name: 'rencontres', label: 'Rencontres', title: 'Mes rencontres' },
    ]);
    expect((english.body.views as Array<{ label: string }>).map((view) => view.label)).toEqual([
      'My path',
      'Groups',
      'Mission sheets',
      'Info Flash',
      'Polls',
      'Calendar',
      'Meetups',
    ]);
    expect(english.body.dashboard).toEqual({ label: 'Dashboard', title: 'The coordination’s dashboard' });
  });

  it('keeps the language last seen for a request without one, and French for a stranger to English', async () => {
    await call('/api/tab/views/groupes', julien, 'en-US');

    const again = await call('/api/tab/views/groupes', julien);
    const neverEnglish = await call('/api/tab/views/groupes', thomas);

    expect(textsOf(again.body.cards)).toContain('Join');
    expect(textsOf(neverEnglish.body.cards)).toContain('Rejoindre');
  });

  it('ignores a locale header that is not a language tag', async () => {
    const answer = await call('/api/tab/views/groupes', elodie, 'en-US<script>');
    expect(textsOf(answer.body.cards)).toContain('Rejoindre');
  });

  it('answers a refused sign-in in the request’s language', async () => {
    const response = await fetch(`${bot.baseUrl}/api/tab/me`, { headers: { 'x-teams-locale': 'en-US' } });
    expect(response.status).toBe(401);
    expect(((await response.json()) as { message: string }).message).toBe(
      'Please sign in: open the My iX tab in Teams.',
    );
  });
});
