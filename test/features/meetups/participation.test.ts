import type { MemberRecord } from '../../../src/people/members-repository';
import { isDue, isPaused, pairingPersonOf } from '../../../src/features/meetups/participation';
import type { ParticipantRecord } from '../../../src/features/meetups/repository';
import { readPause } from '../../../src/features/meetups/service';

const utcDay = (at: Date) => at.toISOString().slice(0, 10);

function participant(changes: Partial<ParticipantRecord> = {}): ParticipantRecord {
  const at = new Date('2026-11-02T09:00:00Z');
  return { memberId: 'm1', active: true, rhythm: 'fortnightly', joinedAt: at, updatedAt: at, ...changes };
}

describe('participation', () => {
  it('makes someone who never met anyone due at once', () => {
    expect(isDue(participant(), '2026-12-07', utcDay)).toBe(true);
  });

  it('waits two weeks for fortnightly and four for monthly, a day early still counting', () => {
    const lastPairedAt = new Date('2026-12-07T08:00:00Z');
    expect(isDue(participant({ lastPairedAt }), '2026-12-14', utcDay)).toBe(false);
    expect(isDue(participant({ lastPairedAt }), '2026-12-20', utcDay)).toBe(true);
    expect(isDue(participant({ lastPairedAt, rhythm: 'monthly' }), '2026-12-21', utcDay)).toBe(false);
    expect(isDue(participant({ lastPairedAt, rhythm: 'monthly' }), '2027-01-04', utcDay)).toBe(true);
  });

  it('skips people who left or paused, until the pause ends', () => {
    expect(isDue(participant({ active: false }), '2026-12-07', utcDay)).toBe(false);
    const paused = participant({ pausedUntil: '2026-12-20' });
    expect(isPaused(paused, '2026-12-19')).toBe(true);
    expect(isDue(paused, '2026-12-19', utcDay)).toBe(false);
    expect(isDue(paused, '2026-12-20', utcDay)).toBe(true);
  });

  it('tells newcomers (under 180 days) from experienced managers (over a year)', () => {
    const member = (startDate?: string) =>
      ({
        id: 'm',
        displayName: 'X',
        profile: { startDate, direction: 'Culture' },
        createdAt: new Date(),
      }) as MemberRecord;
    expect(pairingPersonOf(member('2026-10-01'), '2026-12-07')).toMatchObject({
      newcomer: true,
      experienced: false,
    });
    expect(pairingPersonOf(member('2026-03-01'), '2026-12-07')).toMatchObject({
      newcomer: false,
      experienced: false,
    });
    expect(pairingPersonOf(member('2015-09-01'), '2026-12-07')).toMatchObject({
      newcomer: false,
      experienced: true,
    });
    expect(pairingPersonOf(member(undefined), '2026-12-07')).toMatchObject({
      newcomer: false,
      experienced: false,
    });
  });
});

describe('readPause', () => {
  it('lifts the pause when the date is empty', () => {
    expect(readPause('', '2026-12-07')).toEqual({ ok: true, pausedUntil: null });
    expect(readPause(undefined, '2026-12-07')).toEqual({ ok: true, pausedUntil: null });
  });

  it('accepts a day after today within a year', () => {
    expect(readPause('2027-01-04', '2026-12-07')).toEqual({ ok: true, pausedUntil: '2027-01-04' });
  });

  it('names the problem of a past, too distant or invalid date', () => {
    expect(readPause('2026-12-07', '2026-12-07')).toEqual({
      ok: false,
      problem: 'meetups.settings.pastDate',
    });
    expect(readPause('2028-12-07', '2026-12-07')).toEqual({ ok: false, problem: 'meetups.settings.tooFar' });
    expect(readPause('2027-02-30', '2026-12-07')).toEqual({ ok: false, problem: 'meetups.settings.badDate' });
    expect(readPause('{"$gt":""}', '2026-12-07')).toEqual({ ok: false, problem: 'meetups.settings.badDate' });
  });
});
