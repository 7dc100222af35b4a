import pino from 'pino';
import { createApp, type App } from '../../../src/app';
import { reminderJobName } from '../../../src/features/events/jobs';
import { sendDueReminders } from '../../../src/features/events/service';
import { startTestBot, type TestBot } from '../../support/test-bot';
import { movableClock } from '../polls/poll-support';
import { eventDependencies, eventDriver } from './event-support';

const minute = 60 * 1000;

describe('event reminders', () => {
  let bot: TestBot;
  let driver: ReturnType<typeof eventDriver>;
  const clock = movableClock(new Date('2026-11-27T09:00:00Z'));
  const others: App[] = [];
  const attendees = ['camille', 'thomas', 'sophie'] as const;

  /** Another bot instance on the same database, as a second process (or a restarted one) would be. */
  async function anotherInstance(): Promise<App> {
    const app = await createApp({
      config: bot.config,
      log: pino({ level: 'silent' }),
      database: bot.database,
      clock,
    });
    others.push(app);
    return app;
  }

  beforeAll(async () => {
    bot = await startTestBot({ clock });
    await bot.app.jobs.stop();
    driver = eventDriver(bot);
    for (const persona of [...attendees, 'nadia'] as const) await driver.say('aide', persona);
  });
  afterAll(async () => {
    for (const app of others) await app.jobs.stop();
    await bot.stop();
  });

  /** Reminders each person received so far, by conversation. */
  function remindersBy(word: 'demain' | 'Dans une heure'): Map<string, number> {
    const counts = new Map<string, number>();
    for (const activity of bot.connector.sentActivities()) {
      if (!String(activity.text ?? '').includes(word)) continue;
      const conversation = (activity.conversation as { id: string }).id;
      counts.set(conversation, (counts.get(conversation) ?? 0) + 1);
    }
    return counts;
  }

  it('reminds each registered person once the day before and once the hour before, across two instances and a restart', async () => {
    const eventId = await driver.createEvent('nadia', {
      title: 'Temps partagé : la fabrique des budgets',
      startDate: '2026-11-28',
      startTime: '08:00',
      endTime: '09:30',
      deadlineDate: '2026-11-27',
      deadlineTime: '20:00',
    });
    for (const persona of attendees)
      await driver.invoke('event.answer', { eventId, answer: 'going' }, persona);
    await driver.invoke('event.answer', { eventId, answer: 'maybe' }, 'nadia');
    bot.connector.reset();
    const [first, second] = [await anotherInstance(), await anotherInstance()];

    // 22 hours before: the day-before reminder, fired by cron in both instances at once.
    await Promise.all([first.jobs.runNow(reminderJobName), second.jobs.runNow(reminderJobName)]);
    // A restarted process runs the job again at its next tick.
    const restarted = await anotherInstance();
    await restarted.jobs.runNow(reminderJobName);
    await bot.outboxIdle();

    const dayBefore = remindersBy('demain');
    expect([...dayBefore.keys()].sort()).toEqual(
      attendees.map((name) => `a:personal-ix-user-${name}`).sort(),
    );
    expect([...dayBefore.values()]).toEqual([1, 1, 1]);

    // 40 minutes before: the hour-before one.
    clock.advance(new Date('2026-11-28T07:00:00Z').getTime() - clock.now().getTime() - 40 * minute);
    await Promise.all([second.jobs.runNow(reminderJobName), restarted.jobs.runNow(reminderJobName)]);
    await first.jobs.runNow(reminderJobName);
    await bot.outboxIdle();

    const hourBefore = remindersBy('Dans une heure');
    expect([...hourBefore.values()]).toEqual([1, 1, 1]);
    expect([...remindersBy('demain').values()]).toEqual([1, 1, 1]);
  });

  it('sends each reminder once even when two runs escape the lease', async () => {
    const eventId = await driver.createEvent('nadia', {
      title: 'Atelier de rentrée',
      startDate: '2026-11-28',
      startTime: '18:00',
      endTime: '19:00',
      deadlineDate: '2026-11-28',
      deadlineTime: '12:00',
    });
    await driver.invoke('event.answer', { eventId, answer: 'going' }, 'camille');
    bot.connector.reset();
    const deps = await eventDependencies(bot);

    const [a, b] = await Promise.all([
      sendDueReminders(deps, clock.now()),
      sendDueReminders(deps, clock.now()),
    ]);
    await bot.outboxIdle();

    expect(a + b).toBe(1);
    expect(remindersBy('demain').get('a:personal-ix-user-camille')).toBe(1);
  });
});
