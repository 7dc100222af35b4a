import type { PollRecord, Tally } from './repository';

export interface OptionResult {
  id: string;
  label: string;
  count: number;
  /** Share of the ballots holding this option, rounded (several per ballot in multiple choice). */
  percent: number;
  /** A text bar, readable in every Teams client, including the mobile ones. */
  bar: string;
}

export interface PollResults {
  options: OptionResult[];
  ballots: number;
  targets: number;
  /** Ballots over members asked, rounded; 0 when nobody was asked. */
  participationPercent: number;
}

const barCells = 20;

function percentOf(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.round((part / whole) * 100);
}

/** `▓▓▓▓░░░…`: the share of `barCells` cells, never empty for a non-zero count. */
export function textBar(count: number, ballots: number): string {
  const filled = ballots === 0 ? 0 : Math.max(count > 0 ? 1 : 0, Math.round((count / ballots) * barCells));
  return '▓'.repeat(filled) + '░'.repeat(barCells - filled);
}

export function resultsOf(poll: Pick<PollRecord, 'options' | 'targetCount'>, tally: Tally): PollResults {
  return {
    options: poll.options.map((option) => {
      const count = tally.counts.get(option.id) ?? 0;
      return {
        id: option.id,
        label: option.label,
        count,
        percent: percentOf(count, tally.ballots),
        bar: textBar(count, tally.ballots),
      };
    }),
    ballots: tally.ballots,
    targets: poll.targetCount,
    participationPercent: percentOf(tally.ballots, poll.targetCount),
  };
}
