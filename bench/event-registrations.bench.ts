/**
 * The whole network answering one invitation at once (npm run bench:events): 350 managers click
 * "Je viens" on an event with 146 places, at the same instant, through the events service on the
 * embedded database; then 50 of the confirmed give up their place at once. Prints the time taken
 * and checks the invariants: exactly 146 confirmed, the rest waiting with distinct ranks, and
 * exactly 50 promoted in rank order.
 */
import { performance } from 'node:perf_hooks';
import pino from 'pino';
import { eventsFeature } from '../src/features/events';
import { createEventsRepository } from '../src/features/events/repository';
import { answerEvent, type EventDependencies } from '../src/features/events/service';
import { createGroupsRepository } from '../src/people/groups-repository';
import { groupsFeature } from '../src/features/groups';
import { membersFeature } from '../src/features/members';
import { createMembersRepository } from '../src/people/members-repository';
import { startTestBot } from '../test/support/test-bot';

const people = 350;
const places = 146;
const leaving = 50;

async function main(): Promise<void> {
  const bot = await startTestBot({
    env: { SEED_DEMO_DATA: 'false' },
    features: [membersFeature, groupsFeature, eventsFeature],
  });
  try {
    const connection = bot.database.connection;
    const deps: EventDependencies = {
      events: await createEventsRepository(connection),
      groups: await createGroupsRepository(connection),
      members: await createMembersRepository(connection),
      outbox: bot.app.outbox,
      timeZone: 'Europe/Paris',
      calendarUrl: (token) => `http://localhost/files/calendar/${token}.ics`,
      log: pino({ level: 'silent' }),
    };
    const now = new Date();
    const memberIds: string[] = [];
    for (let index = 0; index < people; index += 1) {
      const member = await deps.members.seedMember({
        aadObjectId: `00000000-0000-4000-a000-${String(index).padStart(12, '0')}`,
        teamsUserId: `ix-bench-${index}`,
        displayName: `Cadre ${index}`,
        email: `cadre-${index}@ix.example`,
        profile: {},
        now,
      });
      memberIds.push(member.id);
    }
    const day = 24 * 60 * 60 * 1000;
    const draft = await deps.events.createDraft(
      {
        kind: 'sharedTime',
        title: 'Temps partagé du réseau',
        description: '',
        startsAt: new Date(now.getTime() + 7 * day),
        endsAt: new Date(now.getTime() + 7 * day + 2 * 3_600_000),
        place: 'Hôtel de Ville',
        capacity: places,
        audience: { kind: 'network' },
        audienceTitle: 'Tout le réseau iX',
        registrationDeadline: new Date(now.getTime() + 6 * day),
      },
      { memberId: memberIds[0], name: 'Cadre 0' },
      now,
    );
    const event = (await deps.events.transition(draft.id, 'published', now))!;

    let startedAt = performance.now();
    await Promise.all(
      memberIds.map((memberId) => answerEvent(deps, { event, memberId, answer: 'going', now })),
    );
    const registerMs = performance.now() - startedAt;
    const confirmed = await deps.events.registrationsOf(event.id, ['confirmed']);
    const waiting = await deps.events.registrationsOf(event.id, ['waiting']);
    const ranks = new Set([...confirmed, ...waiting].map((registration) => registration.seq));

    const firstWaiting = waiting.slice(0, leaving).map((registration) => registration.memberId);
    startedAt = performance.now();
    await Promise.all(
      confirmed
        .slice(0, leaving)
        .map((registration) =>
          answerEvent(deps, { event, memberId: registration.memberId, answer: 'declined', now }),
        ),
    );
    const cancelMs = performance.now() - startedAt;
    const after = await deps.events.registrationsOf(event.id, ['confirmed']);
    const promoted = firstWaiting.filter((memberId) =>
      after.some((registration) => registration.memberId === memberId),
    );

    console.log(
      `${people} clicks on ${places} places at once: ${registerMs.toFixed(0)} ms (${(registerMs / people).toFixed(1)} ms per click)`,
    );
    console.log(
      `  confirmed ${confirmed.length} (expected ${places}), waiting ${waiting.length} (expected ${people - places}), distinct ranks ${ranks.size}`,
    );
    console.log(`${leaving} cancellations at once: ${cancelMs.toFixed(0)} ms`);
    console.log(
      `  confirmed ${after.length} (expected ${places}), first ${leaving} waiting promoted: ${promoted.length}`,
    );
    const ok =
      confirmed.length === places &&
      waiting.length === people - places &&
      ranks.size === people &&
      after.length === places &&
      promoted.length === leaving;
    console.log(ok ? 'invariants hold' : 'INVARIANT BROKEN');
    if (!ok) process.exitCode = 1;
  } finally {
    await bot.stop();
  }
}

void main();
