import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Template } from 'adaptivecards-templating';
import { cardsDirectory } from '../project-paths';
import type { Translator } from '../i18n/translator';

/** An Adaptive Card as JSON, ready to attach to an activity. */
export type AdaptiveCardJson = Record<string, unknown> & { type: 'AdaptiveCard'; version: string };

export const adaptiveCardContentType = 'application/vnd.microsoft.card.adaptive';

/**
 * The templating engine (with its expression parser) adds some 20 MB to the process: it is loaded at
 * the first card rendered rather than at start, which renders none.
 */
let templating: typeof import('adaptivecards-templating') | undefined;

function templatingEngine(): typeof import('adaptivecards-templating') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, synchronously
  templating ??= require('adaptivecards-templating') as typeof import('adaptivecards-templating');
  return templating;
}

/** Parsed templates, kept: building a Template parses its expressions, ~20× the cost of expanding it. */
const templates = new Map<string, Template>();

function loadTemplate(name: string): Template {
  let template = templates.get(name);
  if (template === undefined) {
    if (!/^[a-z0-9-]+\/[a-z0-9-]+$/.test(name)) throw new Error(`Invalid card template name "${name}"`);
    const file = path.join(cardsDirectory, `${name}.json`);
    template = new (templatingEngine().Template)(JSON.parse(readFileSync(file, 'utf8')));
    templates.set(name, template);
  }
  return template;
}

/**
 * `$when` on an object property (e.g. `refresh`) leaves `null` behind; Teams wants it absent.
 * Plain loops: this walks every node of every card, and entries/fromEntries allocated three arrays
 * per object.
 */
function withoutNulls(node: unknown): unknown {
  if (Array.isArray(node)) {
    const items: unknown[] = [];
    for (const item of node) if (item !== null) items.push(withoutNulls(item));
    return items;
  }
  if (node && typeof node === 'object') {
    const copy: Record<string, unknown> = {};
    for (const key of Object.keys(node)) {
      const value = (node as Record<string, unknown>)[key];
      if (value === null) continue;
      const cleaned = withoutNulls(value);
      // A `__proto__` key from the data must stay a plain property, not become the prototype.
      if (key === '__proto__') Object.defineProperty(copy, key, { value: cleaned, enumerable: true });
      else copy[key] = cleaned;
    }
    return copy;
  }
  return node;
}

/** Freezes a rendered card and everything in it (a card is a tree of plain JSON values). */
function deepFreeze<T>(node: T): T {
  if (node && typeof node === 'object' && !Object.isFrozen(node)) {
    Object.freeze(node);
    for (const value of Object.values(node)) deepFreeze(value);
  }
  return node;
}

/**
 * Cards already rendered, by template, locale and data: expanding a template costs far more than
 * reading its data, and many turns render the same card (the help card, a group list in the same
 * state). Templates use only pure functions (`count`, `if`), so the same data always gives the same
 * card. Cards are frozen, so every turn is handed the same one rather than a copy (copying a card
 * cost a write turn about 3 % of its CPU). Bounded; the least recently used card goes first.
 */
const rendered = new Map<string, AdaptiveCardJson>();
const maxRendered = 500;

/** Deeper than any card's data: past it, data is treated as not plain (it may be a cycle). */
const maxPlainDepth = 32;

/**
 * Whether `node` is plain JSON data (no Date, Map, class instance, function, bigint or non-finite
 * number), whose JSON text therefore tells it apart from any other data. A loop rather than a
 * JSON.stringify replacer: the replacer's call per value cost more than the stringify itself.
 */
function isPlainJson(node: unknown, depth = 0): boolean {
  switch (typeof node) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(node);
    case 'object': {
      if (node === null) return true;
      if (depth > maxPlainDepth) return false;
      if (Array.isArray(node)) {
        for (const item of node) if (!isPlainJson(item, depth + 1)) return false;
        return true;
      }
      const prototype = Object.getPrototypeOf(node) as unknown;
      if (prototype !== Object.prototype && prototype !== null) return false;
      for (const key of Object.keys(node)) {
        if (!isPlainJson((node as Record<string, unknown>)[key], depth + 1)) return false;
      }
      return true;
    }
    default:
      return false;
  }
}

/** The memo key, or undefined when `data` is not plain JSON (such data is rendered every time). */
function renderKey(name: string, locale: string, data: Record<string, unknown>): string | undefined {
  return isPlainJson(data) ? `${name}\u0000${locale}\u0000${JSON.stringify(data)}` : undefined;
}

function expandCard(name: string, data: Record<string, unknown>, t: Translator): AdaptiveCardJson {
  const expanded = loadTemplate(name).expand({ $root: { ...data, t: t.catalogue } });
  const card = withoutNulls(expanded) as AdaptiveCardJson;
  if (card?.type !== 'AdaptiveCard')
    throw new Error(`Card template "${name}" did not render an AdaptiveCard`);
  return deepFreeze(card);
}

/**
 * Renders `cards/<feature>/<name>.json` with `data`. Templates read their texts from the locale
 * catalogue as `${t.<feature>.<key>}`; texts with parameters are computed by the caller and
 * passed in `data`. The card is frozen (it may be the one another turn holds): a caller that needs
 * a different card renders it from different data.
 *
 * `refreshUserIds`: who Teams refreshes the card for (Universal Actions' `refresh.userIds`), set
 * on the rendered card's `refresh` when its template has one. It is kept out of the data, hence
 * out of the memo key: a card shown in a 1:1 chat names its one reader, so with the ids in the data
 * every voter's card was a card of its own and half the votes expanded the template again.
 */
export function renderCard(
  name: string,
  data: Record<string, unknown>,
  t: Translator,
  refreshUserIds?: readonly string[],
): AdaptiveCardJson {
  const card = renderSharedCard(name, data, t);
  const refresh = card.refresh as Record<string, unknown> | undefined;
  if (refreshUserIds === undefined || !refresh) return card;
  return deepFreeze({ ...card, refresh: { ...refresh, userIds: [...refreshUserIds] } });
}

function renderSharedCard(name: string, data: Record<string, unknown>, t: Translator): AdaptiveCardJson {
  const key = renderKey(name, t.locale, data);
  if (key === undefined) return expandCard(name, data, t);
  const known = rendered.get(key);
  if (known !== undefined) {
    rendered.delete(key);
    rendered.set(key, known);
    return known;
  }
  const card = expandCard(name, data, t);
  if (rendered.size >= maxRendered) rendered.delete(rendered.keys().next().value as string);
  rendered.set(key, card);
  return card;
}
