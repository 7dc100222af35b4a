import { csvCell, toCsv } from '../../../src/features/polls/poll-csv';
import { resultsOf, textBar } from '../../../src/features/polls/poll-results';

describe('poll CSV', () => {
  it('starts with a UTF-8 byte order mark, separates with semicolons and ends lines with CRLF', () => {
    expect(
      toCsv([
        ['Réponse', 'Votes'],
        ['Oui', 3],
      ]),
    ).toBe('\uFEFFRéponse;Votes\r\nOui;3\r\n');
  });

  it('quotes cells holding a separator, a quote or a line break, doubling quotes', () => {
    expect(csvCell('Mardi; matin')).toBe('"Mardi; matin"');
    expect(csvCell('Le "grand" jour')).toBe('"Le ""grand"" jour"');
    expect(csvCell('Ligne 1\nLigne 2')).toBe('"Ligne 1\nLigne 2"');
    expect(csvCell('Mardi, matin')).toBe('Mardi, matin');
    expect(csvCell(' espace ')).toBe('" espace "');
  });

  it('neutralises text a spreadsheet would run as a formula', () => {
    expect(csvCell('=HYPERLINK("http://x","clic")')).toBe('"\'=HYPERLINK(""http://x"",""clic"")"');
    expect(csvCell('+33 6')).toBe("'+33 6");
    expect(csvCell('@moi')).toBe("'@moi");
    expect(csvCell(-3)).toBe('-3');
  });
});

describe('poll results', () => {
  it('gives counts, rounded percentages of ballots, bars and participation', () => {
    const poll = {
      options: [
        { id: 'o1', label: 'A' },
        { id: 'o2', label: 'B' },
        { id: 'o3', label: 'C' },
      ],
      targetCount: 6,
    };
    const results = resultsOf(poll, {
      ballots: 3,
      counts: new Map([
        ['o1', 2],
        ['o2', 1],
      ]),
    });
    expect(results.options.map(({ count, percent }) => [count, percent])).toEqual([
      [2, 67],
      [1, 33],
      [0, 0],
    ]);
    expect(results.options[0].bar).toBe('▓'.repeat(13) + '░'.repeat(7));
    expect(results.participationPercent).toBe(50);
    expect(
      resultsOf({ ...poll, targetCount: 0 }, { ballots: 0, counts: new Map() }).participationPercent,
    ).toBe(0);
  });

  it('never draws an empty bar for an option someone chose', () => {
    expect(textBar(1, 100)).toBe('▓' + '░'.repeat(19));
    expect(textBar(0, 0)).toBe('░'.repeat(20));
  });
});
