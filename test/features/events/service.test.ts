import { answerEvent, editEvent } from '../../../src/features/events/service';
import { startTestBot, type TestBot } from '../../support/test-bot';
import { movableClock } from '../polls/poll-support';
import { eventDependencies, publishedEvent } from './event-support';

describe('events service', () => {
  let bot: TestBot;
  let memberIds: string[];
  const now = new Date('2026-11-27T10:00:00Z');

  beforeAll(async () => {
    bot = await startTestBot({ clock: movableClock(new Date('2026-11-27T09:00:00Z')) });
    await bot.app.jobs.stop();
    const deps = await eventDependencies(bot);
    // People the bot never talked to: nothing is sent, only the registrations are at stake.
    memberIds = await Promise.all(
      Array.from({ length: 60 }, async (_, index) => {
        const member = await deps.members.seedMember({
          aadObjectId: `00000000-0000-4000-b000-${String(index).padStart(12, '0')}`,
          teamsUserId: `ix-service-${index}`,
          displayName: `Cadre ${index}`,
          email: `service-${index}@ix.example`,
          profile: {},
          now,
        });
        return member.id;
      }),
    );
  });
  afterAll(async () => bot.stop());

  async function counts(eventId: string) {
    const deps = await eventDependencies(bot);
    const [confirmed, waiting, event] = await Promise.all([
      deps.events.registrationsOf(eventId, ['confirmed']),
      deps.events.registrationsOf(eventId, ['waiting']),
      deps.events.findEvent(eventId),
    ]);
    return { confirmed, waiting, seatsLeft: event!.seatsLeft };
  }

  it('never confirms more than the places when joins and withdrawals race', async () => {
    const deps = await eventDependencies(bot);
    const eventId = await publishedEvent(bot, { title: 'Course aux places', capacity: 20 });
    const event = (await deps.events.findEvent(eventId))!;
    const first = memberIds.slice(0, 20);
    await Promise.all(first.map((memberId) => answerEvent(deps, { event, memberId, answer: 'going', now })));

    await Promise.all([
      ...memberIds
        .slice(20, 50)
        .map((memberId) => answerEvent(deps, { event, memberId, answer: 'going', now })),
      ...first.slice(0, 8).map((memberId) => answerEvent(deps, { event, memberId, answer: 'declined', now })),
    ]);

    const { confirmed, waiting, seatsLeft } = await counts(eventId);
    expect(confirmed).toHaveLength(20);
    expect(waiting).toHaveLength(22);
    expect(seatsLeft).toBe(0);
  });

  it('gives new places to the people waiting when the organiser raises the capacity', async () => {
    const deps = await eventDependencies(bot);
    const eventId = await publishedEvent(bot, { title: 'Salle agrandie', capacity: 2 });
    const event = (await deps.events.findEvent(eventId))!;
    for (const memberId of memberIds.slice(0, 5))
      await answerEvent(deps, { event, memberId, answer: 'going', now });

    const {
      title,
      description,
      kind,
      startsAt,
      endsAt,
      place,
      audience,
      audienceTitle,
      registrationDeadline,
    } = event;
    await editEvent(
      deps,
      event,
      {
        title,
        description,
        kind,
        startsAt,
        endsAt,
        place,
        audience,
        audienceTitle,
        registrationDeadline,
        capacity: 4,
      },
      now,
    );

    const { confirmed, waiting, seatsLeft } = await counts(eventId);
    expect(confirmed.map((registration) => registration.memberId)).toEqual(memberIds.slice(0, 4));
    expect(waiting.map((registration) => registration.memberId)).toEqual([memberIds[4]]);
    expect(seatsLeft).toBe(0);
  });

  it('keeps the people confirmed when the capacity shrinks below them, and takes nobody new', async () => {
    const deps = await eventDependencies(bot);
    const eventId = await publishedEvent(bot, { title: 'Salle réduite', capacity: 3 });
    const event = (await deps.events.findEvent(eventId))!;
    for (const memberId of memberIds.slice(0, 3))
      await answerEvent(deps, { event, memberId, answer: 'going', now });
    const {
      title,
      description,
      kind,
      startsAt,
      endsAt,
      place,
      audience,
      audienceTitle,
      registrationDeadline,
    } = event;
    await editEvent(
      deps,
      event,
      {
        title,
        description,
        kind,
        startsAt,
        endsAt,
        place,
        audience,
        audienceTitle,
        registrationDeadline,
        capacity: 1,
      },
      now,
    );
    const shrunk = (await deps.events.findEvent(eventId))!;

    await answerEvent(deps, { event: shrunk, memberId: memberIds[3], answer: 'going', now });
    await answerEvent(deps, { event: shrunk, memberId: memberIds[0], answer: 'declined', now });

    const { confirmed, waiting, seatsLeft } = await counts(eventId);
    expect(confirmed).toHaveLength(2);
    expect(waiting.map((registration) => registration.memberId)).toEqual([memberIds[3]]);
    expect(seatsLeft).toBe(-1);
  });
});
