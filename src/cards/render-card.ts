import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Template } from 'adaptivecards-templating';
import { cardsDirectory } from '../project-paths';
import type { Translator } from '../i18n/translator';

/** An Adaptive Card as JSON, ready to attach to an activity. */
export type AdaptiveCardJson = Record<string, unknown> & { type: 'AdaptiveCard'; version: string };

export const adaptiveCardContentType = 'application/vnd.microsoft.card.adaptive';

const templates = new Map<string, unknown>();

function loadTemplate(name: string): unknown {
  let template = templates.get(name);
  if (template === undefined) {
    if (!/^[a-z0-9-]+\/[a-z0-9-]+$/.test(name)) throw new Error(`Invalid card template name "${name}"`);
    const file = path.join(cardsDirectory, `${name}.json`);
    template = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    templates.set(name, template);
  }
  return template;
}

/**
 * Renders `cards/<feature>/<name>.json` with `data`. Templates read their texts from the locale
 * catalogue as `${t.<feature>.<key>}`; texts with parameters are computed by the caller and
 * passed in `data`.
 */
export function renderCard(name: string, data: Record<string, unknown>, t: Translator): AdaptiveCardJson {
  const card = new Template(loadTemplate(name)).expand({
    $root: { ...data, t: t.catalogue },
  }) as AdaptiveCardJson;
  if (card?.type !== 'AdaptiveCard')
    throw new Error(`Card template "${name}" did not render an AdaptiveCard`);
  return card;
}
