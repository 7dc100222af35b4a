import { AppError } from '../../../src/errors';
import { currentBallotKeyId, voterKeyOf } from '../../../src/features/polls/voter-key';

describe('voterKeyOf', () => {
  const k1 = { id: 'k1', secret: 'a'.repeat(32) };
  const k2 = { id: 'k2', secret: 'b'.repeat(32) };
  const openedWithK1 = { id: 'poll-1', anonymous: true, ballotKeyId: 'k1' };

  it('uses the member id for named polls', () => {
    expect(voterKeyOf({ id: 'poll-1', anonymous: false }, 'member-1', [k1])).toBe('member-1');
  });

  it('prefixes anonymous keys with the id of the key the poll was opened with', () => {
    expect(voterKeyOf(openedWithK1, 'member-1', [k1])).toMatch(/^k1:[0-9a-f]{64}$/);
  });

  it('gives the same key after a rotation, so nobody votes twice in a poll already open', () => {
    const before = voterKeyOf(openedWithK1, 'member-1', [k1]);
    const afterRotation = voterKeyOf(openedWithK1, 'member-1', [k2, k1]);
    expect(afterRotation).toBe(before);
    expect(currentBallotKeyId([k2, k1])).toBe('k2');
  });

  it('gives different people different keys, and the same person different keys in different polls', () => {
    const one = voterKeyOf(openedWithK1, 'member-1', [k1]);
    expect(voterKeyOf(openedWithK1, 'member-2', [k1])).not.toBe(one);
    expect(voterKeyOf({ ...openedWithK1, id: 'poll-2' }, 'member-1', [k1])).not.toBe(one);
  });

  it('refuses to guess when the poll’s key was removed from POLL_BALLOT_KEY', () => {
    expect(() => voterKeyOf(openedWithK1, 'member-1', [k2])).toThrow(AppError);
  });

  it('keeps the bare keys of polls opened before keys had ids (k0)', () => {
    const legacy = { id: 'poll-0', anonymous: true };
    expect(voterKeyOf(legacy, 'member-1', [k2, { id: 'k0', secret: 'c'.repeat(32) }])).toMatch(
      /^[0-9a-f]{64}$/,
    );
  });
});
