import { createMembersRepository } from '../../../src/people/members-repository';
import { botAccount, membersAddedActivity, messageActivity, tenantId } from '../../support/activities';
import { cardOf, startTestBot, textsOf, type TestBot } from '../../support/test-bot';

type Account = { id: string; name: string; aadObjectId: string };

const teamId = '19:ix-team@thread.tacv2';
const general = { id: '19:general@thread.tacv2', conversationType: 'channel' as const, tenantId };

describe('welcome of newcomers', () => {
  let bot: TestBot;

  beforeAll(async () => {
    bot = await startTestBot();
  });
  afterAll(async () => {
    await bot.stop();
  });
  beforeEach(() => {
    bot.connector.reset();
    bot.connector.respondWith(undefined);
  });

  const personal = (from: Account) => ({
    serviceUrl: bot.connector.url,
    from,
    conversation: { id: `a:personal-${from.id}`, conversationType: 'personal' as const, tenantId },
  });

  /** Teams' installationUpdate when someone adds the app in personal scope. */
  const installed = (from: Account) => ({
    ...messageActivity('', personal(from)),
    type: 'installationUpdate',
    action: 'add',
    text: undefined,
  });

  /** Teams' conversationUpdate sent with the installation: the bot joins the personal chat. */
  const botJoined = (from: Account) => membersAddedActivity([botAccount], personal(from));

  const inTeam = (from: Account) => ({
    serviceUrl: bot.connector.url,
    from,
    conversation: general,
    channelData: { tenant: { id: tenantId }, team: { id: teamId } },
  });

  const welcomeCards = () =>
    bot.connector
      .sentActivities()
      .map((activity) => ({ activity, card: cardOf(activity) }))
      .filter(({ card }) => card && textsOf(card).some((text) => text.startsWith('Bienvenue dans iX')));

  it('welcomes someone once with the full card, even when the install events arrive together', async () => {
    const zoe = { id: '29:zoe', name: 'Zoé Nouvelle', aadObjectId: 'aad-zoe' };

    await Promise.all([bot.post(installed(zoe)), bot.post(installed(zoe)), bot.post(botJoined(zoe))]);
    await bot.post(installed(zoe));

    const welcomes = welcomeCards();
    expect(welcomes).toHaveLength(1);
    expect((welcomes[0].activity.conversation as { id: string }).id).toBe('a:personal-29:zoe');
    const card = welcomes[0].card!;
    const texts = textsOf(card);
    expect(texts).toContain('Bienvenue dans iX, Zoé !');
    expect(texts).toContain('Audace · Innovation · Bienveillance · Convivialité · Efficacité');
    expect(texts).toEqual(
      expect.arrayContaining([
        'La réunionite, elle est finite',
        'Bon accueil, pas d’écueil',
        'La GPS',
        'Entrez dans la trans’',
        'À la recherche du temps perdu',
      ]),
    );
    const actions = (card.actions as Array<{ title: string; data: { msteams: { value: string } } }>).map(
      (action) => [action.title, action.data.msteams.value],
    );
    expect(actions).toEqual([
      ['Compléter mon profil', 'profil'],
      ['Mon parcours', 'parcours'],
      ["Livret d'accueil", 'livret'],
      ['Découvrir les groupes', 'groupes'],
    ]);
  });

  it('welcomes in English when Teams speaks English', async () => {
    const sam = { id: '29:sam', name: 'Sam Newman', aadObjectId: 'aad-sam' };

    await bot.post({ ...installed(sam), locale: 'en-US' });

    expect(textsOf(cardOf(bot.connector.sentActivities()[0]))).toContain('Welcome to iX, Sam!');
  });

  it('never welcomes the bot itself, when it joins a team or shows up as the sender', async () => {
    const admin = { id: '29:admin', name: 'Admin', aadObjectId: 'aad-admin' };
    const asBot = { ...botAccount, aadObjectId: '' };

    await bot.post(membersAddedActivity([botAccount], inTeam(admin)));
    await bot.post(
      membersAddedActivity([botAccount, { id: '29:colleague', name: 'Colleague' }], inTeam(admin)),
    );
    await bot.post(installed(asBot));
    await bot.post(botJoined(asBot));

    // The only posts are Info Flash's subscription offers in the team's channel: no greeting, no welcome.
    const posts = bot.connector.sentActivities();
    expect(posts.every((post) => JSON.stringify(post).includes('infoFlash.subscribe'))).toBe(true);
    expect(bot.connector.calls.filter((call) => call.path === '/v3/conversations')).toHaveLength(0);
  });

  it('greets a new team member in the channel and welcomes them in a 1:1 chat the bot opens', async () => {
    const yann = { id: '29:yann', name: 'Yann Arrivant', aadObjectId: 'aad-yann' };
    const admin = { id: '29:admin', name: 'Admin', aadObjectId: 'aad-admin' };

    await bot.post(membersAddedActivity([yann], inTeam(admin)));
    await bot.outboxIdle();

    const opened = bot.connector.calls.filter(
      (call) => call.method === 'POST' && call.path === '/v3/conversations',
    );
    expect(opened).toHaveLength(1);
    expect(opened[0].body).toMatchObject({ isGroup: false, members: [{ id: '29:yann' }] });
    const sent = bot.connector.sentActivities();
    const greeting = bot.connector.calls.find((call) => call.conversationId === general.id);
    expect(greeting?.body.text).toBe(
      'Bienvenue à Yann Arrivant ! 👋 Ravis de vous compter parmi nous. Je vous écris en privé pour vous présenter le réseau iX.',
    );
    expect(cardOf(greeting?.body)).toBeUndefined();
    const welcome = bot.connector.calls.find(
      (call) => call.conversationId?.startsWith('a:1on1-') && call.path.includes('/activities'),
    );
    expect(textsOf(cardOf(welcome?.body))).toContain('Bienvenue dans iX, Yann !');
    expect(sent).toHaveLength(2);

    const members = await createMembersRepository(bot.database.connection);
    const stored = await members.findByIdentity({ aadObjectId: 'aad-yann' });
    expect(stored?.personalConversation).toMatchObject({ conversation: { id: welcome?.conversationId } });
  });

  it('greets a person at most once per team, and never welcomes them twice', async () => {
    const ines = { id: '29:ines-new', name: 'Inès Nouvelle', aadObjectId: 'aad-ines-new' };
    const admin = { id: '29:admin', name: 'Admin', aadObjectId: 'aad-admin' };

    await Promise.all([
      bot.post(membersAddedActivity([ines], inTeam(admin))),
      bot.post(membersAddedActivity([ines], inTeam(admin))),
    ]);
    await bot.post(installed(ines));
    const otherTeam = {
      ...inTeam(admin),
      channelData: { tenant: { id: tenantId }, team: { id: '19:other@thread.tacv2' } },
    };
    await bot.post(membersAddedActivity([ines], otherTeam));
    await bot.outboxIdle();

    const greetings = bot.connector.calls.filter(
      (call) => call.conversationId === general.id && String(call.body.text).includes('Inès Nouvelle'),
    );
    expect(greetings).toHaveLength(2);
    expect(welcomeCards()).toHaveLength(1);
  });

  it('welcomes a person someone already met in a team who then installs the app, only once', async () => {
    const person = { id: '29:lou', name: 'Lou Martin', aadObjectId: 'aad-lou' };
    await bot.post(installed(person));
    const admin = { id: '29:admin', name: 'Admin', aadObjectId: 'aad-admin' };

    await bot.post(membersAddedActivity([person], inTeam(admin)));
    await bot.outboxIdle();

    expect(welcomeCards()).toHaveLength(1);
    // The 1:1 chat was known from the installation: no new chat opened.
    expect(bot.connector.calls.filter((call) => call.path === '/v3/conversations')).toHaveLength(0);
  });

  it('tries again at the next event when the private welcome could not be delivered', async () => {
    const noa = { id: '29:noa', name: 'Noa Blocked', aadObjectId: 'aad-noa' };
    const admin = { id: '29:admin', name: 'Admin', aadObjectId: 'aad-admin' };
    bot.connector.respondWith((call) =>
      call.path === '/v3/conversations'
        ? { status: 403, body: { error: { code: 'BotDisabledByAdmin' } } }
        : undefined,
    );

    await bot.post(membersAddedActivity([noa], inTeam(admin)));
    await bot.outboxIdle();
    expect(welcomeCards()).toHaveLength(0);

    bot.connector.respondWith(undefined);
    await bot.post(installed(noa));
    expect(welcomeCards()).toHaveLength(1);
  });
});
