import { calculateObjectSize, UUID, type Document } from 'bson';
import { cursorReply } from '../cursors';
import {
  badValue,
  CommandError,
  ErrorCode,
  namespaceExists,
  namespaceNotFound,
  notSupported,
} from '../errors';
import { resolveCollation } from '../collation';
import { formatValue, isPlainObject, valueKey } from '../documents';
import type { IndexSpec } from '../indexes';
import { ID_INDEX_SPEC, type CollectionStore } from '../collection-store';
import { findDocuments } from '../matching';
import { collectionArgument, documentArgument, genericCommandFields, numberArgument } from './arguments';
import type { CommandHandler } from './context';

/** Collection options that would change behaviour the engine does not implement: refused, never ignored. */
const unsupportedCollectionOptions = [
  'capped',
  'viewOn',
  'pipeline',
  'timeseries',
  'validator',
  'clusteredIndex',
  'changeStreamPreAndPostImages',
  'encryptedFields',
  'expireAfterSeconds',
];

const ignoredCreateFields = new Set(['create', ...genericCommandFields]);

const create: CommandHandler = (command, { engine, database }) => {
  const name = collectionArgument(command, 'create');
  for (const option of unsupportedCollectionOptions) {
    if (command[option] !== undefined && command[option] !== false) {
      throw notSupported(`The collection option '${option}'`);
    }
  }
  if (engine.collection(database, name)) throw namespaceExists(`${database}.${name}`);
  resolveCollation(documentArgument(command.collation, 'collation'));
  const options: Document = {};
  for (const key of Object.keys(command)) if (!ignoredCreateFields.has(key)) options[key] = command[key];
  engine.ensureCollection(database, name, options);
  return { ok: 1 };
};

const drop: CommandHandler = (command, { engine, database }) => {
  const name = collectionArgument(command, 'drop');
  const store = engine.collection(database, name);
  const nIndexesWas = store ? store.indexes.size + 1 : 0;
  engine.dropCollection(database, name);
  return { nIndexesWas, ns: `${database}.${name}`, ok: 1 };
};

function describeCollection(store: CollectionStore): Document {
  return {
    name: store.name,
    type: 'collection',
    options: store.options,
    info: { readOnly: false, uuid: new UUID(store.uuid) },
    idIndex: ID_INDEX_SPEC,
  };
}

const listCollections: CommandHandler = (command, { engine, database }) => {
  const filter = documentArgument(command.filter, 'filter') ?? {};
  const described = engine.collections(database).map(describeCollection);
  const matching = findDocuments(described, filter, {});
  const documents = command.nameOnly === true ? matching.map(({ name, type }) => ({ name, type })) : matching;
  const cursor = documentArgument(command.cursor, 'cursor') ?? {};
  const namespace = `${database}.$cmd.listCollections`;
  const batch = engine.cursors.start(namespace, documents, numberArgument(cursor.batchSize, 'batchSize'));
  return cursorReply(namespace, batch, true);
};

function dataSize(store: CollectionStore): number {
  let bytes = 0;
  for (const document of store.documents.values()) bytes += calculateObjectSize(document);
  return bytes;
}

const listDatabases: CommandHandler = (command, { engine }) => {
  const described = engine.databaseNames().map((name) => ({
    name,
    sizeOnDisk: engine.collections(name).reduce((total, store) => total + dataSize(store), 0),
    empty: false,
  }));
  const filter = documentArgument(command.filter, 'filter') ?? {};
  const databases = findDocuments(described, filter, {});
  if (command.nameOnly === true) return { databases: databases.map(({ name }) => ({ name })), ok: 1 };
  const totalSize = databases.reduce((total, entry) => total + Number(entry.sizeOnDisk), 0);
  return { databases, totalSize, totalSizeMb: Math.round(totalSize / 1024 / 1024), ok: 1 };
};

const dropDatabase: CommandHandler = (_command, { engine, database }) => {
  engine.dropDatabase(database);
  return { dropped: database, ok: 1 };
};

const collStats: CommandHandler = (command, { engine, database }) => {
  const name = collectionArgument(command, 'collStats');
  const store = engine.collection(database, name);
  const size = store ? dataSize(store) : 0;
  const count = store?.documents.size ?? 0;
  const indexSizes: Document = {};
  for (const spec of store?.indexSpecs() ?? []) indexSizes[spec.name] = 0;
  return {
    ns: `${database}.${name}`,
    count,
    size,
    avgObjSize: count > 0 ? Math.round(size / count) : 0,
    storageSize: size,
    nindexes: store ? store.indexes.size + 1 : 0,
    totalIndexSize: 0,
    indexSizes,
    ok: 1,
  };
};

const dbStats: CommandHandler = (_command, { engine, database }) => {
  const stores = engine.collections(database);
  const objects = stores.reduce((total, store) => total + store.documents.size, 0);
  const size = stores.reduce((total, store) => total + dataSize(store), 0);
  return {
    db: database,
    collections: stores.length,
    views: 0,
    objects,
    avgObjSize: objects > 0 ? Math.round(size / objects) : 0,
    dataSize: size,
    storageSize: size,
    indexes: stores.reduce((total, store) => total + store.indexes.size + 1, 0),
    indexSize: 0,
    totalSize: size,
    scaleFactor: 1,
    ok: 1,
  };
};

const collModFields = new Set(['collMod', 'index', ...genericCommandFields]);

/** The index a collMod names, by `name` or `keyPattern`. */
function indexToModify(store: CollectionStore, target: Document): IndexSpec {
  const found = [...store.indexes.values()].find((index) =>
    typeof target.name === 'string'
      ? index.name === target.name
      : isPlainObject(target.keyPattern) && valueKey(index.spec.key) === valueKey(target.keyPattern),
  );
  if (!found) {
    throw new CommandError(
      ErrorCode.IndexNotFound,
      `cannot find index ${formatValue(target.name ?? target.keyPattern)} for ns ${store.namespace}`,
    );
  }
  return found.spec;
}

/**
 * `collMod` on an index: hide it from the planner (`hidden`) or change a TTL (`expireAfterSeconds`). Every other
 * collection option (validators, views, capped sizes…) is refused by name, as the engine implements none.
 */
const collMod: CommandHandler = (command, { engine, database }) => {
  const name = collectionArgument(command, 'collMod');
  const store = engine.collection(database, name);
  if (!store) throw namespaceNotFound(`${database}.${name}`);
  for (const field of Object.keys(command)) {
    if (!collModFields.has(field)) throw notSupported(`The collMod option '${field}'`);
  }
  const target = documentArgument(command.index, 'index');
  if (!target) return { ok: 1 };
  for (const field of Object.keys(target)) {
    if (!['name', 'keyPattern', 'hidden', 'expireAfterSeconds'].includes(field)) {
      throw notSupported(`The collMod index option '${field}'`);
    }
  }
  const spec = indexToModify(store, target);
  const next: IndexSpec = { ...spec };
  const reply: Document = {};
  if (target.hidden !== undefined) {
    if (typeof target.hidden !== 'boolean') throw badValue("'hidden' must be a boolean");
    reply.hidden_old = spec.hidden === true;
    reply.hidden_new = target.hidden;
    if (target.hidden) next.hidden = true;
    else delete next.hidden;
  }
  if (target.expireAfterSeconds !== undefined) {
    const seconds = numberArgument(target.expireAfterSeconds, 'expireAfterSeconds') ?? 0;
    if (spec.expireAfterSeconds === undefined) throw badValue('no expireAfterSeconds field to update');
    reply.expireAfterSeconds_old = spec.expireAfterSeconds;
    reply.expireAfterSeconds_new = seconds;
    next.expireAfterSeconds = seconds;
  }
  store.dropIndex(spec.name);
  store.createIndex(next);
  return { ...reply, ok: 1 };
};

export const collectionCommands: Record<string, CommandHandler> = {
  collMod,
  create,
  drop,
  listCollections,
  listDatabases,
  dropDatabase,
  collStats,
  dbStats,
};
