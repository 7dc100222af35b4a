/**
 * Starts the embedded MongoDB-compatible engine on a fixed port, for `npm start`, mongosh or Compass:
 *   npm run db -- [--port 27017] [--data-dir ./data/]
 */
import { startEmbeddedMongo } from '../src/embedded-mongo';

function readOption(name: string): string | undefined {
  const args = process.argv.slice(2);
  const inline = args.find((arg) => arg.startsWith(`--${name}=`));
  if (inline) return inline.slice(name.length + 3);
  const position = args.indexOf(`--${name}`);
  return position >= 0 ? args[position + 1] : undefined;
}

const log = (level: string) => (objectOrMessage: object | string, message?: string) => {
  const text = typeof objectOrMessage === 'string' ? objectOrMessage : (message ?? '');
  const details = typeof objectOrMessage === 'string' ? '' : ` ${JSON.stringify(objectOrMessage)}`;
  console.log(`[db] ${level} ${text}${details}`);
};

async function main(): Promise<void> {
  const port = Number(readOption('port') ?? process.env.EMBEDDED_MONGO_PORT ?? 27017);
  const dataDir = readOption('data-dir') ?? process.env.EMBEDDED_MONGO_DATA_DIR ?? './data/';
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`invalid --port ${String(port)}`);
  const mongo = await startEmbeddedMongo({
    port,
    dataDir,
    logger: { info: log('info'), warn: log('warn'), error: log('error') },
  });
  console.log(`Embedded MongoDB listening; data in ${dataDir}`);
  console.log(`MONGODB_URI=${mongo.uri}`);
  console.log(`Connect with: mongosh "${mongo.uri}"`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`[db] ${signal} received, stopping`);
    mongo.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
