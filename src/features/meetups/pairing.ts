import { maxWeightMatching, type WeightedEdge } from './max-weight-matching';

/** What the pairing knows of a person who opted in. */
export interface PairingPerson {
  id: string;
  direction?: string;
  site?: string;
  /** On their integration path: meeting an experienced manager is one of its steps. */
  newcomer: boolean;
  /** More than a year in the City. */
  experienced: boolean;
}

/** A meeting already formed: a pair or a trio, with its round's date. */
export interface PastMeeting {
  memberIds: readonly string[];
  formedAt: Date;
}

export interface PairingResult {
  /** Pairs, and one trio when the count is odd; nobody opted in is left out (except someone alone). */
  groups: string[][];
  /** Set only when a single person opted in: there is nobody to meet. */
  alone?: string;
}

/**
 * Past rounds remembered distinctly for "longest ago": a pair met more than this many rounds ago
 * counts as met long ago, like any older one. Bounded so weights stay exact (see `levelsFor`).
 */
const ageGrades = 12;
/** Random tie-break values per edge, below every rule. */
const randomGrades = 4;

/**
 * The rules, from the least to the most important. Each level's unit exceeds what all lower
 * levels can add up to over a whole matching, so the maximum-weight matching is the
 * lexicographic optimum: as many never-met pairs as possible, then the longest-ago repeats,
 * then crossed directions, then crossed sites, then newcomer ↔ experienced, then chance.
 */
const levels = ['chance', 'newcomer', 'site', 'direction', 'age', 'fresh'] as const;
type Level = (typeof levels)[number];
const levelMaximum: Record<Level, number> = {
  chance: randomGrades - 1,
  newcomer: 1,
  site: 1,
  direction: 1,
  age: ageGrades - 1,
  fresh: 1,
};

/** The largest edge weight the matching computes exactly (its duals reach about twice the weight). */
const largestExactWeight = 2 ** 50;

function unitsFor(pairs: number): Record<Level, number> {
  const units = {} as Record<Level, number>;
  let lowerTotal = 0;
  for (const level of levels) {
    units[level] = pairs * lowerTotal + 1;
    lowerTotal += units[level] * levelMaximum[level];
  }
  if (lowerTotal >= largestExactWeight) {
    throw new Error(`Too many people to pair exactly (${pairs} pairs)`);
  }
  return units;
}

/** A seeded generator (mulberry32 over an FNV-1a hash of the seed): same seed, same draws. */
export function seededRandom(seed: string): () => number {
  let state = 0x811c9dc5;
  for (let index = 0; index < seed.length; index++) {
    state = Math.imul(state ^ seed.charCodeAt(index), 0x01000193) >>> 0;
  }
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let x = state;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffled<V>(items: readonly V[], random: () => number): V[] {
  const copy = [...items];
  for (let index = copy.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    [copy[index], copy[other]] = [copy[other], copy[index]];
  }
  return copy;
}

export const pairKey = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`);

/** For each pair that already met, how many rounds ago (1 = the latest round). */
export function roundsSinceMet(history: readonly PastMeeting[]): Map<string, number> {
  const rounds = [...new Set(history.map((meeting) => meeting.formedAt.getTime()))].sort((a, b) => b - a);
  const ago = new Map(rounds.map((time, index) => [time, index + 1]));
  const since = new Map<string, number>();
  for (const meeting of history) {
    const roundsAgo = ago.get(meeting.formedAt.getTime()) as number;
    for (const [index, a] of meeting.memberIds.entries()) {
      for (const b of meeting.memberIds.slice(index + 1)) {
        const key = pairKey(a, b);
        since.set(key, Math.min(since.get(key) ?? Infinity, roundsAgo));
      }
    }
  }
  return since;
}

const differ = (a?: string, b?: string) =>
  Boolean(a?.trim() && b?.trim() && a.trim().toLowerCase() !== b.trim().toLowerCase());

/** How well two people fit together under the rules, as one integer (see `levels`). */
function scorer(people: readonly PairingPerson[], history: readonly PastMeeting[], random: () => number) {
  const units = unitsFor(Math.floor(people.length / 2) + 1);
  const since = roundsSinceMet(history);
  return (a: PairingPerson, b: PairingPerson): number => {
    const roundsAgo = since.get(pairKey(a.id, b.id));
    const value: Record<Level, number> = {
      chance: Math.floor(random() * randomGrades),
      newcomer: (a.newcomer && b.experienced) || (b.newcomer && a.experienced) ? 1 : 0,
      site: differ(a.site, b.site) ? 1 : 0,
      direction: differ(a.direction, b.direction) ? 1 : 0,
      age: roundsAgo === undefined ? 0 : Math.min(roundsAgo - 1, ageGrades - 1),
      fresh: roundsAgo === undefined ? 1 : 0,
    };
    return levels.reduce((total, level) => total + value[level] * units[level], 0);
  };
}

type Weights = number[][];

/** Everyone matched; with an odd count, the one the matching leaves joins the pair they fit best. */
function matchThenAttach(weights: Weights, indexes: readonly number[]): number[][] {
  const mate = maxWeightMatching(
    indexes.length,
    indexes.flatMap((a, i) =>
      indexes.slice(i + 1).map((b, j): WeightedEdge => [i, i + 1 + j, weights[a][b]]),
    ),
    { maxCardinality: true },
  );
  const groups = mate.flatMap((other, i) => (other > i ? [[indexes[i], indexes[other]]] : []));
  const leftOver = mate.findIndex((other) => other === -1);
  if (leftOver >= 0 && groups.length > 0) {
    const x = indexes[leftOver];
    const fit = (pair: number[]) => weights[x][pair[0]] + weights[x][pair[1]];
    groups.reduce((chosen, pair) => (fit(pair) > fit(chosen) ? pair : chosen)).push(x);
  }
  return groups;
}

/** The trio chosen first (the best-fitting three people), then everyone else matched. */
function trioThenMatch(weights: Weights, count: number): number[][] {
  let best = { score: -1, trio: [0, 1, 2] };
  for (let x = 0; x < count; x++)
    for (let a = x + 1; a < count; a++)
      for (let b = a + 1; b < count; b++) {
        const score = weights[x][a] + weights[x][b] + weights[a][b];
        if (score > best.score) best = { score, trio: [x, a, b] };
      }
  const rest = Array.from({ length: count }, (_, index) => index).filter(
    (index) => !best.trio.includes(index),
  );
  return [best.trio, ...matchThenAttach(weights, rest)];
}

/**
 * Forms the round's meetings. Pure: the same people, history and seed give the same groups.
 * Everyone is paired (a maximum-cardinality, maximum-weight matching over all possible pairs).
 * With an odd count, two ways to form the one trio are compared, and the one that breaks the
 * rules least wins: the matching's left-over person joins the pair they fit best, or the
 * best-fitting trio is set aside before matching the others.
 */
export function formMeetings(
  people: readonly PairingPerson[],
  history: readonly PastMeeting[],
  seed: string,
): PairingResult {
  if (people.length === 0) return { groups: [] };
  if (people.length === 1) return { groups: [], alone: people[0].id };
  const random = seededRandom(seed);
  const order = shuffled(
    [...people].sort((a, b) => a.id.localeCompare(b.id)),
    random,
  );
  const score = scorer(order, history, random);
  const weights: Weights = order.map(() => []);
  for (let i = 0; i < order.length; i++)
    for (let j = i + 1; j < order.length; j++) weights[i][j] = weights[j][i] = score(order[i], order[j]);
  const everyone = order.map((_, index) => index);
  const toIds = (groups: number[][]) => groups.map((group) => group.map((index) => order[index].id));
  const attached = toIds(matchThenAttach(weights, everyone));
  if (order.length % 2 === 0 || order.length === 3) return { groups: attached };
  const rank = (groups: string[][]) => {
    const figures = describeMeetings(groups, people, history);
    return [
      -figures.repeatedPairs,
      figures.crossDirection,
      figures.crossSite,
      figures.newcomerWithExperienced,
    ];
  };
  const attachedRank = rank(attached);
  // Nothing to gain when no pair repeats and every group crosses directions.
  if (attachedRank[0] === 0 && attachedRank[1] === attached.length) return { groups: attached };
  const trioFirst = toIds(trioThenMatch(weights, order.length));
  const trioFirstRank = rank(trioFirst);
  const difference =
    attachedRank.map((value, index) => value - trioFirstRank[index]).find((value) => value !== 0) ?? 0;
  return { groups: difference < 0 ? trioFirst : attached };
}

export interface MeetingFigures {
  groups: number;
  trios: number;
  people: number;
  /** Pairs inside the groups (a trio holds three) that had met before. */
  repeatedPairs: number;
  /** Groups whose people all come from different directions. */
  crossDirection: number;
  crossSite: number;
  newcomerWithExperienced: number;
}

/** What a round formed, for the coordinators' figures and the tests. */
export function describeMeetings(
  groups: readonly (readonly string[])[],
  people: readonly PairingPerson[],
  history: readonly PastMeeting[],
): MeetingFigures {
  const byId = new Map(people.map((person) => [person.id, person]));
  const since = roundsSinceMet(history);
  const pairsOf = (group: readonly string[]) =>
    group.flatMap((a, index) => group.slice(index + 1).map((b) => [a, b] as const));
  const every = (group: readonly string[], test: (a: PairingPerson, b: PairingPerson) => boolean) =>
    pairsOf(group).every(([a, b]) => test(byId.get(a) as PairingPerson, byId.get(b) as PairingPerson));
  return {
    groups: groups.length,
    trios: groups.filter((group) => group.length === 3).length,
    people: groups.reduce((sum, group) => sum + group.length, 0),
    repeatedPairs: groups.flatMap(pairsOf).filter(([a, b]) => since.has(pairKey(a, b))).length,
    crossDirection: groups.filter((group) => every(group, (a, b) => differ(a.direction, b.direction))).length,
    crossSite: groups.filter((group) => every(group, (a, b) => differ(a.site, b.site))).length,
    newcomerWithExperienced: groups.filter((group) =>
      pairsOf(group).some(([a, b]) => {
        const [x, y] = [byId.get(a) as PairingPerson, byId.get(b) as PairingPerson];
        return (x.newcomer && y.experienced) || (y.newcomer && x.experienced);
      }),
    ).length,
  };
}
