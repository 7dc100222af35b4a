import { TabContributions, percentOf, type TabView } from '../../src/tab/contributions';

const view = (name: string, order: number): TabView => ({
  name,
  command: `${name}.show`,
  takesArgument: false,
  label: 'groups.tab.label',
  title: 'groups.tab.title',
  order,
});

describe('TabContributions', () => {
  it('lists the sections by their order, whatever the order the features registered in', () => {
    const tab = new TabContributions();
    tab.view(view('sondages', 50));
    tab.view(view('parcours', 10));
    tab.view(view('groupes', 20));

    expect(tab.listViews().map((section) => section.name)).toEqual(['parcours', 'groupes', 'sondages']);
    expect(tab.findView('groupes')?.command).toBe('groupes.show');
    expect(tab.findView('toString')).toBeUndefined();
  });

  it('refuses a section contributed twice, and a name that is not a URL segment', () => {
    const tab = new TabContributions();
    tab.view(view('groupes', 20));

    expect(() => tab.view(view('groupes', 30))).toThrow('Tab view "groupes" is contributed twice');
    expect(() => tab.view(view('../etc', 30))).toThrow('is not a URL segment');
  });

  it('computes every contributed section with the same members and instant', async () => {
    const tab = new TabContributions();
    const now = new Date('2026-03-02T09:00:00Z');
    tab.figures('polls', async ({ members }) => ({ open: members.length, ballots: 0, participation: 0 }));
    tab.figures('meetups', async (input) => ({
      optedIn: input.now.getUTCDate(),
      formed: 0,
      held: 0,
      crossDirection: 0,
      crossOrganisation: 0,
    }));

    const figures = await tab.computeFigures({ now, members: [] });

    expect(figures).toEqual({
      polls: { open: 0, ballots: 0, participation: 0 },
      meetups: { optedIn: 2, formed: 0, held: 0, crossDirection: 0, crossOrganisation: 0 },
    });
  });

  it('refuses figures contributed twice for one section', () => {
    const tab = new TabContributions();
    const polls = async () => ({ open: 0, ballots: 0, participation: 0 });
    tab.figures('polls', polls);

    expect(() => tab.figures('polls', polls)).toThrow('Dashboard figures "polls" are contributed twice');
  });

  it('rounds percentages to whole numbers and counts nothing out of nothing as 0', () => {
    expect(percentOf(1, 3)).toBe(33);
    expect(percentOf(2, 3)).toBe(67);
    expect(percentOf(0, 0)).toBe(0);
  });
});
