/**
 * Throughput and latency of the embedded engine through mongoose (npm run bench): in memory, on disk, and
 * against MONGODB_URI when set. Prints figures only; nothing is asserted.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import mongoose from 'mongoose';
import { startEmbeddedMongo } from '../src/embedded-mongo';
import { percentile } from './support/statistics';

const documentCount = 10_000;
const indexedLookups = 2_000;
const updates = 2_000;
const unindexedLookups = 200;
const orderedReads = 200;
const day = 24 * 60 * 60 * 1000;
const firstDay = Date.UTC(2026, 0, 1);
const insertConcurrency = 4;

interface Measurement {
  target: string;
  operation: string;
  count: number;
  seconds: number;
  latenciesMs: number[];
}

/** Runs `count` operations, `concurrency` at a time, timing each. */
async function measure(
  target: string,
  operation: string,
  count: number,
  run: (index: number) => Promise<unknown>,
  concurrency = 1,
): Promise<Measurement> {
  const latenciesMs: number[] = [];
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < count) {
      const index = next;
      next += 1;
      const begin = performance.now();
      await run(index);
      latenciesMs.push(performance.now() - begin);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { target, operation, count, seconds: (performance.now() - started) / 1000, latenciesMs };
}

const memberSchema = new mongoose.Schema({
  email: { type: String, required: true, unique: true },
  name: String,
  note: String,
  visits: { type: Number, default: 0 },
  /** Indexed: ranges and sorts are served by the engine's ordered keys. */
  joinedAt: { type: Date, index: true },
  /** The same dates without an index: the same reads scan and sort the whole collection. */
  joinedAtCopy: Date,
});

async function benchmark(target: string, uri: string): Promise<Measurement[]> {
  const connection = await mongoose
    .createConnection(uri, { dbName: `bench_${process.pid}_${target.replace(/\W/g, '')}` })
    .asPromise();
  try {
    const Member = connection.model('Member', memberSchema);
    await Member.init();
    const email = (index: number) => `member${index}@orleans.fr`;
    const pick = (index: number) => (index * 7919) % documentCount;
    const results: Measurement[] = [
      await measure(
        target,
        `insert (${insertConcurrency} at a time)`,
        documentCount,
        (index) => {
          const joinedAt = new Date(firstDay + pick(index) * day);
          return Member.create({
            email: email(index),
            name: `Member ${index}`,
            note: `note ${index}`,
            joinedAt,
            joinedAtCopy: joinedAt,
          });
        },
        insertConcurrency,
      ),
      await measure(target, 'findOne by indexed email', indexedLookups, (index) =>
        Member.findOne({ email: email(pick(index)) }).lean(),
      ),
      await measure(target, 'updateOne by indexed email', updates, (index) =>
        Member.updateOne({ email: email(pick(index)) }, { $inc: { visits: 1 } }),
      ),
      await measure(target, 'findOne by unindexed note', unindexedLookups, (index) =>
        Member.findOne({ note: `note ${pick(index)}` }).lean(),
      ),
    ];
    for (const field of ['joinedAt', 'joinedAtCopy'] as const) {
      const kind = field === 'joinedAt' ? 'indexed' : 'unindexed';
      results.push(
        await measure(target, `10-day range on ${kind} date`, orderedReads, (index) => {
          const from = new Date(firstDay + pick(index) * day);
          return Member.find({ [field]: { $gte: from, $lt: new Date(from.getTime() + 10 * day) } }).lean();
        }),
        await measure(target, `latest 10 by ${kind} date`, orderedReads, () =>
          Member.find({})
            .sort({ [field]: -1 })
            .limit(10)
            .lean(),
        ),
      );
    }
    await connection.dropDatabase();
    return results;
  } finally {
    await connection.close();
  }
}

function printTable(measurements: Measurement[]): void {
  const rows = measurements.map((measurement) => {
    const sorted = [...measurement.latenciesMs].sort((a, b) => a - b);
    return [
      measurement.target,
      measurement.operation,
      String(measurement.count),
      (measurement.count / measurement.seconds).toFixed(0),
      percentile(sorted, 0.5).toFixed(2),
      percentile(sorted, 0.99).toFixed(2),
    ];
  });
  const header = ['target', 'operation', 'ops', 'ops/s', 'p50 ms', 'p99 ms'];
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column].length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => (column < 2 ? cell.padEnd(widths[column]) : cell.padStart(widths[column])))
      .join('  ');
  console.log(line(header));
  console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const row of rows) console.log(line(row));
  console.log('');
  for (const target of new Set(measurements.map((measurement) => measurement.target))) {
    const rate = (operation: string) => {
      const found = measurements.find((item) => item.target === target && item.operation === operation);
      return found ? found.count / found.seconds : NaN;
    };
    const ratio = rate('findOne by indexed email') / rate('findOne by unindexed note');
    console.log(`${target}: indexed findOne is ${ratio.toFixed(1)}x the throughput of the unindexed one`);
    const rangeRatio = rate('10-day range on indexed date') / rate('10-day range on unindexed date');
    console.log(
      `${target}: a date range on ${documentCount} documents is read at ${rangeRatio.toFixed(1)}x the throughput when indexed`,
    );
    const sortRatio = rate('latest 10 by indexed date') / rate('latest 10 by unindexed date');
    console.log(
      `${target}: the latest 10 of ${documentCount} documents are read at ${sortRatio.toFixed(1)}x the throughput when indexed`,
    );
  }
}

async function main(): Promise<void> {
  const measurements: Measurement[] = [];

  const inMemory = await startEmbeddedMongo();
  measurements.push(...(await benchmark('embedded, in memory', inMemory.uri)));
  await inMemory.stop();

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'embedded-mongo-bench-'));
  try {
    const onDisk = await startEmbeddedMongo({ dataDir });
    measurements.push(...(await benchmark('embedded, on disk', onDisk.uri)));
    await onDisk.stop();
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }

  const realUri = process.env.MONGODB_URI;
  if (realUri) measurements.push(...(await benchmark('MONGODB_URI', realUri)));

  console.log(`\n${os.cpus().length} CPUs, Node ${process.version}, data dir under ${os.tmpdir()}\n`);
  printTable(measurements);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
