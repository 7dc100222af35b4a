/**
 * The coordinators' dashboard as the API sends it and the tab page reads it: the contract between
 * src/tab/dashboard.ts and public/tab/src/dashboard.ts (types only, so the browser bundle can import it).
 */

export interface Share {
  label: string;
  members: number;
  active: number;
  /** Rounded to the nearest whole percent. */
  percentage: number;
}

/** The network's own figures, computed by the tab from the people core. */
export interface PeopleFigures {
  generatedAt: string;
  headline: Omit<Share, 'label'>;
  /** The seed presentation's headline, shown beside the live figures. */
  reference: Omit<Share, 'label'>;
  byOrganisation: Share[];
  byDirection: Share[];
  groups: Array<{ slug: string; title: string; members: number }>;
  /** Who the bot can write to in private, and why the others cannot. */
  reach: {
    people: number;
    withChat: number;
    toOpen: number;
    blocked: number;
    notFound: number;
    noAddress: number;
  };
}

/**
 * The sections the features contribute, each computed in its slice (`src/features/<slice>/figures.ts`,
 * registered with `tab.figures(section, ...)`). A section is absent when its feature is not installed.
 */
export interface FeatureFigures {
  onboarding: { newcomers: number; complete: number; averagePercentage: number; withOverdueSteps: number };
  /** Ballots over people asked, across the polls open now. */
  polls: { open: number; ballots: number; participation: number };
  /** Digest deliveries, and the channels subscribed to the Info Flash (the other way to reach people). */
  infoFlash: { sent: number; failed: number; waiting: number; channels: number };
  /** Events held, places taken, attendance and no-shows (by organisation too). */
  events: {
    held: number;
    registrations: number;
    attended: number;
    noShows: number;
    attendanceRate: number;
    byOrganisation: Array<{ label: string; registrations: number; attended: number; noShows: number }>;
  };
  /** Meetups ("rencontres"): proposed, held (someone answered "yes"), across directions, across organisations. */
  meetups: {
    optedIn: number;
    formed: number;
    held: number;
    crossDirection: number;
    crossOrganisation: number;
  };
}

export type DashboardFigures = PeopleFigures & Partial<FeatureFigures>;
