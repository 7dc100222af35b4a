import { isRecordId, recordIdSchema } from '../src/record-id';
import { commaList, foldAccents } from '../src/text';

describe('text helpers', () => {
  it('folds accents and case so "Émilie" matches "emilie"', () => {
    expect(foldAccents('Émilie Lefèvre-Ça')).toBe('emilie lefevre-ca');
  });

  it('reads a comma list without blanks or surrounding spaces', () => {
    expect(commaList(' a, b,,c , ')).toEqual(['a', 'b', 'c']);
    expect(commaList('')).toEqual([]);
  });
});

describe('record ids', () => {
  it('accepts 24 hex characters only', () => {
    expect(isRecordId('0123456789abcdef01234567')).toBe(true);
    expect(isRecordId('0123456789abcdef0123456')).toBe(false);
    expect(isRecordId({ $ne: null })).toBe(false);
    expect(isRecordId('0123456789abcdef0123456z')).toBe(false);
  });

  it('refuses card data that is no id with the given message', () => {
    const parsed = recordIdSchema('polls.problems.outdated').safeParse('nope');
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0].message).toBe('polls.problems.outdated');
  });
});
