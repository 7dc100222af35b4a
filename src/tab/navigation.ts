import { createTranslator, type Locale } from '../i18n/translator';
import type { MembersRepository } from '../people';
import type { TabContributions } from './contributions';
import type { TabPageTexts } from './page-texts';
import type { TabIdentity } from './sso-token';
import { tabLocale } from './tab-locale';

/** The page's navigation and texts, as the API sends them (the page holds no list of sections). */
export interface TabNavigation {
  /** The sections in order; the first one opens with the tab. */
  views: Array<{ name: string; label: string; title: string }>;
  /** Shown only to those who may read the statistics. */
  dashboard: { label: string; title: string };
  comingSoon: string;
  /** The page's own texts (status lines, the dashboard's labels), with `{placeholders}`. */
  texts: TabPageTexts;
}

/** The sections the features contributed, named in the person's language. */
export function createTabNavigation({
  members,
  contributions,
}: {
  members: Pick<MembersRepository, 'findByIdentity'>;
  contributions: TabContributions;
}) {
  return async (identity: TabIdentity, requested?: Locale): Promise<TabNavigation> => {
    const known = requested ? undefined : await members.findByIdentity({ aadObjectId: identity.aadObjectId });
    const t = createTranslator(tabLocale(requested, known));
    return {
      views: contributions.listViews().map((view) => ({
        name: view.name,
        label: t(view.label),
        title: t(view.title),
      })),
      dashboard: { label: t('tab.dashboard.label'), title: t('tab.dashboard.title') },
      comingSoon: t('tab.comingSoon'),
      texts: t.catalogue.tab.page,
    };
  };
}
