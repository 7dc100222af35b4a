import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Outbox } from '../../delivery/outbox';
import { addDays, calendarDayIn, isCalendarDay } from '../../i18n/calendar';
import type { MessageKey, Translator } from '../../i18n/translator';
import { withJobLease, type JobLeases } from '../../scheduling/job-lease';
import {
  type GroupsRepository,
  type MemberRecord,
  type MembersRepository,
  translatorFor,
} from '../../people';
import { otherNames, renderFollowUpCard, renderIntroductionCard, type SettingsView } from './cards';
import { describeMeetings, formMeetings, type PastMeeting } from './pairing';
import { isDue, isPaused, pairingPersonOf } from './participation';
import type {
  Answer,
  MeetupRecord,
  MeetupsRepository,
  RoundRecord,
  RoundTrigger,
  Rhythm,
} from './repository';
import { sendToPeople, type PersonalMessage } from './send-to-people';

export interface MeetupsDependencies {
  meetups: MeetupsRepository;
  members: MembersRepository;
  groups: GroupsRepository;
  outbox: Outbox;
  leases: JobLeases;
  /** Identifies this process in the round's lease (two bot instances on one database). */
  instanceId: string;
  timeZone: string;
  log: Logger;
}

export const roundJobName = 'meetups.round';
/** Forming and announcing a round takes seconds; a crashed holder frees the lease after this. */
const roundLeaseMs = 10 * 60_000;
const followUpAfterMs = 7 * 24 * 60 * 60_000;
/** How many past meetings `rencontres` lists. */
const historyLength = 10;
/** A pause is a break, not a way out: `Ne plus participer` is for leaving. */
const longestPauseDays = 366;

const meetupKeys = {
  round: (roundId: string) => `meetups:${roundId}`,
  introduction: (meetupId: string) => `meetup:${meetupId}:introduction`,
  followUp: (meetupId: string) => `meetup:${meetupId}:follow-up`,
};

// ——— A person's settings ———

export async function settingsViewOf(
  deps: Pick<MeetupsDependencies, 'meetups' | 'members'>,
  memberId: string,
  today: string,
  t: Translator,
): Promise<SettingsView> {
  const [participant, meetups] = await Promise.all([
    deps.meetups.findParticipant(memberId),
    deps.meetups.meetupsOf(memberId, historyLength),
  ]);
  const [people, answered] = await Promise.all([
    deps.members.findByIds([...new Set(meetups.flatMap((meetup) => meetup.memberIds))]),
    deps.meetups.answersTo(meetups.map((meetup) => meetup.id)),
  ]);
  const names = new Map(people.map((member) => [member.id, member.displayName]));
  const mine = new Map(
    answered
      .filter((answer) => answer.memberId === memberId)
      .map((answer) => [answer.meetupId, answer.answer]),
  );
  return {
    participant,
    today,
    history: meetups.map((meetup) => ({
      day: meetup.day,
      names: otherNames(meetup, memberId, names, t),
      answer: mine.get(meetup.id),
    })),
  };
}

export type PauseReading = { ok: true; pausedUntil: string | null } | { ok: false; problem: MessageKey };

/** An empty date lifts the pause; otherwise a real day after today, within a year. */
export function readPause(text: string | undefined, today: string): PauseReading {
  const value = (text ?? '').trim();
  if (value === '') return { ok: true, pausedUntil: null };
  if (!isCalendarDay(value)) return { ok: false, problem: 'meetups.settings.badDate' };
  if (value <= today) return { ok: false, problem: 'meetups.settings.pastDate' };
  if (value > addDays(today, longestPauseDays)) return { ok: false, problem: 'meetups.settings.tooFar' };
  return { ok: true, pausedUntil: value };
}

/** Opts in, changes the rhythm or the pause, or leaves; the settings card is built from the result. */
export async function saveSettings(
  deps: Pick<MeetupsDependencies, 'meetups' | 'members'>,
  input: { memberId: string; change: { active: boolean; rhythm?: Rhythm; pausedUntil?: string | null } },
  now: Date,
  today: string,
  t: Translator,
): Promise<SettingsView> {
  await deps.meetups.saveParticipant(input.memberId, input.change, now);
  return settingsViewOf(deps, input.memberId, today, t);
}

// ——— Rounds ———

export type RoundOutcome =
  | { kind: 'busy' }
  | { kind: 'already'; round: RoundRecord }
  /** Nobody (or one person alone) was due: nothing stored, so a later run the same day can still pair. */
  | { kind: 'nobody'; round: Pick<RoundRecord, 'day' | 'figures'> }
  | { kind: 'formed'; round: RoundRecord; unreachable: number };

/**
 * The round: under the `meetups.round` lease (one instance at a time), forms today's meetups
 * among the people due, stores them, and sends each person their introduction. A day has one
 * round whoever starts it (unique day); a round stopped half-way is finished by the next run.
 */
export async function runRound(
  deps: MeetupsDependencies,
  trigger: { kind: RoundTrigger; by?: string },
  now: Date,
): Promise<RoundOutcome> {
  const lease = await withJobLease(
    deps.leases,
    { name: roundJobName, holder: `${deps.instanceId}:${randomUUID()}`, ttlMs: roundLeaseMs, now },
    async (): Promise<RoundOutcome> => {
      const day = calendarDayIn(now, deps.timeZone);
      let round = await deps.meetups.findRoundOn(day);
      if (!round) {
        const formed = await pairPeopleDue(deps, day);
        if (formed.figures.groups === 0) return { kind: 'nobody', round: { day, figures: formed.figures } };
        round =
          (await deps.meetups.createRound({
            day,
            trigger: trigger.kind,
            triggeredBy: trigger.by,
            formedAt: now,
            pendingGroups: formed.groups,
            figures: formed.figures,
          })) ?? ((await deps.meetups.findRoundOn(day)) as RoundRecord);
      }
      if (round.announcedAt) return { kind: 'already', round };
      const unreachable = await announceRound(deps, round, now);
      return { kind: 'formed', round, unreachable };
    },
  );
  return lease.ran ? lease.result : { kind: 'busy' };
}

/** Pairs the people due on `day` against the whole history, with the round's figures. */
async function pairPeopleDue(
  deps: MeetupsDependencies,
  day: string,
): Promise<Pick<RoundRecord, 'figures'> & { groups: string[][] }> {
  const dayOf = (at: Date) => calendarDayIn(at, deps.timeZone);
  const [participants, history] = await Promise.all([
    deps.meetups.activeParticipants(),
    deps.meetups.history(),
  ]);
  const due = participants.filter((participant) => isDue(participant, day, dayOf));
  // People who erased their data since opting in are gone from the members: they are skipped.
  const members = await deps.members.findByIds(due.map((participant) => participant.memberId));
  const people = members.map((member) => pairingPersonOf(member, day));
  const past: PastMeeting[] = history.map((meetup) => ({
    memberIds: meetup.memberIds,
    formedAt: meetup.formedAt,
  }));
  const { groups } = formMeetings(people, past, `meetups:${day}`);
  const paused = participants.filter((participant) => isPaused(participant, day)).length;
  deps.log.info({ day, groups: groups.length, people: people.length }, 'meetups round paired');
  return {
    groups,
    figures: {
      ...describeMeetings(groups, people, past),
      optedIn: participants.length,
      paused,
      notDue: participants.length - paused - due.length,
    },
  };
}

/** Where each member of the network belongs, by group title (five groups: five queries). */
async function groupTitlesByMember(groups: GroupsRepository): Promise<Map<string, string[]>> {
  const all = await groups.listGroups();
  const titles = new Map<string, string[]>();
  const memberships = await Promise.all(all.map((group) => groups.membersOf(group.slug)));
  all.forEach((group, index) => {
    for (const { memberId } of memberships[index])
      titles.set(memberId, [...(titles.get(memberId) ?? []), group.title]);
  });
  return titles;
}

const differ = (values: Array<string | undefined>) =>
  new Set(values.map((value) => value?.trim().toLowerCase()).filter(Boolean)).size > 1;

/** Stores the meetups (idempotent), marks people paired, sends the introductions; returns the unreachable count. */
async function announceRound(deps: MeetupsDependencies, round: RoundRecord, now: Date): Promise<number> {
  const ids = [...new Set(round.pendingGroups.flat())];
  const people = new Map((await deps.members.findByIds(ids)).map((member) => [member.id, member]));
  const stored = await deps.meetups.storeMeetups(
    round.pendingGroups.map((memberIds, index) => {
      const profiles = memberIds.map((id) => people.get(id)?.profile ?? {});
      return {
        roundId: round.id,
        index,
        day: round.day,
        memberIds,
        formerMembers: 0,
        formedAt: round.formedAt,
        followUpDueAt: new Date(round.formedAt.getTime() + followUpAfterMs),
        crossDirection: differ(profiles.map((profile) => profile.direction)),
        crossSite: differ(profiles.map((profile) => profile.site)),
        crossOrganisation: differ(profiles.map((profile) => profile.organisation)),
      };
    }),
  );
  await deps.meetups.markPaired(ids, round.formedAt);
  const titles = await groupTitlesByMember(deps.groups);
  const messages: PersonalMessage[] = stored.flatMap((meetup) =>
    meetupMembers(meetup, people).map((member) => {
      const t = translatorFor(member);
      const others = meetupMembers(meetup, people)
        .filter((other) => other.id !== member.id)
        .map((other) => ({ member: other, groupTitles: titles.get(other.id) ?? [] }));
      return {
        member,
        messageKey: meetupKeys.introduction(meetup.id),
        message: { card: renderIntroductionCard(meetup, others, t) },
      };
    }),
  );
  const { unreachable } = await sendToPeople(deps, meetupKeys.round(round.id), messages);
  await deps.meetups.markRoundAnnounced(round.id, now);
  return unreachable.length;
}

function meetupMembers(meetup: MeetupRecord, people: ReadonlyMap<string, MemberRecord>): MemberRecord[] {
  return meetup.memberIds.flatMap((id) => {
    const member = people.get(id);
    return member ? [member] : [];
  });
}

// ——— Follow-up and answers ———

/**
 * A week after a round, asks each person "did you meet?". Safe on two instances at once: each
 * question is one outbox delivery per person, unique by its key, so it is sent once.
 */
export async function sendFollowUps(deps: MeetupsDependencies, now: Date): Promise<number> {
  const due = await deps.meetups.dueFollowUps(now);
  if (due.length === 0) return 0;
  const people = new Map(
    (await deps.members.findByIds([...new Set(due.flatMap((meetup) => meetup.memberIds))])).map((member) => [
      member.id,
      member,
    ]),
  );
  const names = new Map([...people.values()].map((member) => [member.id, member.displayName]));
  const messages: PersonalMessage[] = due.flatMap((meetup) =>
    meetupMembers(meetup, people).map((member) => {
      const t = translatorFor(member);
      return {
        member,
        messageKey: meetupKeys.followUp(meetup.id),
        message: { card: renderFollowUpCard(meetup, otherNames(meetup, member.id, names, t), t) },
      };
    }),
  );
  await sendToPeople(deps, 'meetups:follow-up', messages);
  await deps.meetups.markFollowUpSent(
    due.map((meetup) => meetup.id),
    now,
  );
  deps.log.info({ meetups: due.length, messages: messages.length }, 'meetup follow-ups sent');
  return due.length;
}

export type AnswerOutcome =
  { kind: 'notFound' } | { kind: 'recorded'; meetup: MeetupRecord; names: ReadonlyMap<string, string> };

/** Records a person's answer to "did you meet?"; only the people of the meetup may answer it. */
export async function recordAnswer(
  deps: Pick<MeetupsDependencies, 'meetups' | 'members'>,
  input: { meetupId: string; memberId: string; answer: Answer; now: Date },
): Promise<AnswerOutcome> {
  const meetup = await deps.meetups.findMeetup(input.meetupId);
  if (!meetup || !meetup.memberIds.includes(input.memberId)) return { kind: 'notFound' };
  await deps.meetups.recordAnswer({
    meetupId: meetup.id,
    memberId: input.memberId,
    answer: input.answer,
    answeredAt: input.now,
  });
  const people = await deps.members.findByIds(meetup.memberIds);
  return {
    kind: 'recorded',
    meetup,
    names: new Map(people.map((member) => [member.id, member.displayName])),
  };
}
