import type { MessageKey } from '../i18n/translator';
import type { MemberRecord } from '../people';
import type { FeatureFigures } from './dashboard-figures';

/**
 * One section of the Mon iX tab, contributed by the feature that owns its command: the tab renders
 * the very cards the bot sends, so chat and tab never drift apart.
 */
export interface TabView {
  /** The section's name in the tab's URLs (`/api/tab/views/<name>`, `?rubrique=<name>`). */
  name: string;
  /**
   * The route key of the bot command that shows the section. A view runs that one command and
   * never parses text (`?arg=publier` once ran `info flash publier`).
   */
  command: string;
  /** Only views that take an argument (the group of a mission sheet) receive one. */
  takesArgument: boolean;
  /** Locale key of the navigation button. */
  label: MessageKey;
  /** Locale key of the section's heading. */
  title: MessageKey;
  /** Place in the navigation, smallest first (the first one opens with the tab). */
  order: number;
}

/** What every section's figures may use, loaded once per dashboard. */
export interface FiguresInput {
  now: Date;
  /** Every member of the network. */
  members: readonly MemberRecord[];
}

export type FiguresSection = keyof FeatureFigures;

type FiguresSource<Section extends FiguresSection> = (
  input: FiguresInput,
) => Promise<FeatureFigures[Section]>;

const viewNamePattern = /^[a-z0-9][a-z0-9-]{0,40}$/;

/**
 * What the features contribute to the tab (its sections and the coordinators' figures), so that a
 * new feature plugs into the tab from its own folder instead of editing a central list here.
 */
export class TabContributions {
  private readonly views = new Map<string, TabView>();
  private readonly figureSources = new Map<FiguresSection, FiguresSource<FiguresSection>>();

  view(view: TabView): void {
    if (!viewNamePattern.test(view.name))
      throw new Error(`Tab view name "${view.name}" is not a URL segment`);
    if (this.views.has(view.name)) throw new Error(`Tab view "${view.name}" is contributed twice`);
    this.views.set(view.name, view);
  }

  figures<Section extends FiguresSection>(section: Section, compute: FiguresSource<Section>): void {
    if (this.figureSources.has(section))
      throw new Error(`Dashboard figures "${section}" are contributed twice`);
    this.figureSources.set(section, compute as FiguresSource<FiguresSection>);
  }

  /** The sections in navigation order. */
  listViews(): TabView[] {
    return [...this.views.values()].sort((a, b) => a.order - b.order);
  }

  findView(name: string): TabView | undefined {
    return this.views.get(name);
  }

  /** Every contributed section's figures, computed side by side. */
  async computeFigures(input: FiguresInput): Promise<Partial<FeatureFigures>> {
    const sections = await Promise.all(
      [...this.figureSources].map(async ([section, compute]) => [section, await compute(input)] as const),
    );
    return Object.fromEntries(sections) as Partial<FeatureFigures>;
  }
}

/** The dashboard's percentages: rounded to the nearest whole percent, 0 of nothing. */
export function percentOf(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.round((part / whole) * 100);
}
