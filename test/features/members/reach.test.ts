import pino from 'pino';
import { systemClock } from '../../../src/clock';
import { createMembersRepository, type MembersRepository } from '../../../src/people/members-repository';
import { sendOverdueReminders } from '../../../src/features/onboarding/reminders';
import { createOnboardingRepository } from '../../../src/features/onboarding/repository';
import { botAccount, membersAddedActivity, messageActivity, tenantId } from '../../support/activities';
import { ConnectorStandIn, type RosterAccount } from '../../support/connector-stand-in';
import { as, persona } from '../../support/personas';
import { cardOf, startTestBot, textsOf, type TestBot } from '../../support/test-bot';
import { pollDriver } from '../polls/poll-support';

const teamId = '19:reseau-ix@thread.tacv2';
const general = { id: teamId, conversationType: 'channel' as const, tenantId };

/** Six managers of the network's team who never wrote to the bot. */
const strangers: RosterAccount[] = ['ana', 'bruno', 'chantal', 'didier', 'emma', 'fatou'].map((name) => ({
  id: `29:${name}`,
  aadObjectId: `aad-${name}`,
  name: `${name[0].toUpperCase()}${name.slice(1)} Inconnu·e`,
  email: `${name}@orleans.example`,
  userPrincipalName: `${name}@orleans.example`,
  tenantId,
}));

describe('reach: the team roster and 1:1 chats opened on demand', () => {
  let bot: TestBot;
  let members: MembersRepository;
  const driver = () => pollDriver(bot);
  const nadia = () => ({ id: persona('nadia').id, aadObjectId: persona('nadia').aadObjectId, name: 'Nadia' });

  /** Someone of the team adds the bot: Teams sends a conversationUpdate with the bot in membersAdded. */
  async function installInTeam(): Promise<void> {
    await bot.post(
      membersAddedActivity([botAccount], {
        serviceUrl: bot.connector.url,
        from: nadia(),
        conversation: general,
        channelData: { tenant: { id: tenantId }, team: { id: teamId } },
      }),
    );
    await bot.outboxIdle();
  }

  const postsTo = (userId: string) =>
    bot.connector.calls.filter(
      (call) =>
        call.method === 'POST' &&
        call.conversationId === ConnectorStandIn.personalConversationId(userId) &&
        call.path.includes('/activities'),
    );
  const opened = (userId: string) =>
    bot.connector.calls.filter(
      (call) =>
        call.path === '/v3/conversations' &&
        (call.body.members as Array<{ id: string }> | undefined)?.[0]?.id === userId,
    );

  beforeAll(async () => {
    bot = await startTestBot();
    members = await createMembersRepository(bot.database.connection);
    // Two people per page: the bot must follow the continuation tokens to the end.
    bot.connector.rosterPageSize = 2;
    bot.connector.setRoster(teamId, [
      { id: nadia().id, aadObjectId: nadia().aadObjectId, name: 'Nadia Benali' },
      ...strangers,
    ]);
    await bot.post(messageActivity('aide', as('nadia', bot.connector.url)));
    await installInTeam();
  });
  afterAll(async () => {
    await bot.stop();
  });
  beforeEach(() => {
    bot.connector.reset();
    bot.connector.respondWith(undefined);
  });

  it('records everyone of the team at installation, every page of the roster, with what reaching them needs', async () => {
    for (const person of strangers) {
      const member = await members.findByIdentity({ aadObjectId: person.aadObjectId });
      expect(member).toMatchObject({
        teamsUserId: person.id,
        displayName: person.name,
        email: person.email,
        userPrincipalName: person.userPrincipalName,
        tenantId,
        serviceUrl: bot.connector.url,
      });
      // Known, but never met: no first contact, no chat yet.
      expect(member?.firstSeenAt).toBeUndefined();
      expect(member?.personalConversation).toBeUndefined();
    }
  });

  it('sends a network poll to the six people who never wrote, each exactly once, opening their 1:1 chats', async () => {
    const previewed = await driver().preview('nadia', {
      group: '*',
      question: 'On se voit quand ?',
      options: 'Lundi\nMardi',
    });
    const lines = textsOf(previewed.value).join(' | ');
    expect(lines).toMatch(/dont 6 à qui le bot écrira pour la première fois/);

    const pollId = await driver().createPoll('nadia', {
      group: '*',
      question: 'Sondage du réseau ?',
      options: 'Oui\nNon',
    });
    // A second click on "Envoyer" after the fact changes nothing.
    await driver().invoke('poll.send', { pollId }, 'nadia');
    await bot.outboxIdle();
    // The author's card follows the deliveries (Teams refreshes it as they look at it).
    const progress = await driver().invoke('poll.progress', { pollId }, 'nadia');
    expect(textsOf(progress.value)).toContainEqual(
      expect.stringMatching(/^Suivi des envois : (\d+) remis sur \1, 0 en échec, 0 en cours\.$/),
    );

    for (const person of strangers) {
      const posts = postsTo(person.id).filter((call) =>
        textsOf(cardOf(call.body)).includes('Sondage du réseau ?'),
      );
      expect(posts).toHaveLength(1);
      expect(opened(person.id)).toHaveLength(1);
      const member = await members.findByIdentity({ aadObjectId: person.aadObjectId });
      expect(member?.personalConversation).toMatchObject({
        conversation: { id: ConnectorStandIn.personalConversationId(person.id) },
      });
    }
  });

  it('reminds an overdue newcomer who never wrote to the bot, in the chat it opened', async () => {
    const newcomer: RosterAccount = {
      id: '29:gael',
      aadObjectId: 'aad-gael',
      name: 'Gaël Nouveau',
      tenantId,
    };
    bot.connector.setRoster(teamId, [...strangers, newcomer]);
    await bot.post(messageActivity('membres synchroniser', as('nadia', bot.connector.url)));
    const member = (await members.findByIdentity({ aadObjectId: 'aad-gael' }))!;
    const startDate = new Date(Date.now() - 40 * 86_400_000).toISOString().slice(0, 10);
    await members.updateProfile(member.id, { startDate });

    const run = await sendOverdueReminders({
      onboarding: await createOnboardingRepository(bot.database.connection),
      members,
      outbox: bot.app.outbox,
      clock: systemClock,
      timeZone: 'Europe/Paris',
      log: pino({ level: 'silent' }),
    });
    await bot.outboxIdle();

    expect(run.reminded).toContain(member.id);
    const [reminder] = postsTo('29:gael');
    expect(textsOf(cardOf(reminder.body))).toContain('Petit rappel de votre parcours');
    expect(opened('29:gael')).toHaveLength(1);
  });

  it('"membres synchroniser" reports found, new and left, and keeps who left (marked, not erased)', async () => {
    const newcomer: RosterAccount = { id: '29:hugo', aadObjectId: 'aad-hugo', name: 'Hugo Arrivé', tenantId };
    const [leaving, ...staying] = strangers;
    bot.connector.setRoster(teamId, [...staying, newcomer]);

    const [answer] = await driver().say('membres synchroniser', 'nadia');
    const refused = await driver().say('sync members', 'camille');

    expect(answer.text).toBe(
      'Annuaire à jour : 6 personne(s) dans 1 équipe(s) ou conversation(s) de groupe, dont 1 nouvelle(s) ; 2 départ(s) noté(s).',
    );
    expect(refused[0].text).toMatch(/^Cette action est réservée à la coordination iX/);
    expect(await members.findByIdentity({ aadObjectId: leaving.aadObjectId })).toBeDefined();
    const [data] = await driver().say('mes données', 'nadia');
    expect(textsOf(cardOf(data))).toContain('Équipes où je suis connu(e) du bot');
  });

  it('recognises in the roster someone first met without their Entra id: one record, completed', async () => {
    await bot.post(
      messageActivity('aide', { serviceUrl: bot.connector.url, from: { id: '29:kim', name: 'Kim' } }),
    );
    const before = (await members.findByIdentity({ teamsUserId: '29:kim' }))!;
    bot.connector.setRoster(teamId, [
      ...strangers,
      { id: '29:kim', aadObjectId: 'aad-kim', name: 'Kim Lee', tenantId },
    ]);

    await driver().say('membres synchroniser', 'nadia');

    const after = await members.findByIdentity({ aadObjectId: 'aad-kim' });
    expect(after).toMatchObject({ id: before.id, teamsUserId: '29:kim', displayName: 'Kim Lee' });
  });

  it('marks someone who blocked the app (403) or left the tenant (404) unreachable, and the preview says why', async () => {
    const blocked: RosterAccount = { id: '29:ines', aadObjectId: 'aad-ines', name: 'Inès Bloquée', tenantId };
    const gone: RosterAccount = { id: '29:jules', aadObjectId: 'aad-jules', name: 'Jules Parti', tenantId };
    bot.connector.setRoster(teamId, [...strangers, blocked, gone]);
    await bot.post(messageActivity('membres synchroniser', as('nadia', bot.connector.url)));
    bot.connector.respondWith((call) => {
      const target = (call.body.members as Array<{ id: string }> | undefined)?.[0]?.id;
      if (call.path !== '/v3/conversations') return undefined;
      if (target === blocked.id) return { status: 403, body: { error: { code: 'BotDisabledByAdmin' } } };
      if (target === gone.id) return { status: 404, body: { error: { code: 'UserNotFound' } } };
      return undefined;
    });

    await driver().createPoll('nadia', { group: '*', question: 'Et vous ?', options: 'Oui\nNon' });
    await bot.outboxIdle();

    expect((await members.findByIdentity({ aadObjectId: 'aad-ines' }))?.unreachable).toMatchObject({
      reason: 'blocked',
      status: 403,
    });
    expect((await members.findByIdentity({ aadObjectId: 'aad-jules' }))?.unreachable).toMatchObject({
      reason: 'notFound',
      status: 404,
    });
    const previewed = await driver().preview('nadia', {
      group: '*',
      question: 'Encore ?',
      options: 'Oui\nNon',
    });
    const lines = textsOf(previewed.value).join(' | ');
    expect(lines).toMatch(/1 injoignable\(s\) : application bloquée ou désinstallée/);
    expect(lines).toMatch(/1 injoignable\(s\) : parti\(s\) de l'organisation/);
  });
});
