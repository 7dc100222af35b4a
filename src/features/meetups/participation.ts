import { daysBetween } from '../../i18n/calendar';
import { type MemberRecord } from '../../people';
import { isNewcomer } from '../onboarding';
import type { PairingPerson } from './pairing';
import type { ParticipantRecord, Rhythm } from './repository';

/** Days between two meetings of a person, by the rhythm they chose. */
export const rhythmDays: Record<Rhythm, number> = { fortnightly: 14, monthly: 28 };

/**
 * A round a day early still counts (a coordinator's manual round, a schedule on another weekday),
 * so a fortnightly person is not left waiting three weeks.
 */
const earlinessToleranceDays = 1;

/** "More than a year in the City": who a newcomer is paired with. */
const experiencedAfterDays = 365;

export function isPaused(participant: ParticipantRecord, today: string): boolean {
  return participant.pausedUntil !== undefined && participant.pausedUntil > today;
}

/** Opted in, not paused, and their rhythm says it is time for a new meeting. */
export function isDue(
  participant: ParticipantRecord,
  today: string,
  timeZoneDay: (at: Date) => string,
): boolean {
  if (!participant.active || isPaused(participant, today)) return false;
  if (!participant.lastPairedAt) return true;
  const elapsed = daysBetween(timeZoneDay(participant.lastPairedAt), today);
  return elapsed >= rhythmDays[participant.rhythm] - earlinessToleranceDays;
}

/** What the pairing needs to know of a member: their service and how long they have been in the City. */
export function pairingPersonOf(member: MemberRecord, today: string): PairingPerson {
  const startDate = member.profile.startDate;
  return {
    id: member.id,
    direction: member.profile.direction,
    site: member.profile.site,
    newcomer: startDate !== undefined && isNewcomer(startDate, false, today),
    experienced: startDate !== undefined && daysBetween(startDate, today) > experiencedAfterDays,
  };
}
