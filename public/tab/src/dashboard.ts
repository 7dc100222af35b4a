import type { DashboardFigures, FeatureFigures, Share } from '../../../src/tab/dashboard-figures';

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

/** Who the bot can write to in private, why the others cannot, and the channels it posts to. */
function reachTable(reach: DashboardFigures['reach'], channels: number | undefined): HTMLElement {
  const share = (count: number) => (reach.people ? (count / reach.people) * 100 : 0);
  const rows: Array<[string, number]> = [
    ['Conversation privée ouverte', reach.withChat],
    ['Joignables (conversation ouverte au premier envoi)', reach.toOpen],
    ['Injoignables : application bloquée ou désinstallée', reach.blocked],
    ['Injoignables : partis de l’organisation', reach.notFound],
    ['Inconnus de Teams (hors des équipes du bot)', reach.noAddress],
  ];
  const channelCount = channels === undefined ? '' : `, ${channels} canal(aux) Info Flash`;
  return table(
    `Joignables en privé (${reach.people} personnes${channelCount})`,
    ['Situation', 'Personnes', 'Graphique'],
    rows.map(([label, count]) => ({ cells: [label, String(count)], percentage: share(count) })),
  );
}

/** The headline figures: active members, the presentation's reference, and the features' highlights. */
function summaryFigures(figures: DashboardFigures): HTMLElement {
  const { headline, reference, onboarding, infoFlash } = figures;
  const summary = node('div', undefined, 'figures');
  summary.append(
    figure(`${headline.percentage} %`, `membres actifs : ${headline.active} sur ${headline.members}`),
    figure(
      `${reference.percentage} %`,
      `repère de la présentation : ${reference.active} actifs sur ${reference.members} cadres`,
    ),
  );
  if (onboarding) {
    summary.append(
      figure(
        `${onboarding.averagePercentage} %`,
        `parcours réalisé en moyenne par ${onboarding.newcomers} nouveaux arrivants`,
      ),
    );
  }
  if (infoFlash) {
    summary.append(
      figure(
        String(infoFlash.failed),
        `envois Info Flash en échec (${infoFlash.sent} réussis, ${infoFlash.waiting} en attente)`,
      ),
    );
  }
  return summary;
}

/** A share of a whole as a bar's percentage, 0 of nothing. */
const shareOf = (part: number, whole: number) => (whole ? (part / whole) * 100 : 0);

/** Each feature's section, drawn only when the feature contributed it. */
const sectionTables: { [Section in keyof Sections]: (figures: Sections[Section]) => HTMLElement } = {
  onboarding: (onboarding) =>
    table(
      'Parcours des nouveaux arrivants',
      ['Nouveaux arrivants', 'Nombre', 'Graphique'],
      [
        {
          cells: ['Parcours terminés', String(onboarding.complete)],
          percentage: shareOf(onboarding.complete, onboarding.newcomers),
        },
        {
          cells: ['Avec une étape en retard', String(onboarding.withOverdueSteps)],
          percentage: shareOf(onboarding.withOverdueSteps, onboarding.newcomers),
        },
      ],
    ),
  polls: (polls) =>
    table(
      'Sondages',
      ['Sondages ouverts', 'Valeur', 'Graphique'],
      [
        {
          cells: [
            `Participation (${polls.ballots} réponse(s), ${polls.open} sondage(s) ouvert(s))`,
            `${polls.participation} %`,
          ],
          percentage: polls.participation,
        },
      ],
    ),
  events: (events) =>
    table(
      `Événements tenus : ${events.held} · ${events.registrations} inscriptions · présence ${events.attendanceRate} %`,
      ['Organisation', 'Inscrits', 'Présents', 'Absents', 'Graphique'],
      events.byOrganisation.map((row) => ({
        cells: [row.label, String(row.registrations), String(row.attended), String(row.noShows)],
        percentage: shareOf(row.attended, row.attended + row.noShows),
      })),
    ),
  infoFlash: (infoFlash) => {
    const deliveries = infoFlash.sent + infoFlash.failed + infoFlash.waiting;
    return table(
      'Envois Info Flash',
      ['État', 'Envois', 'Graphique'],
      [
        { cells: ['Réussis', String(infoFlash.sent)], percentage: shareOf(infoFlash.sent, deliveries) },
        { cells: ['En échec', String(infoFlash.failed)], percentage: shareOf(infoFlash.failed, deliveries) },
        {
          cells: ['En attente', String(infoFlash.waiting)],
          percentage: shareOf(infoFlash.waiting, deliveries),
        },
      ],
    );
  },
  meetups: (meetups) =>
    table(
      `Rencontres (${meetups.optedIn} inscrit(s))`,
      ['Rencontres', 'Nombre', 'Graphique'],
      [
        { cells: ['Proposées', String(meetups.formed)], percentage: meetups.formed ? 100 : 0 },
        { cells: ['Ont eu lieu', String(meetups.held)], percentage: shareOf(meetups.held, meetups.formed) },
        {
          cells: ['… entre directions', String(meetups.crossDirection)],
          percentage: shareOf(meetups.crossDirection, meetups.formed),
        },
        {
          cells: ['… entre Ville et Agglo', String(meetups.crossOrganisation)],
          percentage: shareOf(meetups.crossOrganisation, meetups.formed),
        },
      ],
    ),
};

function sectionTable<Section extends keyof Sections>(
  section: Section,
  figures: Sections[Section] | undefined,
): HTMLElement[] {
  return figures === undefined ? [] : [sectionTables[section](figures)];
}

export function renderDashboard(figures: DashboardFigures): HTMLElement {
  const root = node('div', undefined, 'dashboard');
  root.append(summaryFigures(figures));
  root.append(node('p', 'Actif : membre d’au moins un groupe de travail.', 'note'));
  const shareHeadings = (first: string) => [first, 'Membres', 'Actifs', 'Taux', 'Graphique'];
  root.append(table('Par organisation', shareHeadings('Organisation'), shareRows(figures.byOrganisation)));
  root.append(table('Par direction', shareHeadings('Direction'), shareRows(figures.byDirection)));
  const largest = Math.max(1, ...figures.groups.map((group) => group.members));
  root.append(
    table(
      'Taille des groupes',
      ['Groupe', 'Membres', 'Graphique'],
      figures.groups.map((group) => ({
        cells: [group.title, String(group.members)],
        percentage: Math.round((group.members / largest) * 100),
      })),
    ),
  );
  root.append(
    ...sectionTable('onboarding', figures.onboarding),
    ...sectionTable('polls', figures.polls),
    ...sectionTable('events', figures.events),
    ...sectionTable('infoFlash', figures.infoFlash),
    reachTable(figures.reach, figures.infoFlash?.channels),
    ...sectionTable('meetups', figures.meetups),
  );
  root.append(node('p', `Chiffres du ${new Date(figures.generatedAt).toLocaleString('fr-FR')}.`, 'note'));
  return root;
}
