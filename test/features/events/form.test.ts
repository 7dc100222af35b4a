import { audienceFromValue, audienceValue, readEventForm } from '../../../src/features/events/form';

const context = { now: new Date('2026-11-27T09:00:00Z'), timeZone: 'Europe/Paris' };
const valid = {
  kind: 'sharedTime',
  audience: 'network',
  title: 'Temps partagé',
  startDate: '2026-12-10',
  startTime: '12:00',
  endTime: '13:30',
  place: 'Hôtel de Ville',
};

describe('event form', () => {
  it('reads Paris wall times into instants, the deadline defaulting to the start', () => {
    const read = readEventForm(valid, context);

    expect(read.ok && read.form.startsAt.toISOString()).toBe('2026-12-10T11:00:00.000Z');
    expect(read.ok && read.form.endsAt.toISOString()).toBe('2026-12-10T12:30:00.000Z');
    expect(read.ok && read.form.registrationDeadline.toISOString()).toBe('2026-12-10T11:00:00.000Z');
    expect(read.ok && read.form.capacity).toBeUndefined();
  });

  it('reads a summer date with the summer offset', () => {
    const read = readEventForm(
      { ...valid, startDate: '2026-03-30', startTime: '10:00', endTime: '11:00' },
      {
        ...context,
        now: new Date('2026-03-01T09:00:00Z'),
      },
    );

    expect(read.ok && read.form.startsAt.toISOString()).toBe('2026-03-30T08:00:00.000Z');
  });

  it.each([
    [{ capacity: '0' }, 'events.problems.capacity'],
    [{ capacity: '12.5' }, 'events.problems.capacity'],
    [{ endTime: '11:00' }, 'events.problems.endBeforeStart'],
    [{ startDate: '2026-11-01' }, 'events.problems.startPast'],
    [{ onlineUrl: 'http://teams.example' }, 'events.problems.onlineUrl'],
    [{ onlineUrl: 'javascript:alert(1)' }, 'events.problems.onlineUrl'],
    [{ place: '', onlineUrl: '' }, 'events.problems.placeRequired'],
    [{ deadlineDate: '2026-12-11', deadlineTime: '09:00' }, 'events.problems.deadlineAfterStart'],
    [{ audience: 'group:../../x' }, 'events.problems.outdated'],
    [{ title: { $gt: '' } }, 'events.problems.notText'],
    [{ extra: 'x' }, 'events.problems.unknownFields'],
  ])('refuses %j with %s', (changes, key) => {
    const read = readEventForm({ ...valid, ...changes }, context);

    expect(read.ok).toBe(false);
    expect(!read.ok && read.problems.map((problem) => problem.key)).toContain(key);
  });

  it('round-trips every audience through the form value', () => {
    for (const audience of [
      { kind: 'network' as const },
      { kind: 'newcomers' as const },
      { kind: 'group' as const, groupSlug: 'gps' },
      { kind: 'organisation' as const, organisation: 'Orléans Métropole' },
    ]) {
      expect(audienceFromValue(audienceValue(audience))).toEqual(audience);
    }
  });
});
