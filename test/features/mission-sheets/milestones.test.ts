import { calendarDayIn } from '../../../src/i18n/calendar';
import {
  formatMilestoneLines,
  isPastMilestone,
  parseMilestoneLines,
} from '../../../src/features/mission-sheets/milestones';
import { buildSheetView } from '../../../src/features/mission-sheets/sheet-view';
import { createTranslator } from '../../../src/i18n/translator';

describe('milestones', () => {
  describe('parseMilestoneLines', () => {
    it('reads one "AAAA-MM-JJ Titre" per line, skips blank lines and sorts by date', () => {
      const { milestones, problems } = parseMilestoneLines(
        '2027-01-19 Troisième JNR\n\n  2026-04-14   Première JNR  \r\n2026-10-13 : Seconde JNR',
      );

      expect(problems).toEqual([]);
      expect(milestones).toEqual([
        { date: '2026-04-14', title: 'Première JNR' },
        { date: '2026-10-13', title: 'Seconde JNR' },
        { date: '2027-01-19', title: 'Troisième JNR' },
      ]);
    });

    it('also understands French dates (JJ/MM/AAAA) and unpadded ISO dates', () => {
      expect(parseMilestoneLines('5/3/2027 Bilan\n2026-6-1 Atelier').milestones).toEqual([
        { date: '2026-06-01', title: 'Atelier' },
        { date: '2027-03-05', title: 'Bilan' },
      ]);
    });

    it('names the line of a milestone without date or title, with an impossible date, or too long', () => {
      const { problems } = parseMilestoneLines(
        ['bientôt Bilan', '2026-02-29 Pas bissextile', '2026-05-01', `2026-05-02 ${'x'.repeat(121)}`].join(
          '\n',
        ),
      );

      expect(problems).toEqual([
        { kind: 'format', line: 1 },
        { kind: 'date', line: 2, date: '2026-02-29' },
        { kind: 'format', line: 3 },
        { kind: 'titleTooLong', line: 4 },
      ]);
    });

    it('accepts 20 milestones and refuses 21', () => {
      const lines = (count: number) =>
        Array.from(
          { length: count },
          (_, index) => `2027-02-${String(index + 1).padStart(2, '0')} Jalon`,
        ).join('\n');

      expect(parseMilestoneLines(lines(20)).problems).toEqual([]);
      expect(parseMilestoneLines(lines(21)).problems).toEqual([{ kind: 'tooMany', count: 21 }]);
    });

    it('round-trips with the lines the edit form shows', () => {
      const text = '2026-04-14 Première JNR\n2027-01-19 Troisième JNR';
      expect(formatMilestoneLines(parseMilestoneLines(text).milestones)).toBe(text);
    });
  });

  describe('past milestones', () => {
    it('counts a milestone as past once its day is over in Paris, not before', () => {
      // 23:30 UTC on 13 April is already 14 April in Paris (UTC+2).
      const today = calendarDayIn(new Date('2026-04-13T23:30:00Z'), 'Europe/Paris');

      expect(today).toBe('2026-04-14');
      expect(isPastMilestone({ date: '2026-04-13', title: 'Veille' }, today)).toBe(true);
      expect(isPastMilestone({ date: '2026-04-14', title: 'Jour J' }, today)).toBe(false);
    });

    it('ticks and greys out past milestones on the sheet, with French dates', () => {
      const view = buildSheetView(
        {
          group: {
            slug: 'bon-accueil',
            title: 'Bon accueil',
            theme: 'Accueil',
            workstreams: [],
            order: 2,
            createdAt: new Date(),
          },
          sheet: {
            groupSlug: 'bon-accueil',
            version: 1,
            status: 'active',
            objective: 'Accueillir',
            context: '',
            deliverables: [],
            milestones: [
              { date: '2026-04-13', title: 'Veille' },
              { date: '2026-04-14', title: 'Jour J' },
            ],
            updatedAt: new Date('2026-01-05T08:00:00Z'),
            updatedBy: { kind: 'system' },
          },
          leadNames: [],
          hrReferentNames: [],
          memberCount: 1,
        },
        {
          canEdit: false,
          now: new Date('2026-04-13T23:30:00Z'),
          timeZone: 'Europe/Paris',
          t: createTranslator('fr'),
        },
      );

      expect(view.milestones).toEqual([
        { mark: '✓', date: '13 avril 2026', title: 'Veille', past: true },
        { mark: '○', date: '14 avril 2026', title: 'Jour J', past: false },
      ]);
      expect(view.updated).toBe('Modifiée le 5 janvier 2026 à 09:00 par Coordination iX');
      expect(view.context).toBe('Pas encore renseigné.');
      expect(view.leads).toBe('À désigner');
      expect(view.memberCount).toBe('1 membre');
    });
  });
});
