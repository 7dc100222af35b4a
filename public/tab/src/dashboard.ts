import type { DashboardFigures, FeatureFigures, Share } from '../../../src/tab/dashboard-figures';
import type { TabPageTexts } from '../../../src/tab/page-texts';
import { format } from './format';

function node<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  text?: string,
  className?: string,
): HTMLElementTagNameMap[K] {
  const created = document.createElement(tag);
  if (text !== undefined) created.textContent = text;
  if (className) created.className = className;
  return created;
}

/** A bar that repeats a value already written as text beside it, hidden from screen readers. */
function bar(percentage: number): HTMLElement {
  const track = node('div', undefined, 'bar');
  track.setAttribute('aria-hidden', 'true');
  const fill = node('span');
  fill.style.width = `${Math.max(0, Math.min(100, percentage))}%`;
  track.append(fill);
  return track;
}

function figure(value: string, label: string): HTMLElement {
  const box = node('div', undefined, 'figure');
  box.append(node('strong', value), node('span', label));
  return box;
}

function table(
  caption: string,
  headings: string[],
  rows: Array<{ cells: string[]; percentage: number }>,
): HTMLElement {
  const chart = node('table', undefined, 'chart');
  chart.append(node('caption', caption));
  const head = node('tr');
  headings.forEach((heading, index) => {
    const cell = node('th', heading, index === headings.length - 1 ? 'bar-cell' : undefined);
    cell.scope = 'col';
    head.append(cell);
  });
  const thead = node('thead');
  thead.append(head);
  chart.append(thead);
  const body = node('tbody');
  for (const row of rows) {
    const line = node('tr');
    const [label, ...numbers] = row.cells;
    const header = node('th', label);
    header.scope = 'row';
    line.append(header, ...numbers.map((value) => node('td', value, 'number')));
    const barCell = node('td', undefined, 'bar-cell');
    barCell.append(bar(row.percentage));
    line.append(barCell);
    body.append(line);
  }
  chart.append(body);
  return chart;
}

const shareRows = (shares: Share[]) =>
  shares.map((share) => ({
    cells: [share.label, String(share.members), String(share.active), `${share.percentage} %`],
    percentage: share.percentage,
  }));

type Sections = Required<Pick<DashboardFigures, keyof FeatureFigures>>;
type Texts = TabPageTexts['dashboard'];

/** Who the bot can write to in private, why the others cannot, and the channels it posts to. */
function reachTable(
  reach: DashboardFigures['reach'],
  channels: number | undefined,
  texts: Texts,
): HTMLElement {
  const share = (count: number) => (reach.people ? (count / reach.people) * 100 : 0);
  const rows: Array<[string, number]> = [
    [texts.withChat, reach.withChat],
    [texts.toOpen, reach.toOpen],
    [texts.blocked, reach.blocked],
    [texts.notFound, reach.notFound],
    [texts.noAddress, reach.noAddress],
  ];
  const caption =
    channels === undefined
      ? format(texts.reachTitle, { people: reach.people })
      : format(texts.reachTitleWithChannels, { people: reach.people, channels });
  return table(
    caption,
    [texts.situation, texts.people, texts.chart],
    rows.map(([label, count]) => ({ cells: [label, String(count)], percentage: share(count) })),
  );
}

/** The headline figures: active members, the presentation's reference, and the features' highlights. */
function summaryFigures(figures: DashboardFigures, texts: Texts): HTMLElement {
  const { headline, reference, onboarding, infoFlash } = figures;
  const summary = node('div', undefined, 'figures');
  summary.append(
    figure(`${headline.percentage} %`, format(texts.activeMembers, headline)),
    figure(`${reference.percentage} %`, format(texts.reference, reference)),
  );
  if (onboarding) {
    summary.append(figure(`${onboarding.averagePercentage} %`, format(texts.pathAverage, onboarding)));
  }
  if (infoFlash) summary.append(figure(String(infoFlash.failed), format(texts.failedDigests, infoFlash)));
  return summary;
}

/** A share of a whole as a bar's percentage, 0 of nothing. */
const shareOf = (part: number, whole: number) => (whole ? (part / whole) * 100 : 0);

/** Each feature's section, drawn only when the feature contributed it. */
const sectionTables: {
  [Section in keyof Sections]: (figures: Sections[Section], texts: Texts) => HTMLElement;
} = {
  onboarding: (onboarding, texts) =>
    table(
      texts.newcomersTitle,
      [texts.newcomers, texts.count, texts.chart],
      [
        {
          cells: [texts.pathsComplete, String(onboarding.complete)],
          percentage: shareOf(onboarding.complete, onboarding.newcomers),
        },
        {
          cells: [texts.withOverdueSteps, String(onboarding.withOverdueSteps)],
          percentage: shareOf(onboarding.withOverdueSteps, onboarding.newcomers),
        },
      ],
    ),
  polls: (polls, texts) =>
    table(
      texts.pollsTitle,
      [texts.openPolls, texts.value, texts.chart],
      [
        {
          cells: [format(texts.participation, polls), `${polls.participation} %`],
          percentage: polls.participation,
        },
      ],
    ),
  events: (events, texts) =>
    table(
      format(texts.eventsTitle, {
        held: events.held,
        registrations: events.registrations,
        rate: events.attendanceRate,
      }),
      [texts.organisation, texts.registered, texts.attended, texts.noShows, texts.chart],
      events.byOrganisation.map((row) => ({
        cells: [row.label, String(row.registrations), String(row.attended), String(row.noShows)],
        percentage: shareOf(row.attended, row.attended + row.noShows),
      })),
    ),
  infoFlash: (infoFlash, texts) => {
    const deliveries = infoFlash.sent + infoFlash.failed + infoFlash.waiting;
    return table(
      texts.digestsTitle,
      [texts.state, texts.deliveries, texts.chart],
      [
        { cells: [texts.sent, String(infoFlash.sent)], percentage: shareOf(infoFlash.sent, deliveries) },
        {
          cells: [texts.failed, String(infoFlash.failed)],
          percentage: shareOf(infoFlash.failed, deliveries),
        },
        {
          cells: [texts.waiting, String(infoFlash.waiting)],
          percentage: shareOf(infoFlash.waiting, deliveries),
        },
      ],
    );
  },
  meetups: (meetups, texts) =>
    table(
      format(texts.meetupsTitle, meetups),
      [texts.meetups, texts.count, texts.chart],
      [
        { cells: [texts.formed, String(meetups.formed)], percentage: meetups.formed ? 100 : 0 },
        { cells: [texts.held, String(meetups.held)], percentage: shareOf(meetups.held, meetups.formed) },
        {
          cells: [texts.crossDirection, String(meetups.crossDirection)],
          percentage: shareOf(meetups.crossDirection, meetups.formed),
        },
        {
          cells: [texts.crossOrganisation, String(meetups.crossOrganisation)],
          percentage: shareOf(meetups.crossOrganisation, meetups.formed),
        },
      ],
    ),
};

function sectionTable<Section extends keyof Sections>(
  section: Section,
  figures: Sections[Section] | undefined,
  texts: Texts,
): HTMLElement[] {
  return figures === undefined ? [] : [sectionTables[section](figures, texts)];
}

/** The network's own tables: active members by organisation and by direction, and group sizes. */
function peopleTables(figures: DashboardFigures, texts: Texts): HTMLElement[] {
  const shareHeadings = (first: string) => [first, texts.members, texts.active, texts.rate, texts.chart];
  const largest = Math.max(1, ...figures.groups.map((group) => group.members));
  return [
    table(texts.byOrganisation, shareHeadings(texts.organisation), shareRows(figures.byOrganisation)),
    table(texts.byDirection, shareHeadings(texts.direction), shareRows(figures.byDirection)),
    table(
      texts.groupSizes,
      [texts.group, texts.members, texts.chart],
      figures.groups.map((group) => ({
        cells: [group.title, String(group.members)],
        percentage: Math.round((group.members / largest) * 100),
      })),
    ),
  ];
}

export function renderDashboard(figures: DashboardFigures, pageTexts: TabPageTexts): HTMLElement {
  const texts = pageTexts.dashboard;
  const root = node('div', undefined, 'dashboard');
  root.append(summaryFigures(figures, texts), node('p', texts.activeMeans, 'note'));
  root.append(
    ...peopleTables(figures, texts),
    ...sectionTable('onboarding', figures.onboarding, texts),
    ...sectionTable('polls', figures.polls, texts),
    ...sectionTable('events', figures.events, texts),
    ...sectionTable('infoFlash', figures.infoFlash, texts),
    reachTable(figures.reach, figures.infoFlash?.channels, texts),
    ...sectionTable('meetups', figures.meetups, texts),
  );
  const generatedAt = new Date(figures.generatedAt).toLocaleString(pageTexts.dateLocale);
  root.append(node('p', format(texts.generatedAt, { date: generatedAt }), 'note'));
  return root;
}
