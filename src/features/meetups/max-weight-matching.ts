/**
 * Maximum-weight matching in a general graph: Edmonds' blossom algorithm with dual variables,
 * O(n³), after Joris van Rantwijk's public-domain formulation (Galil, "Efficient algorithms for
 * finding maximum matching in graphs", 1986). Written here because the npm ports are unmaintained.
 *
 * Vertices are 0..n-1; an edge is [i, j, weight]. With `maxCardinality`, the matching has the
 * most edges possible and, among those, the greatest weight. Weights must be integers whose sum
 * stays below 2^50: every quantity is then a multiple of ½ held exactly by a double.
 *
 * Vocabulary of the algorithm: an "endpoint" p is edge p>>1 seen from vertex endpoint[p]; its
 * other end is p^1. Labels: S = 1, T = 2, 5 marks a blossom while scanning for a common base.
 */
export type WeightedEdge = readonly [number, number, number];

const S = 1;
const T = 2;

/** Python-style index: negative counts from the end (the algorithm walks blossoms both ways). */
function at<V>(list: readonly V[], index: number): V {
  return list[index < 0 ? index + list.length : index];
}

/**
 * How to walk a blossom's cycle from child `index` back to its base (index 0): forwards from an
 * odd position, backwards from an even one, so that the path to the base has even length.
 * `endptrick` picks which endpoint of each cycle edge faces the walk.
 */
function walkToBase(index: number, length: number): { j: number; jstep: number; endptrick: number } {
  return index & 1 ? { j: index - length, jstep: 1, endptrick: 0 } : { j: index, jstep: -1, endptrick: 1 };
}

class BlossomMatcher {
  private readonly nvertex: number;
  /** Typed copies of the hot data: the neighbour scan reads them n³ times. */
  private readonly endpoint: Int32Array;
  private readonly weight: Float64Array;
  private readonly neighbend: number[][];
  private readonly mate: number[];
  private readonly label: Int32Array;
  private readonly labelend: number[];
  private readonly inblossom: Int32Array;
  private readonly blossomparent: number[];
  private readonly blossomchilds: Array<number[] | undefined>;
  private readonly blossombase: number[];
  private readonly blossomendps: Array<number[] | undefined>;
  private readonly bestedge: number[];
  private readonly blossombestedges: Array<number[] | undefined>;
  private readonly unusedblossoms: number[];
  private readonly dualvar: Float64Array;
  private readonly allowedge: Uint8Array;
  private queue: number[] = [];

  constructor(
    private readonly edges: readonly WeightedEdge[],
    vertexCount: number,
    private readonly maxCardinality: boolean,
  ) {
    const n = vertexCount;
    this.nvertex = n;
    const maxweight = Math.max(0, ...edges.map((edge) => edge[2]));
    this.endpoint = Int32Array.from(edges.flatMap(([i, j]) => [i, j]));
    this.weight = Float64Array.from(edges.map((edge) => edge[2]));
    this.neighbend = Array.from({ length: n }, () => []);
    edges.forEach(([i, j], k) => {
      this.neighbend[i].push(2 * k + 1);
      this.neighbend[j].push(2 * k);
    });
    this.mate = new Array<number>(n).fill(-1);
    this.label = new Int32Array(2 * n);
    this.labelend = new Array<number>(2 * n).fill(-1);
    this.inblossom = Int32Array.from({ length: n }, (_, v) => v);
    this.blossomparent = new Array<number>(2 * n).fill(-1);
    this.blossomchilds = new Array<number[] | undefined>(2 * n).fill(undefined);
    this.blossombase = [...Array.from({ length: n }, (_, v) => v), ...new Array<number>(n).fill(-1)];
    this.blossomendps = new Array<number[] | undefined>(2 * n).fill(undefined);
    this.bestedge = new Array<number>(2 * n).fill(-1);
    this.blossombestedges = new Array<number[] | undefined>(2 * n).fill(undefined);
    this.unusedblossoms = Array.from({ length: n }, (_, index) => n + index);
    this.dualvar = new Float64Array(2 * n).fill(maxweight, 0, n);
    this.allowedge = new Uint8Array(edges.length);
  }

  private slack(k: number): number {
    return this.dualvar[this.endpoint[2 * k]] + this.dualvar[this.endpoint[2 * k + 1]] - 2 * this.weight[k];
  }

  private leaves(b: number): number[] {
    if (b < this.nvertex) return [b];
    return (this.blossomchilds[b] ?? []).flatMap((child) => this.leaves(child));
  }

  private assignLabel(w: number, t: number, p: number): void {
    const b = this.inblossom[w];
    this.label[w] = this.label[b] = t;
    this.labelend[w] = this.labelend[b] = p;
    this.bestedge[w] = this.bestedge[b] = -1;
    if (t === S) {
      this.queue.push(...this.leaves(b));
    } else {
      const base = this.blossombase[b];
      this.assignLabel(this.endpoint[this.mate[base]], S, this.mate[base] ^ 1);
    }
  }

  /** Traces back from v and w to find a new blossom's base, or -1 for an augmenting path. */
  private scanBlossom(v: number, w: number): number {
    const path: number[] = [];
    let base = -1;
    while (v !== -1 || w !== -1) {
      let b = this.inblossom[v];
      if (this.label[b] & 4) {
        base = this.blossombase[b];
        break;
      }
      path.push(b);
      this.label[b] = 5;
      if (this.labelend[b] === -1) {
        v = -1;
      } else {
        v = this.endpoint[this.labelend[b]];
        b = this.inblossom[v];
        v = this.endpoint[this.labelend[b]];
      }
      if (w !== -1) [v, w] = [w, v];
    }
    for (const b of path) this.label[b] = S;
    return base;
  }

  /** Shrinks the odd cycle closed by edge k (through `base`) into a new S-blossom. */
  private addBlossom(base: number, k: number): void {
    let [v, w] = this.edges[k];
    const bb = this.inblossom[base];
    let bv = this.inblossom[v];
    let bw = this.inblossom[w];
    const b = this.unusedblossoms.pop() as number;
    this.blossombase[b] = base;
    this.blossomparent[b] = -1;
    this.blossomparent[bb] = b;
    const path: number[] = [];
    const endps: number[] = [];
    while (bv !== bb) {
      this.blossomparent[bv] = b;
      path.push(bv);
      endps.push(this.labelend[bv]);
      v = this.endpoint[this.labelend[bv]];
      bv = this.inblossom[v];
    }
    path.push(bb);
    path.reverse();
    endps.reverse();
    endps.push(2 * k);
    while (bw !== bb) {
      this.blossomparent[bw] = b;
      path.push(bw);
      endps.push(this.labelend[bw] ^ 1);
      w = this.endpoint[this.labelend[bw]];
      bw = this.inblossom[w];
    }
    this.blossomchilds[b] = path;
    this.blossomendps[b] = endps;
    this.label[b] = S;
    this.labelend[b] = this.labelend[bb];
    this.dualvar[b] = 0;
    for (const leaf of this.leaves(b)) {
      if (this.label[this.inblossom[leaf]] === T) this.queue.push(leaf);
      this.inblossom[leaf] = b;
    }
    this.computeBlossomBestEdges(b, path);
  }

  /** The least-slack edge from the new blossom to each neighbouring S-blossom. */
  private computeBlossomBestEdges(b: number, path: readonly number[]): void {
    const bestedgeto = new Array<number>(2 * this.nvertex).fill(-1);
    for (const child of path) {
      const lists = this.blossombestedges[child]
        ? [this.blossombestedges[child] as number[]]
        : this.leaves(child).map((leaf) => this.neighbend[leaf].map((p) => p >> 1));
      for (const list of lists) {
        for (const k of list) {
          let [i, j] = this.edges[k];
          if (this.inblossom[j] === b) [i, j] = [j, i];
          const bj = this.inblossom[j];
          if (
            bj !== b &&
            this.label[bj] === S &&
            (bestedgeto[bj] === -1 || this.slack(k) < this.slack(bestedgeto[bj]))
          ) {
            bestedgeto[bj] = k;
          }
        }
      }
      this.blossombestedges[child] = undefined;
      this.bestedge[child] = -1;
    }
    const best = bestedgeto.filter((k) => k !== -1);
    this.blossombestedges[b] = best;
    this.bestedge[b] = -1;
    for (const k of best) {
      if (this.bestedge[b] === -1 || this.slack(k) < this.slack(this.bestedge[b])) this.bestedge[b] = k;
    }
  }

  /** Undoes a blossom; mid-stage, relabels the children of a T-blossom along its path. */
  private expandBlossom(b: number, endstage: boolean): void {
    for (const s of this.blossomchilds[b] as number[]) {
      this.blossomparent[s] = -1;
      if (s < this.nvertex) this.inblossom[s] = s;
      else if (endstage && this.dualvar[s] === 0) this.expandBlossom(s, endstage);
      else for (const leaf of this.leaves(s)) this.inblossom[leaf] = s;
    }
    if (!endstage && this.label[b] === T) this.relabelExpandedChildren(b);
    this.label[b] = this.labelend[b] = -1;
    this.blossomchilds[b] = this.blossomendps[b] = undefined;
    this.blossombase[b] = -1;
    this.blossombestedges[b] = undefined;
    this.bestedge[b] = -1;
    this.unusedblossoms.push(b);
  }

  private relabelExpandedChildren(b: number): void {
    const childs = this.blossomchilds[b] as number[];
    const endps = this.blossomendps[b] as number[];
    const entrychild = this.inblossom[this.endpoint[this.labelend[b] ^ 1]];
    const walk = walkToBase(childs.indexOf(entrychild), childs.length);
    let j = walk.j;
    const { jstep, endptrick } = walk;
    let p = this.labelend[b];
    while (j !== 0) {
      this.label[this.endpoint[p ^ 1]] = 0;
      this.label[this.endpoint[at(endps, j - endptrick) ^ endptrick ^ 1]] = 0;
      this.assignLabel(this.endpoint[p ^ 1], T, p);
      this.allowedge[at(endps, j - endptrick) >> 1] = 1;
      j += jstep;
      p = at(endps, j - endptrick) ^ endptrick;
      this.allowedge[p >> 1] = 1;
      j += jstep;
    }
    const bv = at(childs, j);
    this.label[this.endpoint[p ^ 1]] = this.label[bv] = T;
    this.labelend[this.endpoint[p ^ 1]] = this.labelend[bv] = p;
    this.bestedge[bv] = -1;
    j += jstep;
    while (at(childs, j) !== entrychild) {
      const child = at(childs, j);
      if (this.label[child] === S) {
        j += jstep;
        continue;
      }
      const labelled = this.leaves(child).find((leaf) => this.label[leaf] !== 0);
      if (labelled !== undefined) {
        this.label[labelled] = 0;
        this.label[this.endpoint[this.mate[this.blossombase[child]]]] = 0;
        this.assignLabel(labelled, T, this.labelend[labelled]);
      }
      j += jstep;
    }
  }

  /** Swaps matched and unmatched edges inside blossom b so that vertex v becomes its base. */
  private augmentBlossom(b: number, v: number): void {
    let t = v;
    while (this.blossomparent[t] !== b) t = this.blossomparent[t];
    if (t >= this.nvertex) this.augmentBlossom(t, v);
    const childs = this.blossomchilds[b] as number[];
    const endps = this.blossomendps[b] as number[];
    const i = childs.indexOf(t);
    const walk = walkToBase(i, childs.length);
    let j = walk.j;
    const { jstep, endptrick } = walk;
    while (j !== 0) {
      j += jstep;
      t = at(childs, j);
      const p = at(endps, j - endptrick) ^ endptrick;
      if (t >= this.nvertex) this.augmentBlossom(t, this.endpoint[p]);
      j += jstep;
      t = at(childs, j);
      if (t >= this.nvertex) this.augmentBlossom(t, this.endpoint[p ^ 1]);
      this.mate[this.endpoint[p]] = p ^ 1;
      this.mate[this.endpoint[p ^ 1]] = p;
    }
    this.blossomchilds[b] = [...childs.slice(i), ...childs.slice(0, i)];
    this.blossomendps[b] = [...endps.slice(i), ...endps.slice(0, i)];
    this.blossombase[b] = this.blossombase[(this.blossomchilds[b] as number[])[0]];
  }

  /** Flips the augmenting path through edge k: one more matched edge. */
  private augmentMatching(k: number): void {
    const [v, w] = this.edges[k];
    for (let [s, p] of [
      [v, 2 * k + 1],
      [w, 2 * k],
    ]) {
      for (;;) {
        const bs = this.inblossom[s];
        if (bs >= this.nvertex) this.augmentBlossom(bs, s);
        this.mate[s] = p;
        if (this.labelend[bs] === -1) break;
        const t = this.endpoint[this.labelend[bs]];
        const bt = this.inblossom[t];
        s = this.endpoint[this.labelend[bt]];
        const j = this.endpoint[this.labelend[bt] ^ 1];
        if (bt >= this.nvertex) this.augmentBlossom(bt, j);
        this.mate[j] = this.labelend[bt];
        p = this.labelend[bt] ^ 1;
      }
    }
  }

  /** Grows the alternating forest from the queued S-vertices; true when it augmented. */
  private scanQueue(): boolean {
    while (this.queue.length > 0) {
      const v = this.queue.pop() as number;
      for (const p of this.neighbend[v]) {
        const k = p >> 1;
        const w = this.endpoint[p];
        if (this.inblossom[v] === this.inblossom[w]) continue;
        let kslack = 0;
        if (!this.allowedge[k]) {
          kslack = this.slack(k);
          if (kslack <= 0) this.allowedge[k] = 1;
        }
        if (this.allowedge[k]) {
          if (this.label[this.inblossom[w]] === 0) {
            this.assignLabel(w, T, p ^ 1);
          } else if (this.label[this.inblossom[w]] === S) {
            const base = this.scanBlossom(v, w);
            if (base >= 0) this.addBlossom(base, k);
            else {
              this.augmentMatching(k);
              return true;
            }
          } else if (this.label[w] === 0) {
            this.label[w] = T;
            this.labelend[w] = p ^ 1;
          }
        } else if (this.label[this.inblossom[w]] === S) {
          const b = this.inblossom[v];
          if (this.bestedge[b] === -1 || kslack < this.slack(this.bestedge[b])) this.bestedge[b] = k;
        } else if (this.label[w] === 0) {
          if (this.bestedge[w] === -1 || kslack < this.slack(this.bestedge[w])) this.bestedge[w] = k;
        }
      }
    }
    return false;
  }

  /** The largest dual change that keeps every constraint, and what it unlocks. */
  private chooseDelta(): { type: number; delta: number; edge: number; blossom: number } {
    const n = this.nvertex;
    let type = -1;
    let delta = 0;
    let edge = -1;
    let blossom = -1;
    if (!this.maxCardinality) {
      type = 1;
      delta = Math.min(...this.dualvar.subarray(0, n));
    }
    for (let v = 0; v < n; v++) {
      if (this.label[this.inblossom[v]] === 0 && this.bestedge[v] !== -1) {
        const d = this.slack(this.bestedge[v]);
        if (type === -1 || d < delta) [delta, type, edge] = [d, 2, this.bestedge[v]];
      }
    }
    for (let b = 0; b < 2 * n; b++) {
      if (this.blossomparent[b] === -1 && this.label[b] === S && this.bestedge[b] !== -1) {
        const d = this.slack(this.bestedge[b]) / 2;
        if (type === -1 || d < delta) [delta, type, edge] = [d, 3, this.bestedge[b]];
      }
    }
    for (let b = n; b < 2 * n; b++) {
      if (
        this.blossombase[b] >= 0 &&
        this.blossomparent[b] === -1 &&
        this.label[b] === T &&
        (type === -1 || this.dualvar[b] < delta)
      ) {
        [delta, type, blossom] = [this.dualvar[b], 4, b];
      }
    }
    if (type === -1) [type, delta] = [1, Math.max(0, Math.min(...this.dualvar.subarray(0, n)))];
    return { type, delta, edge, blossom };
  }

  private applyDelta(delta: number): void {
    const n = this.nvertex;
    for (let v = 0; v < n; v++) {
      const label = this.label[this.inblossom[v]];
      if (label === S) this.dualvar[v] -= delta;
      else if (label === T) this.dualvar[v] += delta;
    }
    for (let b = n; b < 2 * n; b++) {
      if (this.blossombase[b] >= 0 && this.blossomparent[b] === -1) {
        if (this.label[b] === S) this.dualvar[b] += delta;
        else if (this.label[b] === T) this.dualvar[b] -= delta;
      }
    }
  }

  /** One stage: grows trees until an augmenting path is found (true) or none can be (false). */
  private runStage(): boolean {
    const n = this.nvertex;
    this.label.fill(0);
    this.bestedge.fill(-1);
    for (let b = n; b < 2 * n; b++) this.blossombestedges[b] = undefined;
    this.allowedge.fill(0);
    this.queue = [];
    for (let v = 0; v < n; v++) {
      if (this.mate[v] === -1 && this.label[this.inblossom[v]] === 0) this.assignLabel(v, S, -1);
    }
    for (;;) {
      if (this.scanQueue()) return true;
      const { type, delta, edge, blossom } = this.chooseDelta();
      this.applyDelta(delta);
      if (type === 1) return false;
      if (type === 2 || type === 3) {
        this.allowedge[edge] = 1;
        const [i, j] = this.edges[edge];
        // The end inside the forest (an S-vertex) is scanned again.
        this.queue.push(type === 2 && this.label[this.inblossom[i]] === 0 ? j : i);
      } else {
        this.expandBlossom(blossom, false);
      }
    }
  }

  run(): number[] {
    const n = this.nvertex;
    for (let stage = 0; stage < n; stage++) {
      if (!this.runStage()) break;
      // Blossoms whose dual reached zero are expanded between stages.
      for (let b = n; b < 2 * n; b++) {
        if (
          this.blossomparent[b] === -1 &&
          this.blossombase[b] >= 0 &&
          this.label[b] === S &&
          this.dualvar[b] === 0
        ) {
          this.expandBlossom(b, true);
        }
      }
    }
    return this.mate.map((p) => (p >= 0 ? this.endpoint[p] : -1));
  }
}

/**
 * The matching as `mate[v]` (the vertex matched to v, or -1). Deterministic: the same edges in
 * the same order give the same matching.
 */
export function maxWeightMatching(
  vertexCount: number,
  edges: readonly WeightedEdge[],
  options: { maxCardinality?: boolean } = {},
): number[] {
  for (const [i, j, weight] of edges) {
    if (!Number.isInteger(weight) || i === j || i < 0 || j < 0 || i >= vertexCount || j >= vertexCount) {
      throw new Error(`Invalid edge [${i}, ${j}, ${weight}]`);
    }
  }
  if (edges.length === 0) return new Array<number>(vertexCount).fill(-1);
  return new BlossomMatcher(edges, vertexCount, options.maxCardinality ?? false).run();
}
