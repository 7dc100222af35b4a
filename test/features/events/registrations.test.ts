import { eventsPersonalData } from '../../../src/features/events/personal-data';
import { answerEvent } from '../../../src/features/events/service';
import { messageActivity } from '../../support/activities';
import { startTestBot, textsOf, type TestBot } from '../../support/test-bot';
import { cardMessage, movableClock, textMessage } from '../polls/poll-support';
import {
  crowdOf,
  eventDependencies,
  eventDriver,
  optionsOf,
  publishedEvent,
  type CrowdPerson,
} from './event-support';

describe('registrations through the endpoint', () => {
  let bot: TestBot;
  let driver: ReturnType<typeof eventDriver>;
  const crowd = crowdOf(40);
  const clock = movableClock(new Date('2026-11-27T09:00:00Z'));
  /** 40 whole Teams turns at once take 1–4 s on a shared 2-core machine; the bound is for a loaded one. */
  const crowdTimeoutMs = 60_000;

  beforeAll(async () => {
    bot = await startTestBot({ clock });
    await bot.app.jobs.stop();
    driver = eventDriver(bot);
    // Everyone writes to the bot once, as Teams people do: the bot now knows their 1:1 chat.
    await Promise.all(crowd.map((person) => bot.post(messageActivity('aide', optionsOf(bot, person)))));
  });
  afterAll(async () => {
    await bot.stop();
  });

  const answer = (person: CrowdPerson, eventId: string, value: string) =>
    driver.invoke('event.answer', { eventId, answer: value }, optionsOf(bot, person));

  async function statesOf(eventId: string) {
    const deps = await eventDependencies(bot);
    const registrations = await deps.events.registrationsOf(eventId);
    const people = new Map(
      (await deps.members.findByIds(registrations.map((registration) => registration.memberId))).map(
        (member) => [member.id, member.teamsUserId],
      ),
    );
    const named = (state: string) =>
      registrations
        .filter((registration) => registration.state === state)
        .sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0))
        .map((registration) => ({ who: people.get(registration.memberId)!, seq: registration.seq! }));
    return {
      confirmed: named('confirmed'),
      waiting: named('waiting'),
      event: (await deps.events.findEvent(eventId))!,
    };
  }

  it(
    'gives exactly 25 places to 40 people clicking "Je viens" at once, and 15 wait in click order',
    async () => {
      const eventId = await publishedEvent(bot, { title: 'Temps partagé : visite du CTM', capacity: 25 });

      const answers = await Promise.all(crowd.map((person) => answer(person, eventId, 'going')));

      expect(answers.every((body) => body.type === cardMessage)).toBe(true);
      const { confirmed, waiting, event } = await statesOf(eventId);
      expect(confirmed).toHaveLength(25);
      expect(waiting).toHaveLength(15);
      expect(event.seatsLeft).toBe(0);
      // Click order as the database saw it: every click has its own rank, and nobody who got a
      // place clicked after someone who waits.
      const ranks = [...confirmed, ...waiting].map((entry) => entry.seq);
      expect(new Set(ranks).size).toBe(40);
      expect(Math.max(...confirmed.map((entry) => entry.seq))).toBeLessThan(
        Math.min(...waiting.map((entry) => entry.seq)),
      );
      // Each person's own card says where they stand, the waiting list numbered in that order.
      waiting.forEach(({ who }, index) => {
        const body = answers[crowd.findIndex((person) => person.id === who)];
        expect(textsOf(body.value).join(' ')).toContain(`n° ${index + 1} sur la liste d'attente`);
      });
      const confirmedCard = answers[crowd.findIndex((person) => person.id === confirmed[0].who)];
      expect(textsOf(confirmedCard.value).join(' ')).toContain('votre place est réservée');
    },
    crowdTimeoutMs,
  );

  it('keeps the waiting list in the order of the clicks', async () => {
    const eventId = await publishedEvent(bot, { title: 'Café des cadres', capacity: 2 });
    const five = crowd.slice(0, 5);
    for (const person of five) await answer(person, eventId, 'going');

    const { confirmed, waiting } = await statesOf(eventId);
    expect(confirmed.map((entry) => entry.who)).toEqual([five[0].id, five[1].id]);
    expect(waiting.map((entry) => entry.who)).toEqual([five[2].id, five[3].id, five[4].id]);
  });

  it(
    'promotes exactly the first person waiting when someone cancels, and tells them',
    async () => {
      const eventId = await publishedEvent(bot, { title: 'Atelier trans’', capacity: 25 });
      await Promise.all(crowd.map((person) => answer(person, eventId, 'going')));
      const before = await statesOf(eventId);
      const leaving = crowd.find((person) => person.id === before.confirmed[3].who)!;
      const first = before.waiting[0].who;
      bot.connector.reset();

      const body = await answer(leaving, eventId, 'declined');

      expect(textsOf(body.value).join(' ')).toContain('ne venez pas');
      const after = await statesOf(eventId);
      expect(after.confirmed).toHaveLength(25);
      expect(after.waiting.map((entry) => entry.who)).toEqual(
        before.waiting.slice(1).map((entry) => entry.who),
      );
      expect(after.confirmed.map((entry) => entry.who)).toContain(first);
      const told = bot.connector
        .sentActivities()
        .filter((activity) => String(activity.text ?? '').includes("Une place s'est libérée"));
      expect(told).toHaveLength(1);
      expect((told[0].conversation as { id: string }).id).toBe(`a:personal-${first}`);
    },
    crowdTimeoutMs,
  );

  it('counts one place for a person who clicks "Je viens" three times at once', async () => {
    const eventId = await publishedEvent(bot, { title: 'Visite du chantier', capacity: 3 });
    await Promise.all([0, 1, 2].map(() => answer(crowd[7], eventId, 'going')));

    const { confirmed, event } = await statesOf(eventId);
    expect(confirmed.map((entry) => entry.who)).toEqual([crowd[7].id]);
    expect(event.seatsLeft).toBe(2);
  });

  it('lets people change their mind, and hands a freed place on when "Je viens" becomes "Peut-être"', async () => {
    const eventId = await publishedEvent(bot, { title: 'Déjeuner réseau', capacity: 1 });
    await answer(crowd[10], eventId, 'going');
    await answer(crowd[11], eventId, 'going');

    const maybe = await answer(crowd[10], eventId, 'maybe');

    expect(textsOf(maybe.value).join(' ')).toContain('peut-être');
    const { confirmed, waiting } = await statesOf(eventId);
    expect(confirmed.map((entry) => entry.who)).toEqual([crowd[11].id]);
    expect(waiting).toEqual([]);
  });

  it('refuses answers after the registration deadline', async () => {
    const eventId = await publishedEvent(bot, {
      title: 'Temps partagé du soir',
      registrationDeadline: new Date('2026-11-28T11:00:00Z'),
    });
    const deps = await eventDependencies(bot);
    const event = (await deps.events.findEvent(eventId))!;
    const member = (await deps.members.findByIdentity({ teamsUserId: crowd[0].id }))!;

    const outcome = await answerEvent(deps, {
      event,
      memberId: member.id,
      answer: 'going',
      now: new Date('2026-11-28T12:00:00Z'),
    });

    expect(outcome.kind).toBe('closed');
  });

  it('says why a member of another group cannot answer a group event', async () => {
    const eventId = await publishedEvent(bot, {
      title: 'Atelier livret',
      audience: { kind: 'group', groupSlug: 'bon-accueil' },
      audienceTitle: 'Bon accueil, pas d’écueil',
    });

    const body = await answer(crowd[0], eventId, 'going');

    expect(body.type).toBe(textMessage);
    expect(String(body.value)).toContain('Bon accueil');
  });

  it('gives the place of someone who erases their data to the first person waiting', async () => {
    const eventId = await publishedEvent(bot, { title: 'Atelier données', capacity: 1 });
    await answer(crowd[20], eventId, 'going');
    await answer(crowd[21], eventId, 'going');
    const deps = await eventDependencies(bot);
    const leaving = (await deps.members.findByIdentity({ teamsUserId: crowd[20].id }))!;

    const report = await eventsPersonalData(deps, clock).erase(leaving.id);

    expect(report.erased).toBeGreaterThan(0);
    expect(await deps.events.findRegistration(eventId, leaving.id)).toBeUndefined();
    const { confirmed, waiting } = await statesOf(eventId);
    expect(confirmed.map((entry) => entry.who)).toEqual([crowd[21].id]);
    expect(waiting).toEqual([]);
  });
});
