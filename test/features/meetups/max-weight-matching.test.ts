import { maxWeightMatching, type WeightedEdge } from '../../../src/features/meetups/max-weight-matching';
import { seededRandom } from '../../../src/features/meetups/pairing';

/** Exhaustive search over every matching: [best weight, best size] (size first when maxCardinality). */
function bruteForce(n: number, edges: readonly WeightedEdge[], maxCardinality: boolean) {
  const weight = new Map<string, number>();
  for (const [i, j, w] of edges) weight.set(`${Math.min(i, j)}-${Math.max(i, j)}`, w);
  let best = { size: 0, weight: 0 };
  const better = (a: typeof best, b: typeof best) =>
    maxCardinality ? a.size > b.size || (a.size === b.size && a.weight > b.weight) : a.weight > b.weight;
  const visit = (used: number, size: number, total: number) => {
    let v = 0;
    while (v < n && used & (1 << v)) v++;
    if (v >= n) {
      if (better({ size, weight: total }, best)) best = { size, weight: total };
      return;
    }
    visit(used | (1 << v), size, total);
    for (let u = v + 1; u < n; u++) {
      const w = weight.get(`${v}-${u}`);
      if (w !== undefined && !(used & (1 << u))) visit(used | (1 << v) | (1 << u), size + 1, total + w);
    }
  };
  visit(0, 0, 0);
  return best;
}

function measure(mate: number[], edges: readonly WeightedEdge[]) {
  const weight = new Map<string, number>();
  for (const [i, j, w] of edges) weight.set(`${Math.min(i, j)}-${Math.max(i, j)}`, w);
  let size = 0;
  let total = 0;
  mate.forEach((u, v) => {
    if (u > v) {
      expect(mate[u]).toBe(v);
      const w = weight.get(`${v}-${u}`);
      expect(w).toBeDefined();
      size += 1;
      total += w as number;
    }
  });
  return { size, weight: total };
}

describe('maxWeightMatching', () => {
  it('matches nothing in a graph without edges', () => {
    expect(maxWeightMatching(3, [])).toEqual([-1, -1, -1]);
  });

  it('takes the heavier of two edges sharing a vertex', () => {
    expect(
      maxWeightMatching(3, [
        [0, 1, 5],
        [1, 2, 11],
      ]),
    ).toEqual([-1, 2, 1]);
  });

  it('prefers two edges over a heavier single one when cardinality comes first', () => {
    const edges: WeightedEdge[] = [
      [0, 1, 2],
      [1, 2, 10],
      [2, 3, 2],
    ];
    expect(maxWeightMatching(4, edges)).toEqual([-1, 2, 1, -1]);
    expect(maxWeightMatching(4, edges, { maxCardinality: true })).toEqual([1, 0, 3, 2]);
  });

  it('finds the optimum through a blossom that must be expanded (S-blossom relabelled as T)', () => {
    const edges: WeightedEdge[] = [
      [1, 2, 23],
      [1, 5, 22],
      [1, 6, 15],
      [2, 3, 25],
      [3, 4, 22],
      [4, 5, 25],
      [4, 8, 14],
      [5, 7, 13],
    ];
    expect(maxWeightMatching(9, edges)).toEqual([-1, 6, 3, 2, 8, 7, 1, 5, 4]);
  });

  it.each([0, 1, 2, 3])('agrees with an exhaustive search on 300 random graphs (seed %i)', (seed) => {
    const random = seededRandom(`graphs-${seed}`);
    for (let round = 0; round < 300; round++) {
      const n = 2 + Math.floor(random() * 9);
      const density = 0.3 + random() * 0.7;
      const maxWeight = [3, 10, 1000][round % 3];
      const edges: WeightedEdge[] = [];
      for (let i = 0; i < n; i++)
        for (let j = i + 1; j < n; j++)
          if (random() < density) edges.push([i, j, 1 + Math.floor(random() * maxWeight)]);
      for (const maxCardinality of [false, true]) {
        const found = measure(maxWeightMatching(n, edges, { maxCardinality }), edges);
        const best = bruteForce(n, edges, maxCardinality);
        // Without maxCardinality, equal weights may come with different sizes.
        const pick = (result: { size: number; weight: number }) =>
          maxCardinality ? result : { weight: result.weight };
        expect({ n, edges, maxCardinality, ...pick(found) }).toEqual({
          n,
          edges,
          maxCardinality,
          ...pick(best),
        });
      }
    }
  });

  it('refuses a weight that is not an integer', () => {
    expect(() => maxWeightMatching(2, [[0, 1, 1.5]])).toThrow('Invalid edge');
  });
});
