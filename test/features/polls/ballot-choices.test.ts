import { readChoices } from '../../../src/features/polls/ballot-choices';

const options = [
  { id: 'o1', label: 'Mardi, matin' },
  { id: 'o2', label: 'Jeudi' },
  { id: 'o3', label: 'Vendredi' },
];
const single = { options, multiple: false };
const multiple = { options, multiple: true, maxChoices: 2 };

describe('ballot choices', () => {
  it('reads one option id for a single-choice poll', () => {
    expect(readChoices(single, 'o2')).toEqual({ ok: true, choices: ['o2'] });
  });

  it('reads comma-separated ids for multiple choice, in the poll order and without repeats', () => {
    expect(readChoices(multiple, 'o3, o1,o3')).toEqual({ ok: true, choices: ['o1', 'o3'] });
  });

  it('refuses a forged option, even mixed with real ones', () => {
    expect(readChoices(single, 'o9')).toEqual({ ok: false, problem: { key: 'polls.vote.unknownChoice' } });
    expect(readChoices(multiple, 'o1,Jeudi')).toEqual({
      ok: false,
      problem: { key: 'polls.vote.unknownChoice' },
    });
  });

  it('refuses no choice, two choices in a single-choice poll, and more than the maximum', () => {
    expect(readChoices(single, ' ').ok).toBe(false);
    expect(readChoices(single, 'o1,o2')).toEqual({ ok: false, problem: { key: 'polls.vote.oneChoice' } });
    expect(readChoices(multiple, 'o1,o2,o3')).toEqual({
      ok: false,
      problem: { key: 'polls.vote.tooManyChoices', params: { max: 2 } },
    });
    expect(readChoices({ options, multiple: true }, 'o1,o2,o3')).toEqual({
      ok: true,
      choices: ['o1', 'o2', 'o3'],
    });
  });
});
