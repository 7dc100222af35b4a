import { createMembersRepository } from '../../../src/people/members-repository';
import { messageActivity } from '../../support/activities';
import { as } from '../../support/personas';
import { startTestBot, type TestBot } from '../../support/test-bot';
import { completeProfile } from './onboarding-support';

/** Friday 13 March 2026, 09:00 in Paris. */
const clock = { now: () => new Date('2026-03-13T08:00:00Z') };

describe('HR referent notices', () => {
  let bot: TestBot;

  beforeAll(async () => {
    bot = await startTestBot({ clock });
    // The referent of "Bon accueil" has a personal chat with the bot.
    await bot.post(messageActivity('aide', as('sophie', bot.connector.url)));
  });
  afterAll(async () => {
    await bot.stop();
  });

  const toSophie = () =>
    bot.connector.calls
      .filter((call) => call.conversationId === 'a:personal-ix-user-sophie')
      .map((call) => call.body.text);

  async function memberWithProfile(name: string, startDate: string) {
    const members = await createMembersRepository(bot.database.connection);
    const key = name.toLowerCase().replace(/\W+/g, '-');
    const member = await members.seedMember({
      aadObjectId: `aad-${key}`,
      teamsUserId: `29:${key}`,
      displayName: name,
      email: `${key}@ix.example`,
      profile: {},
      now: clock.now(),
    });
    return (await members.updateProfile(member.id, completeProfile(startDate)))!;
  }

  it('tells the referent once when member:profileCompleted says a newcomer completed their profile', async () => {
    bot.connector.reset();
    const ana = await memberWithProfile('Ana Événement', '2026-03-02');

    await bot.app.router.publish('member:profileCompleted', { member: ana, at: clock.now() });
    await bot.app.router.publish('member:profileCompleted', { member: ana, at: clock.now() });
    await bot.outboxIdle();

    expect(toSophie()).toEqual([
      "Ana Événement a complété son profil iX (Ville d’Orléans · Direction de la Culture · Médiathèque · Responsable de service), arrivée le 2 mars 2026. C'est le bon moment pour lui proposer un premier rendez-vous.",
    ]);
  });

  it('tells nobody when a long-standing manager completes their profile', async () => {
    bot.connector.reset();
    const paul = await memberWithProfile('Paul Ancien', '2012-09-01');

    await bot.app.router.publish('member:profileCompleted', { member: paul, at: clock.now() });
    await bot.outboxIdle();

    expect(toSophie()).toEqual([]);
  });
});
