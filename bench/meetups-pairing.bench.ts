/**
 * Cost of forming a round of meetings (npm run bench:meetups): the pure pairing function on 40,
 * 150, 350 and 351 people (odd: one trio, two matchings compared) with 24 past rounds of history,
 * as a whole network would have after a year of fortnightly rounds. Prints the median of five
 * runs per size, the ratio to 350, and the round's figures (repeated pairs, crossed directions);
 * then the matching alone on 350 people with random weights, its worst case.
 */
import { performance } from 'node:perf_hooks';
import { maxWeightMatching, type WeightedEdge } from '../src/features/meetups/max-weight-matching';
import {
  describeMeetings,
  formMeetings,
  seededRandom,
  type PairingPerson,
  type PastMeeting,
} from '../src/features/meetups/pairing';
import { median } from './support/statistics';

const directions = Array.from({ length: 14 }, (_, index) => `Direction ${index + 1}`);

function population(count: number): PairingPerson[] {
  return Array.from({ length: count }, (_, index) => ({
    id: `m${String(index).padStart(4, '0')}`,
    direction: directions[index % directions.length],
    site: `Site ${(index * 13) % 200}`,
    newcomer: index % 17 === 0,
    experienced: index % 5 !== 0,
  }));
}

function historyOf(people: PairingPerson[], rounds: number): PastMeeting[] {
  const history: PastMeeting[] = [];
  for (let round = 0; round < rounds; round++) {
    const { groups } = formMeetings(people, history, `history-${round}`);
    const formedAt = new Date(Date.UTC(2025, 0, 6 + 14 * round));
    for (const group of groups) history.push({ memberIds: group, formedAt });
  }
  return history;
}

function main(): void {
  const rows = [];
  for (const size of [40, 150, 350, 351]) {
    const people = population(size);
    const history = historyOf(people, 24);
    const timings: number[] = [];
    let figures;
    for (let run = 0; run < 5; run++) {
      const started = performance.now();
      const { groups } = formMeetings(people, history, `bench-${run}`);
      timings.push(performance.now() - started);
      figures = describeMeetings(groups, people, history);
    }
    rows.push({
      people: size,
      pastMeetings: history.length,
      medianMs: Math.round(median(timings)),
      ...figures,
    });
  }
  const reference = rows.find((row) => row.people === 350)?.medianMs ?? 1;
  console.table(rows.map((row) => ({ ...row, 'vs 350': (row.medianMs / reference).toFixed(2) })));
  console.log(
    `Worst case, the matching alone on 350 people with random weights: ${worstCase(350)} ms (median of 3).`,
  );
}

/** Random weights over the full range make the blossom algorithm work hardest (many dual changes). */
function worstCase(size: number): number {
  const random = seededRandom('worst-case');
  const edges: WeightedEdge[] = [];
  for (let i = 0; i < size; i++)
    for (let j = i + 1; j < size; j++) edges.push([i, j, Math.floor(random() * 1e12)]);
  const timings = Array.from({ length: 3 }, () => {
    const started = performance.now();
    maxWeightMatching(size, edges, { maxCardinality: true });
    return performance.now() - started;
  });
  return Math.round(median(timings));
}

main();
