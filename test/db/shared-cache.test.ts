import { startEmbeddedMongo, type EmbeddedMongo } from '../../src/embedded-mongo';
import { messageActivity } from '../support/activities';
import { as, persona, type PersonaName } from '../support/personas';
import { cardOf, startTestBot, textsOf, type TestBot } from '../support/test-bot';
import { pollDriver } from '../features/polls/poll-support';

/** Friday 27 November 2026, 10:00 in Paris. */
const clock = { now: () => new Date('2026-11-27T09:00:00Z') };

/**
 * Two instances of the bot on one database, as behind a load balancer: what one instance
 * changes, the other shows at the next turn, although both keep the shared data in process.
 */
describe('shared caches across two instances', () => {
  let engine: EmbeddedMongo;
  let first: TestBot;
  let second: TestBot;

  beforeAll(async () => {
    engine = await startEmbeddedMongo();
    first = await startTestBot({ clock, databaseUri: engine.uri });
    second = await startTestBot({ clock, databaseUri: engine.uri });
    await Promise.all([first.app.jobs.stop(), second.app.jobs.stop()]);
  });
  afterAll(async () => {
    await first.stop();
    await second.stop();
    await engine.stop();
  });

  async function say(bot: TestBot, text: string, who: PersonaName) {
    bot.connector.reset();
    await bot.post(messageActivity(text, as(who, bot.connector.url)));
    return cardOf(bot.connector.sentActivities()[0]);
  }

  function groupBlock(card: unknown, title: string): string[] {
    const containers = (card as { body: Array<{ type: string }> }).body.filter(
      (element) => element.type === 'Container',
    );
    return textsOf(containers.find((container) => textsOf(container).includes(title)));
  }

  it('shows on one instance the group joined on the other', async () => {
    // The first instance caches the memberships while showing the card.
    expect(groupBlock(await say(first, 'groupes', 'camille'), 'La GPS')).toContain('Rejoindre');

    await second.execute('group.join', { groupSlug: 'gps' }, as('camille', second.connector.url));

    expect(groupBlock(await say(first, 'groupes', 'camille'), 'La GPS')).toContain('Quitter');
  });

  it('lets a person use on one instance the role granted on the other', async () => {
    const refused = await say(first, 'sondage', 'camille');
    expect(refused).toBeUndefined();
    expect(first.connector.sentActivities()[0].text).toMatch(/pilotes/i);

    await say(second, 'roles Camille', 'nadia');
    const camilleId = await second.database.connection
      .collection('members')
      .findOne({ aadObjectId: persona('camille').aadObjectId });
    const granted = await second.execute(
      'roles.grant',
      { memberId: camilleId!._id.toHexString(), role: 'lead', groupSlug: 'gps' },
      as('nadia', second.connector.url),
    );
    expect(textsOf(granted.value).join(' ')).toMatch(/Camille/);

    expect(await say(first, 'sondage', 'camille')).toBeDefined();
    expect(groupBlock(await say(first, 'groupes', 'camille'), 'La GPS').join(' ')).toMatch(/Camille Martin/);
  });

  it('lists on one instance the poll sent from the other', async () => {
    expect(textsOf(await say(first, 'sondages', 'sophie'))).not.toContain('Quel créneau pour la plénière ?');

    await pollDriver(second).createPoll('julien', {
      question: 'Quel créneau pour la plénière ?',
      options: 'Matin\nAprès-midi',
    });

    expect(textsOf(await say(first, 'sondages', 'sophie'))).toContain('Quel créneau pour la plénière ?');
  });

  it('shows on one instance the new name a person came with on the other', async () => {
    const renamed = { ...persona('julien'), name: 'Julien Moreau-Lefèvre' };
    await second.post(messageActivity('aide', { ...as('julien', second.connector.url), from: renamed }));

    const card = await say(first, 'groupes', 'sophie');
    expect(groupBlock(card, 'Bon accueil, pas d’écueil').join(' ')).toMatch(
      /Pilotes : Julien Moreau-Lefèvre/,
    );
  });

  it('shows on one instance the step ticked on the other', async () => {
    const progressLine = (card: unknown) => textsOf(card).find((text) => /étape\(s\) sur/.test(text));
    const shown = await first.execute(
      'onboarding.startDate.save',
      { startDate: '2026-11-02' },
      as('camille', first.connector.url),
    );
    expect(progressLine(shown.value)).toMatch(/^0 étape/);

    await second.execute(
      'onboarding.step.toggle',
      { stepSlug: 'lire-livret', done: true },
      as('camille', second.connector.url),
    );

    expect(progressLine(await say(first, 'parcours', 'camille'))).toMatch(/^1 étape/);
  });
});
