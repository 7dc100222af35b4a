import type { Document } from 'bson';
import { assignField, formatValue, isPlainObject } from './documents';
import { badValue, CommandError, ErrorCode, notSupported } from './errors';

/**
 * Collations (`{ locale: 'fr', strength: 1 }`) for queries and as a collection's default. Strings are compared
 * through a comparison key: lower-cased below strength 3, without accents at strength 1, with the leading zeros
 * of digit runs removed under numericOrdering. Sorting uses `Intl.Collator` with the same options.
 */
export interface Collation {
  /** BCP 47 form of the locale (`en_US` → `en-US`), as `Intl.Collator` wants it. */
  locale: string;
  strength: 1 | 2 | 3;
  numericOrdering: boolean;
  /** The spec handed to mingo's sort (which builds an `Intl.Collator`). */
  sortSpec: Document;
}

const supportedFields = new Set([
  'locale',
  'strength',
  'numericOrdering',
  'caseFirst',
  'caseLevel',
  'alternate',
  'maxVariable',
  'backwards',
  'normalization',
  'version',
]);

function assertDefault(spec: Document, field: string, allowed: unknown): void {
  if (spec[field] !== undefined && spec[field] !== allowed) {
    throw notSupported(`The collation option ${field}: ${formatValue(spec[field])}`);
  }
}

/** The collation a command asks for, or undefined for the simple (binary) one. */
export function resolveCollation(spec: Document | undefined): Collation | undefined {
  if (!spec) return undefined;
  for (const field of Object.keys(spec)) {
    if (!supportedFields.has(field)) throw badValue(`Unknown collation field '${field}'`);
  }
  if (typeof spec.locale !== 'string') {
    throw new CommandError(ErrorCode.FailedToParse, "Required field 'locale' is missing or not a string");
  }
  if (spec.locale === 'simple') return undefined;
  const locale = spec.locale.replace(/_/g, '-');
  if (Intl.Collator.supportedLocalesOf(locale).length === 0) {
    throw badValue(`Field 'locale' is invalid in: ${formatValue(spec)}`);
  }
  const strength = spec.strength ?? 3;
  if (strength !== 1 && strength !== 2 && strength !== 3)
    throw notSupported(`The collation strength ${formatValue(strength)}`);
  assertDefault(spec, 'caseLevel', false);
  assertDefault(spec, 'alternate', 'non-ignorable');
  assertDefault(spec, 'backwards', false);
  assertDefault(spec, 'maxVariable', 'punct');
  if (spec.caseFirst !== undefined && !['upper', 'lower', 'off'].includes(spec.caseFirst as string)) {
    throw badValue(`Field 'caseFirst' is invalid in: ${formatValue(spec)}`);
  }
  const numericOrdering = spec.numericOrdering === true;
  return {
    locale,
    strength,
    numericOrdering,
    sortSpec: { locale, strength, numericOrdering, ...(spec.caseFirst ? { caseFirst: spec.caseFirst } : {}) },
  };
}

function comparisonKey(text: string, collation: Collation): string {
  let key = text.normalize('NFC');
  if (collation.strength < 3) key = key.toLocaleLowerCase(collation.locale);
  if (collation.strength === 1) key = key.normalize('NFD').replace(/\p{M}/gu, '');
  if (collation.numericOrdering) key = key.replace(/\d+/g, (digits) => digits.replace(/^0+(?=\d)/, ''));
  return key;
}

/** A copy of a value whose strings are replaced by their comparison keys (documents and arrays deeply). */
export function withComparisonKeys<T>(value: T, collation: Collation): T {
  if (typeof value === 'string') return comparisonKey(value, collation) as T;
  if (Array.isArray(value)) return value.map((item) => withComparisonKeys(item, collation)) as T;
  if (isPlainObject(value)) {
    const copy: Document = {};
    for (const key of Object.keys(value)) assignField(copy, key, withComparisonKeys(value[key], collation));
    return copy as T;
  }
  return value;
}

/** Operands that are patterns or type names, never compared under the collation. */
const verbatimOperators = new Set([
  '$regex',
  '$options',
  '$type',
  '$expr',
  '$where',
  '$exists',
  '$size',
  '$mod',
]);
const rangeOperators = new Set(['$gt', '$gte', '$lt', '$lte']);

/** The filter with its string operands replaced by comparison keys, to run against keyed documents. */
export function filterWithComparisonKeys(filter: Document, collation: Collation): Document {
  const keyed: Document = {};
  for (const key of Object.keys(filter)) {
    const value = filter[key];
    if (verbatimOperators.has(key)) {
      keyed[key] = value;
    } else if (rangeOperators.has(key) && typeof value === 'string') {
      // Comparison keys keep equality, not the collation's order.
      throw notSupported(`An ordering comparison (${key}) of strings under a collation`);
    } else if (isPlainObject(value)) {
      keyed[key] = filterWithComparisonKeys(value, collation);
    } else if (Array.isArray(value)) {
      keyed[key] = value.map((item) =>
        isPlainObject(item) ? filterWithComparisonKeys(item, collation) : withComparisonKeys(item, collation),
      );
    } else {
      keyed[key] = withComparisonKeys(value, collation);
    }
  }
  return keyed;
}
