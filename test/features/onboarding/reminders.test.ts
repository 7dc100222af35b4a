import pino from 'pino';
import { createMembersRepository } from '../../../src/people/members-repository';
import { reminderJobName, sendOverdueReminders } from '../../../src/features/onboarding/reminders';
import { createOnboardingRepository } from '../../../src/features/onboarding/repository';
import { executeActivity, messageActivity, tenantId } from '../../support/activities';
import { as } from '../../support/personas';
import { cardOf, startTestBot, textsOf, type TestBot } from '../../support/test-bot';

type Account = { id: string; name: string; aadObjectId: string };

/** A clock the test moves by hand. */
const clock = {
  current: new Date('2026-03-13T08:00:00Z'),
  now() {
    return this.current;
  },
  set(iso: string) {
    this.current = new Date(iso);
  },
};

describe('onboarding reminders job', () => {
  let bot: TestBot;
  const people: Record<string, { account: Account; memberId: string }> = {};

  const personal = (from: Account) => ({
    serviceUrl: bot.connector.url,
    from,
    conversation: { id: `a:personal-${from.id}`, conversationType: 'personal' as const, tenantId },
  });

  async function newcomer(key: string, startDate: string): Promise<void> {
    const account = { id: `29:${key}`, name: `Personne ${key}`, aadObjectId: `aad-${key}` };
    await bot.post(messageActivity('aide', personal(account)));
    await bot.post(executeActivity('onboarding.startDate.save', { startDate }, personal(account)));
    const members = await createMembersRepository(bot.database.connection);
    people[key] = {
      account,
      memberId: (await members.findByIdentity({ aadObjectId: account.aadObjectId }))!.id,
    };
  }

  /** Runs the job and waits for the outbox to send what it queued. */
  async function run() {
    const result = await sendOverdueReminders({
      onboarding: await createOnboardingRepository(bot.database.connection),
      members: await createMembersRepository(bot.database.connection),
      outbox: bot.app.outbox,
      clock,
      timeZone: 'Europe/Paris',
      log: pino({ level: 'silent' }),
    });
    await bot.outboxIdle();
    return result;
  }

  const remindedKeys = (memberIds: string[]) =>
    Object.entries(people)
      .filter(([, person]) => memberIds.includes(person.memberId))
      .map(([key]) => key)
      .sort();

  const remindersTo = (key: string) =>
    bot.connector.calls.filter(
      (call) => call.conversationId === `a:personal-29:${key}` && call.method === 'POST',
    );

  beforeAll(async () => {
    bot = await startTestBot({ clock });
    const onboarding = await createOnboardingRepository(bot.database.connection);
    await newcomer('late', '2026-02-01');
    await newcomer('blocked', '2026-02-01');
    await newcomer('paused', '2026-02-01');
    await newcomer('complete', '2026-02-01');
    await newcomer('ontime', '2026-03-27'); // J+3 falls on 30 March
    await bot.post(messageActivity('parcours pause', personal(people.paused.account)));
    for (const step of await onboarding.listSteps()) {
      await onboarding.markDone(people.complete.memberId, step.slug, clock.now());
    }
    // A long-standing manager who talks to the bot is not a newcomer.
    await bot.post(messageActivity('aide', as('thomas', bot.connector.url)));
  });
  afterAll(async () => {
    await bot.stop();
  });
  beforeEach(() => {
    bot.connector.reset();
    bot.connector.respondWith((call) =>
      call.conversationId === 'a:personal-29:blocked'
        ? { status: 403, body: { error: { code: 'Forbidden' } } }
        : undefined,
    );
  });

  it('is scheduled from the configuration in the network time zone', () => {
    expect(bot.app.jobs.names()).toContain(reminderJobName);
    expect(bot.config.schedules.onboardingReminders).toBe('0 9 * * 1-5');
    expect(bot.config.timezone).toBe('Europe/Paris');
  });

  it('reminds exactly the newcomers with overdue steps, listing those steps, and goes on past a failed send', async () => {
    const result = await run();

    expect(result.day).toBe('2026-03-13');
    expect(remindedKeys(result.reminded)).toEqual(['blocked', 'late']);
    expect(result.failed).toEqual([]);
    // Teams refused the blocked newcomer's chat (403): they are marked unreachable, and skipped from now on.
    const members = await createMembersRepository(bot.database.connection);
    expect((await members.findById(people.blocked.memberId))?.unreachable).toMatchObject({
      reason: 'blocked',
      status: 403,
    });
    expect(remindersTo('paused')).toHaveLength(0);
    expect(remindersTo('complete')).toHaveLength(0);
    expect(remindersTo('ontime')).toHaveLength(0);
    expect(
      bot.connector.calls.filter((call) => call.conversationId === 'a:personal-ix-user-thomas'),
    ).toHaveLength(0);

    const [reminder] = remindersTo('late');
    const texts = textsOf(cardOf(reminder.body));
    expect(texts).toContain('Petit rappel de votre parcours');
    expect(texts).toContain("7 étape(s) de votre parcours d'intégration vous attendent :");
    expect(texts).toEqual(expect.arrayContaining(['Lire le livret d’accueil', 'prévue le 4 février 2026']));
    expect(texts).not.toContain('Faire le bilan de mes trois premiers mois');
  });

  it('sends nothing more the same Paris day, whether run again, twice at once or by the scheduler', async () => {
    clock.set('2026-03-13T16:00:00Z');

    const [first, second] = await Promise.all([run(), run()]);
    await bot.app.jobs.runNow(reminderJobName);

    expect([...first.reminded, ...second.reminded, ...first.failed, ...second.failed]).toEqual([]);
    expect(remindersTo('late')).toHaveLength(0);
  });

  it('reminds again the next day, once even when two runs race', async () => {
    clock.set('2026-03-16T08:00:00Z');

    const [first, second] = await Promise.all([run(), run()]);

    expect(remindedKeys([...first.reminded, ...second.reminded])).toEqual(['late']);
    expect(remindersTo('late')).toHaveLength(1);
  });

  it('keys the day in Paris time: 00:30 and 09:00 on the daylight-saving Sunday are the same day', async () => {
    clock.set('2026-03-28T23:30:00Z'); // 00:30 on Sunday 29 March in Paris
    const night = await run();
    clock.set('2026-03-29T07:00:00Z'); // 09:00 the same Sunday, now in summer time
    const morning = await run();

    expect(night.day).toBe('2026-03-29');
    expect(remindedKeys(night.reminded)).toEqual(['late']);
    expect(morning.day).toBe('2026-03-29');
    expect(morning.reminded).toEqual([]);
  });

  it('stops reminding someone who completed their path', async () => {
    const onboarding = await createOnboardingRepository(bot.database.connection);
    for (const step of await onboarding.listSteps()) {
      await onboarding.markDone(people.late.memberId, step.slug, clock.now());
    }
    clock.set('2026-03-30T08:00:00Z');

    const result = await run();

    expect(result.reminded).not.toContain(people.late.memberId);
    expect(remindersTo('late')).toHaveLength(0);
  });

  it('opens the path from the reminder, replacing the card', async () => {
    const answer = await bot.post(
      executeActivity('onboarding.path.show', {}, personal(people.ontime.account)),
    );

    const body = answer.body as { value: unknown };
    expect(textsOf(body.value)).toContain("Mon parcours d'intégration");
  });
});
