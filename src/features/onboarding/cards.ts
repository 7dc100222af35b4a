import type { AdaptiveCardJson } from '../../cards/render-card';
import type { MessageKey, Translator } from '../../i18n/translator';
import { renderChooseCard, renderStepEditCard } from './content-forms';
import { renderSectionEditCard } from './booklet-cards';
import type { ContentChoice } from './content-service';
import { renderPathCard, renderStartDateCard } from './path-card';
import type { PathStep } from './path-progress';
import type { BookletSection } from './repository';
import type { PathView, StepToggle } from './service';

/** The path card, or the start date question while the start date is unknown. */
export function renderPathView(t: Translator, path: PathView, notice = ''): AdaptiveCardJson {
  return path.kind === 'startDateNeeded'
    ? renderStartDateCard(t, path.today)
    : renderPathCard(t, { ...path.view, notice });
}

/** What the path card says after a Fait / Annuler click (a stale click says so). */
export function stepToggleNotice(t: Translator, toggle: StepToggle): string {
  const key: MessageKey = toggle.done
    ? toggle.changed
      ? 'onboarding.path.stepDone'
      : 'onboarding.path.stepAlreadyDone'
    : toggle.changed
      ? 'onboarding.path.stepUndone'
      : 'onboarding.path.stepAlreadyUndone';
  return t(key, { step: toggle.step.title });
}

const slugAndTitle = ({ slug, title }: { slug: string; title: string }) => ({ slug, title });

/** The step's form when what was typed named one, otherwise "which step?". */
export function renderStepChoice(
  t: Translator,
  choice: ContentChoice<PathStep>,
  notice = '',
): AdaptiveCardJson {
  if (choice.kind === 'one') return renderStepEditCard(t, choice.item, notice);
  const question = t('onboarding.stepEdit.choose');
  return renderChooseCard(t, question, 'onboarding.step.edit', choice.candidates.map(slugAndTitle), notice);
}

/** The section's form when what was typed named one, otherwise "which section?". */
export function renderSectionChoice(t: Translator, choice: ContentChoice<BookletSection>): AdaptiveCardJson {
  if (choice.kind === 'one') return renderSectionEditCard(t, choice.item);
  const question = t('onboarding.bookletEdit.choose');
  return renderChooseCard(t, question, 'booklet.section.edit', choice.candidates.map(slugAndTitle));
}
