import type { Document } from 'bson';
import { cursorReply } from '../cursors';
import { badValue, CommandError, ErrorCode, namespaceNotFound, notSupported } from '../errors';
import { resolveCollation } from '../collation';
import { isPlainObject, valueKey } from '../documents';
import { ID_INDEX_NAME, normalizeIndexSpec, sameIndex, type IndexSpec } from '../indexes';
import { arrayArgument, collectionArgument, documentArgument, numberArgument } from './arguments';
import type { CommandHandler } from './context';

const createIndexes: CommandHandler = (command, { engine, database }) => {
  const name = collectionArgument(command, 'createIndexes');
  const specs = arrayArgument(command.indexes, 'indexes').map((raw) => {
    if (!isPlainObject(raw)) throw badValue("'indexes' must contain index specifications");
    return normalizeIndexSpec(raw);
  });
  const createdCollectionAutomatically = engine.collection(database, name) === undefined;
  const store = engine.ensureCollection(database, name);
  const before = store.indexes.size + 1;
  for (const spec of specs) {
    if (isIdIndex(spec)) continue;
    if (spec.unique && resolveCollation(store.options.collation as Document | undefined)) {
      // Uniqueness would have to follow the collation (Ada = ada at strength 2), which the hashed keys do not.
      throw notSupported('A unique index on a collection with a default collation');
    }
    const sameName = store.indexes.get(spec.name);
    if (sameName) {
      if (sameIndex(sameName.spec, spec)) continue;
      throw new CommandError(
        ErrorCode.IndexKeySpecsConflict,
        `An existing index has the same name as the requested index. Requested index: ${describe(spec)}, existing index: ${describe(sameName.spec)}`,
      );
    }
    const sameKey = [...store.indexes.values()].find(
      (index) => valueKey(index.spec.key) === valueKey(spec.key),
    );
    if (sameKey) {
      throw new CommandError(
        ErrorCode.IndexOptionsConflict,
        `Index already exists with a different name: ${sameKey.name}. Requested index: ${describe(spec)}`,
      );
    }
    store.createIndex(spec);
  }
  const after = store.indexes.size + 1;
  return {
    numIndexesBefore: before,
    numIndexesAfter: after,
    createdCollectionAutomatically,
    ...(before === after ? { note: 'all indexes already exist' } : {}),
    ok: 1,
  };
};

function isIdIndex(spec: IndexSpec): boolean {
  return spec.name === ID_INDEX_NAME || valueKey(spec.key) === valueKey({ _id: 1 });
}

function describe(spec: IndexSpec): string {
  return JSON.stringify(spec);
}

const listIndexes: CommandHandler = (command, { engine, database }) => {
  const name = collectionArgument(command, 'listIndexes');
  const store = engine.collection(database, name);
  if (!store) throw namespaceNotFound(`${database}.${name}`);
  const cursor = documentArgument(command.cursor, 'cursor') ?? {};
  const namespace = `${database}.${name}`;
  const batch = engine.cursors.start(
    namespace,
    store.indexSpecs().map((spec) => ({ ...spec }) as Document),
    numberArgument(cursor.batchSize, 'batchSize'),
  );
  return cursorReply(namespace, batch, true);
};

const dropIndexes: CommandHandler = (command, { engine, database }) => {
  const name = collectionArgument(command, 'dropIndexes' in command ? 'dropIndexes' : 'deleteIndexes');
  const store = engine.collection(database, name);
  if (!store) throw namespaceNotFound(`${database}.${name}`);
  const nIndexesWas = store.indexes.size + 1;
  const target = command.index;
  const names: string[] = [];
  if (target === '*') {
    names.push(...store.indexes.keys());
  } else if (typeof target === 'string') {
    names.push(target);
  } else if (Array.isArray(target)) {
    names.push(...target.map(String));
  } else if (isPlainObject(target)) {
    const found = [...store.indexes.values()].find((index) => valueKey(index.spec.key) === valueKey(target));
    if (!found) {
      if (valueKey(target) === valueKey({ _id: 1 })) names.push(ID_INDEX_NAME);
      else
        throw new CommandError(
          ErrorCode.IndexNotFound,
          `can't find index with key: ${JSON.stringify(target)}`,
        );
    } else {
      names.push(found.name);
    }
  } else {
    throw badValue("'index' must be a name, a key pattern, an array of names or '*'");
  }
  for (const indexName of names) {
    if (indexName === ID_INDEX_NAME)
      throw new CommandError(ErrorCode.InvalidOptions, 'cannot drop _id index');
    if (!store.indexes.has(indexName)) {
      throw new CommandError(ErrorCode.IndexNotFound, `index not found with name [${indexName}]`);
    }
  }
  for (const indexName of names) store.dropIndex(indexName);
  return { nIndexesWas, ok: 1 };
};

export const indexCommands: Record<string, CommandHandler> = {
  createIndexes,
  listIndexes,
  dropIndexes,
  deleteIndexes: dropIndexes,
};
