import { AppError } from '../../errors';
import type { Logger } from '../../logging';
import { ensureAllowed, type Actor } from '../../people';
import { matchContent } from './content-forms';
import type { PathStep } from './path-progress';
import { onboardingPermissions } from './permissions';
import type { BookletSection, OnboardingRepository } from './repository';
import { requireStep } from './service';

/**
 * Coordinators edit the path and the booklet. Steps keep their slug when edited, so nobody's
 * ticks are lost. Every function checks the permission from the stored roles of who clicked.
 */
export interface ContentDependencies {
  onboarding: OnboardingRepository;
  log: Pick<Logger, 'info'>;
}

/** One item when what was typed names exactly one, otherwise the candidates to choose from. */
export type ContentChoice<T> = { kind: 'one'; item: T } | { kind: 'choose'; candidates: T[] };

function choiceOf<T extends { slug: string; title: string }>(items: T[], query: string): ContentChoice<T> {
  const matches = matchContent(items, query);
  if (matches.length === 1 && query.trim()) return { kind: 'one', item: matches[0] };
  return { kind: 'choose', candidates: matches.length > 0 ? matches : items };
}

export function ensureContentEditor(actor: Actor): void {
  ensureAllowed(actor, onboardingPermissions.manageOnboardingContent);
}

export async function chooseStep(
  deps: ContentDependencies,
  actor: Actor,
  query: string,
): Promise<ContentChoice<PathStep>> {
  ensureContentEditor(actor);
  return choiceOf(await deps.onboarding.listSteps(), query);
}

export async function stepToEdit(deps: ContentDependencies, actor: Actor, slug: string): Promise<PathStep> {
  ensureContentEditor(actor);
  return requireStep(deps.onboarding, slug);
}

export async function saveStep(
  deps: ContentDependencies,
  actor: Actor,
  edit: { slug: string; changes: Omit<PathStep, 'slug' | 'order'> },
  now: Date,
): Promise<PathStep> {
  ensureContentEditor(actor);
  const step = await deps.onboarding.updateStep(edit.slug, edit.changes, actor.member.id, now);
  if (!step) throw new AppError('NOT_FOUND', { what: { messageKey: 'onboarding.path.unknownStep' } });
  deps.log.info({ step: step.slug, by: actor.member.id }, 'onboarding step edited');
  return step;
}

/** Removes the step; returns it (for the notice) and the path left to choose from. */
export async function removeStep(
  deps: ContentDependencies,
  actor: Actor,
  slug: string,
): Promise<{ removed: PathStep; steps: PathStep[] }> {
  ensureContentEditor(actor);
  const removed = await requireStep(deps.onboarding, slug);
  await deps.onboarding.removeStep(removed.slug);
  deps.log.info({ step: removed.slug, by: actor.member.id }, 'onboarding step removed');
  return { removed, steps: await deps.onboarding.listSteps() };
}

export async function chooseSection(
  deps: ContentDependencies,
  actor: Actor,
  query: string,
): Promise<ContentChoice<BookletSection>> {
  ensureContentEditor(actor);
  return choiceOf(await deps.onboarding.listSections(), query);
}

async function requireSection(onboarding: OnboardingRepository, slug: string): Promise<BookletSection> {
  const section = await onboarding.findSection(slug);
  if (!section)
    throw new AppError('NOT_FOUND', { what: { messageKey: 'onboarding.booklet.unknownSection' } });
  return section;
}

export async function sectionToEdit(
  deps: ContentDependencies,
  actor: Actor,
  slug: string,
): Promise<BookletSection> {
  ensureContentEditor(actor);
  return requireSection(deps.onboarding, slug);
}

/** Saves a section; returns it and the whole booklet, which the card shows it in. */
export async function saveSection(
  deps: ContentDependencies,
  actor: Actor,
  edit: { slug: string; title: string; body: string },
  now: Date,
): Promise<{ section: BookletSection; sections: BookletSection[] }> {
  ensureContentEditor(actor);
  const section = await deps.onboarding.updateSection(
    edit.slug,
    { title: edit.title, body: edit.body },
    actor.member.id,
    now,
  );
  if (!section)
    throw new AppError('NOT_FOUND', { what: { messageKey: 'onboarding.booklet.unknownSection' } });
  deps.log.info({ section: section.slug, by: actor.member.id }, 'booklet section edited');
  return { section, sections: await deps.onboarding.listSections() };
}
