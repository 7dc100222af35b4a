import pino from 'pino';
import type { DomainEvents } from '../../../src/bot/router';
import type { Clock } from '../../../src/clock';
import { connectDatabase, type Database } from '../../../src/db/database';
import { createOutboxRepository } from '../../../src/delivery/repository';
import { draftPoll } from '../../../src/features/polls/drafting-service';
import type { PollForm } from '../../../src/features/polls/poll-form';
import { sendPoll } from '../../../src/features/polls/sending-service';
import { createPollsRepository } from '../../../src/features/polls/repository';
import type { PollDependencies } from '../../../src/features/polls/service';
import { createPeople, type Actor, type MemberRecord } from '../../../src/people';

export interface PublishedEvent {
  name: keyof DomainEvents;
  data: unknown;
}

/** The people of the service tests: a group `rh` with its lead and three members, a coordinator, an outsider. */
export interface PollWorld {
  database: Database;
  deps: PollDependencies;
  /** What the services told the other slices, in order. */
  published: PublishedEvent[];
  now: Date;
  lead: Actor;
  coordinator: Actor;
  outsider: Actor;
  members: MemberRecord[];
  actorOf(member: MemberRecord): Promise<Actor>;
}

const silent = pino({ level: 'silent' });

/**
 * The polls services over a fresh embedded database: real repositories and a real outbox
 * table (deliveries are queued, never sent: no Teams here). The clock is fixed at `now`.
 */
export async function startPollWorld(now = new Date('2026-11-27T10:00:00Z')): Promise<PollWorld> {
  const database = await connectDatabase({ embedded: {} }, silent, { monitorCommands: true });
  const connection = database.connection;
  const [polls, deliveries, people] = await Promise.all([
    createPollsRepository(connection),
    createOutboxRepository(connection),
    createPeople(connection, []),
  ]);
  const published: PublishedEvent[] = [];
  const clock: Clock = { now: () => now };
  const deps: PollDependencies = {
    polls,
    people,
    deliveries,
    outbox: { enqueue: (queued) => deliveries.enqueue(queued, now) },
    ballotKeys: [{ id: 'k1', secret: 'a-test-secret-long-enough-for-hmac-keys' }],
    timeZone: 'Europe/Paris',
    clock,
    events: {
      publish: async (name, data) => {
        published.push({ name, data });
      },
    },
    log: silent,
  };
  const person = async (index: number, name: string) =>
    (
      await people.members.recordSighting({
        aadObjectId: `00000000-0000-4000-c000-${String(index).padStart(12, '0')}`,
        teamsUserId: `29:polls-${index}`,
        displayName: name,
        // A Teams address: the outbox could open their 1:1 chat, so they count as reachable.
        serviceUrl: 'https://smba.example/fr/',
        now,
      })
    ).member;
  await people.groups.seedGroup({
    slug: 'rh',
    title: 'RH',
    theme: 'rh',
    workstreams: [],
    order: 1,
    createdAt: now,
  });
  const lead = await person(1, 'Julien Moreau');
  const members = [
    lead,
    await person(2, 'Sophie Lefèvre'),
    await person(3, 'Amélie Roux'),
    await person(4, 'Marc Petit'),
  ];
  for (const member of members) await people.groups.join('rh', member.id, now);
  await people.members.grantRole({ memberId: lead.id, role: 'lead', groupSlug: 'rh', now });
  const coordinator = await person(5, 'Claire Dubois');
  await people.members.grantRole({ memberId: coordinator.id, role: 'coordinator', now });
  const outsider = await person(6, 'Hors Groupe');
  const actorOf = (member: MemberRecord) =>
    people.loadActor(
      { id: member.teamsUserId as string, aadObjectId: member.aadObjectId, name: member.displayName },
      now,
    );
  return {
    database,
    deps,
    published,
    now,
    lead: await actorOf(lead),
    coordinator: await actorOf(coordinator),
    outsider: await actorOf(outsider),
    members,
    actorOf,
  };
}

/** A valid form for the group `rh`, closing in a week; `changes` override any field. */
export function pollForm(now: Date, changes: Partial<PollForm> = {}): PollForm {
  return {
    audience: 'rh',
    question: 'Atelier en présentiel ou à distance ?',
    options: ['Présentiel', 'À distance'],
    multiple: false,
    anonymous: false,
    resultsVisibility: 'afterVote',
    deadline: new Date(now.getTime() + 7 * 24 * 60 * 60 * 1000),
    sendPersonal: true,
    sendChannel: false,
    ...changes,
  };
}

/** A poll the lead wrote for `rh` and sent: open, its cards queued. */
export async function sentPoll(world: PollWorld, changes: Partial<PollForm> = {}, author = world.lead) {
  const { poll } = await draftPoll(world.deps, author, pollForm(world.now, changes), {
    networkTitle: 'Tout le réseau',
    now: world.now,
  });
  const sent = await sendPoll(world.deps, poll, world.now);
  if (sent.kind !== 'sent') throw new Error(`the poll was not sent: ${sent.kind}`);
  return sent.poll;
}

/** The AppError code a call fails with, or undefined when it succeeds. */
export async function errorCodeOf(call: Promise<unknown>): Promise<string | undefined> {
  try {
    await call;
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
}
