/** The node flags `npm start` runs the bot with, so that benchmarks run the bot as it is deployed. */
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** The flags of the start script of the checkout at `root`, unless BENCH_NODE_ARGS says otherwise. */
export function startNodeFlags(root = path.join(__dirname, '..', '..')): string[] {
  if (process.env.BENCH_NODE_ARGS !== undefined)
    return process.env.BENCH_NODE_ARGS.split(' ').filter(Boolean);
  const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  const command = /\bnode ((?:--\S+ )*)dist\/src\/index\.js/.exec(manifest.scripts.start);
  if (!command) throw new Error('The start script does not run "node [flags] dist/src/index.js"');
  return command[1].split(' ').filter(Boolean);
}
