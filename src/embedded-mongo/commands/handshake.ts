import { ObjectId, type Document } from 'bson';
import { badValue, CommandError, ErrorCode, notSupported } from '../errors';
import { genericCommandFields } from './arguments';
import type { CommandHandler } from './context';

/** What the engine claims to be: a MongoDB 7.0 standalone (wire version 21; the driver needs at least 9). */
export const serverLimits = {
  maxBsonObjectSize: 16 * 1024 * 1024,
  maxMessageSizeBytes: 48_000_000,
  maxWriteBatchSize: 100_000,
  minWireVersion: 0,
  maxWireVersion: 21,
  logicalSessionTimeoutMinutes: 30,
} as const;

export const serverVersion = '7.0.0';

/** The single-node replica set the engine presents, so that drivers allow sessions and transactions. */
export const replicaSetName = 'embedded';
const electionId = new ObjectId('7fffffff0000000000000001');

const hello =
  (legacyName: boolean): CommandHandler =>
  (_command, { connection }) => ({
    helloOk: true,
    ...(legacyName ? { ismaster: true } : { isWritablePrimary: true }),
    secondary: false,
    setName: replicaSetName,
    setVersion: 1,
    hosts: [`127.0.0.1:${connection.localPort}`],
    primary: `127.0.0.1:${connection.localPort}`,
    me: `127.0.0.1:${connection.localPort}`,
    electionId,
    ...serverLimits,
    localTime: new Date(),
    connectionId: connection.id,
    readOnly: false,
    ok: 1,
  });

const acknowledge: CommandHandler = () => ({ ok: 1 });

const buildInfo: CommandHandler = () => ({
  version: serverVersion,
  gitVersion: 'embedded',
  versionArray: [7, 0, 0, 0],
  bits: 64,
  debug: false,
  maxBsonObjectSize: serverLimits.maxBsonObjectSize,
  storageEngines: ['embedded'],
  modules: [],
  ok: 1,
});

const parameters: Document = {
  featureCompatibilityVersion: { version: '7.0' },
  authenticationMechanisms: [],
  requireApiVersion: false,
};

const getParameter: CommandHandler = (command, { engine }) => {
  const known: Document = { ...parameters, ...engine.parameters };
  const reply: Document = {};
  for (const name of Object.keys(command)) {
    if (name in known && (command.getParameter === '*' || command[name])) reply[name] = known[name];
  }
  if (command.getParameter === '*') Object.assign(reply, known);
  return { ...reply, ok: 1 };
};

const commandFields = new Set(['setParameter', ...genericCommandFields]);

/** `setParameter`: the TTL monitor's period and switch; any other parameter is refused by name. */
const setParameter: CommandHandler = (command, { engine, database }) => {
  if (database !== 'admin') {
    throw new CommandError(
      ErrorCode.Unauthorized,
      'setParameter may only be run against the admin database.',
    );
  }
  const names = Object.keys(command).filter((name) => !commandFields.has(name));
  if (names.length === 0) throw badValue('no option found to set, use help:true to see options');
  const reply: Document = {};
  for (const name of names) {
    const value = command[name];
    if (name === 'ttlMonitorSleepSecs') {
      if (typeof value !== 'number' || !(value > 0))
        throw badValue('ttlMonitorSleepSecs must be a positive number');
      reply.was = engine.parameters.ttlMonitorSleepSecs;
      engine.parameters.ttlMonitorSleepSecs = value;
    } else if (name === 'ttlMonitorEnabled') {
      if (typeof value !== 'boolean') throw badValue('ttlMonitorEnabled must be a boolean');
      reply.was = engine.parameters.ttlMonitorEnabled;
      engine.parameters.ttlMonitorEnabled = value;
    } else {
      throw notSupported(`The server parameter '${name}' (setParameter)`);
    }
  }
  engine.onParametersChanged();
  return { ...reply, ok: 1 };
};

const hostInfo: CommandHandler = () => ({
  system: { currentTime: new Date(), hostname: '127.0.0.1', cpuArch: process.arch },
  os: { type: process.platform, name: process.platform },
  extra: {},
  ok: 1,
});

const getLog: CommandHandler = (command) =>
  command.getLog === '*' ? { names: ['startupWarnings'], ok: 1 } : { totalLinesWritten: 0, log: [], ok: 1 };

const connectionStatus: CommandHandler = () => ({
  authInfo: { authenticatedUsers: [], authenticatedUserRoles: [] },
  ok: 1,
});

const whatsmyuri: CommandHandler = (_command, { connection }) => ({ you: connection.remoteAddress, ok: 1 });

const serverStatus: CommandHandler = (_command, { engine, connection }) => ({
  host: `127.0.0.1:${connection.localPort}`,
  version: serverVersion,
  process: 'embedded-mongo',
  pid: process.pid,
  uptime: Math.floor((Date.now() - engine.startedAt.getTime()) / 1000),
  localTime: new Date(),
  storageEngine: { name: 'embedded', persistent: engine.log !== undefined },
  ok: 1,
});

export const handshakeCommands: Record<string, CommandHandler> = {
  hello: hello(false),
  isMaster: hello(true),
  ismaster: hello(true),
  ping: acknowledge,
  buildInfo,
  buildinfo: buildInfo,
  getParameter,
  setParameter,
  hostInfo,
  getLog,
  connectionStatus,
  whatsmyuri,
  serverStatus,
  getCmdLineOpts: () => ({ argv: ['embedded-mongo'], parsed: {}, ok: 1 }),
  endSessions: (command, { engine }) => {
    for (const lsid of Array.isArray(command.endSessions) ? command.endSessions : []) {
      const id = (lsid as { id?: { buffer?: Uint8Array } }).id;
      if (id?.buffer) engine.transactions.endSession(Buffer.from(id.buffer).toString('hex'));
    }
    return { ok: 1 };
  },
  killSessions: acknowledge,
  refreshSessions: acknowledge,
  startSession: acknowledge,
  logout: acknowledge,
};
