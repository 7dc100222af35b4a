import {
  describeMeetings,
  formMeetings,
  pairKey,
  type PairingPerson,
  type PastMeeting,
} from '../../../src/features/meetups/pairing';

const directions = ['Culture', 'Espaces verts', 'Finances', 'Éducation', 'Voirie'];

/** 40 people by default: 8 per direction, 13 sites spread across directions, a few newcomers. */
function population(count = 40): PairingPerson[] {
  return Array.from({ length: count }, (_, index) => ({
    id: `p${String(index).padStart(2, '0')}`,
    direction: directions[index % directions.length],
    site: `site-${index % 13}`,
    newcomer: index % 8 === 3,
    experienced: index % 8 !== 3 && index % 3 !== 0,
  }));
}

const roundDate = (round: number) => new Date(Date.UTC(2026, 0, 5 + 14 * round, 8));

/** Runs `rounds` rounds in a row, each seeing the history of the previous ones. */
function runRounds(people: PairingPerson[], rounds: number, seedPrefix = 'round') {
  const history: PastMeeting[] = [];
  const results = [];
  for (let round = 0; round < rounds; round++) {
    const { groups } = formMeetings(people, history, `${seedPrefix}-${round}`);
    results.push({ groups, figures: describeMeetings(groups, people, history) });
    for (const group of groups) history.push({ memberIds: group, formedAt: roundDate(round) });
  }
  return results;
}

function everyoneOnce(groups: string[][], people: PairingPerson[]) {
  const seen = groups.flat().sort();
  expect(seen).toEqual(people.map((person) => person.id).sort());
}

describe('formMeetings', () => {
  it.each(['round', 'autumn', 'spring'])(
    'pairs 40 people for 26 rounds without ever repeating a pair, always across directions, nobody left out (seeds %s-n)',
    (seedPrefix) => {
      const people = population();
      const rounds = runRounds(people, 26, seedPrefix);
      for (const { groups, figures } of rounds) {
        everyoneOnce(groups, people);
        expect(groups.every((group) => group.length === 2)).toBe(true);
        expect(figures.repeatedPairs).toBe(0);
        expect(figures.crossDirection).toBe(20);
      }
      const allPairs = rounds.flatMap(({ groups }) => groups.map(([a, b]) => pairKey(a, b)));
      expect(new Set(allPairs).size).toBe(26 * 20);
    },
  );

  it('gives one trio with an odd count and still leaves nobody out, round after round', () => {
    const people = population(41);
    for (const { groups, figures } of runRounds(people, 26)) {
      everyoneOnce(groups, people);
      expect(figures.trios).toBe(1);
      expect(figures.groups).toBe(20);
      expect(figures.repeatedPairs).toBe(0);
    }
  });

  it('gives the same groups for the same seed and other groups for another seed', () => {
    const people = population();
    const history: PastMeeting[] = [{ memberIds: ['p00', 'p01'], formedAt: roundDate(0) }];
    const once = formMeetings(people, history, 'seed-a');
    expect(formMeetings([...people].reverse(), history, 'seed-a')).toEqual(once);
    expect(formMeetings(people, history, 'seed-b')).not.toEqual(once);
  });

  it('repeats the longest-ago pairs when every pair has already met', () => {
    const people = population(4).map((person) => ({ ...person, direction: 'Culture' }));
    const [a, b, c, d] = people.map((person) => person.id);
    const history: PastMeeting[] = [
      { memberIds: [a, b], formedAt: roundDate(0) },
      { memberIds: [c, d], formedAt: roundDate(0) },
      { memberIds: [a, c], formedAt: roundDate(1) },
      { memberIds: [b, d], formedAt: roundDate(1) },
      { memberIds: [a, d], formedAt: roundDate(2) },
      { memberIds: [b, c], formedAt: roundDate(2) },
    ];
    const { groups } = formMeetings(people, history, 'x');
    expect(groups.map(([x, y]) => pairKey(x, y)).sort()).toEqual([pairKey(a, b), pairKey(c, d)].sort());
  });

  it('crosses directions as often as the population allows, then sites', () => {
    // 2 people in Finances, 6 in Culture: at most two pairs can cross directions.
    const people: PairingPerson[] = Array.from({ length: 8 }, (_, index) => ({
      id: `q${index}`,
      direction: index < 2 ? 'Finances' : 'Culture',
      site: index % 2 === 0 ? 'Hôtel de Ville' : 'Centre technique',
      newcomer: false,
      experienced: true,
    }));
    const { groups } = formMeetings(people, [], 'seed');
    const figures = describeMeetings(groups, people, []);
    expect(figures.crossDirection).toBe(2);
    expect(figures.crossSite).toBe(4);
  });

  it('pairs each newcomer with an experienced manager when there are enough', () => {
    const people = population(20);
    const newcomers = people.filter((person) => person.newcomer);
    expect(newcomers.length).toBeGreaterThan(1);
    const { groups } = formMeetings(people, [], 'newcomers');
    const byId = new Map(people.map((person) => [person.id, person]));
    for (const newcomer of newcomers) {
      const group = groups.find((members) => members.includes(newcomer.id)) as string[];
      expect(group.some((id) => byId.get(id)?.experienced)).toBe(true);
    }
  });

  it('makes a trio of three people and says when someone is alone', () => {
    const people = population(3);
    expect(formMeetings(people, [], 's').groups).toEqual([
      expect.arrayContaining(people.map((person) => person.id)),
    ]);
    expect(formMeetings(people.slice(0, 1), [], 's')).toEqual({ groups: [], alone: people[0].id });
    expect(formMeetings([], [], 's')).toEqual({ groups: [] });
  });
});
