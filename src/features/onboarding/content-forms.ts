import { z } from 'zod';
import { normalizeCommandText } from '../../bot/command-text';
import { involvements, type Involvement, type PathStep } from './path-progress';
import { commaList } from '../../text';

export const slugSchema = z.string().regex(/^[a-z0-9-]{1,60}$/, 'onboarding.path.unknownStep');

/**
 * Largest section text a coordinator can save, in UTF-8 bytes: the edit card carries the whole
 * text in its input, and must stay under Teams' 28 KB card limit with its labels and JSON escaping.
 */
export const maxSectionBodyBytes = 18_000;

const dueDaySchema = z
  .union([
    z.number(),
    z
      .string()
      .trim()
      .regex(/^\d{1,3}$/, 'onboarding.stepEdit.invalidDueDay'),
  ])
  .transform(Number)
  .pipe(
    z
      .number()
      .int('onboarding.stepEdit.invalidDueDay')
      .min(0, 'onboarding.stepEdit.invalidDueDay')
      .max(365, 'onboarding.stepEdit.invalidDueDay'),
  );

/** Input.ChoiceSet with isMultiSelect posts "hrReferent,manager". */
const involvesSchema = z
  .string()
  .max(200, 'onboarding.stepEdit.invalidInvolves')
  .optional()
  .transform((value) => commaList(value ?? ''))
  .pipe(z.array(z.enum(involvements, { error: 'onboarding.stepEdit.invalidInvolves' })))
  .transform((values) => [...new Set(values)] as Involvement[]);

/** What the step form posts. Strings only, so no MongoDB operator can ride along. */
export const stepFormSchema = z
  .object({
    slug: slugSchema,
    title: z
      .string()
      .trim()
      .min(2, 'onboarding.stepEdit.invalidTitle')
      .max(120, 'onboarding.stepEdit.invalidTitle'),
    description: z
      .string()
      .trim()
      .min(1, 'onboarding.stepEdit.invalidDescription')
      .max(1000, 'onboarding.stepEdit.invalidDescription'),
    link: z
      .string()
      .trim()
      .max(500, 'onboarding.stepEdit.invalidLink')
      .refine((value) => value === '' || /^https:\/\/\S+$/.test(value), 'onboarding.stepEdit.invalidLink')
      .optional(),
    dueDay: dueDaySchema,
    involves: involvesSchema,
  })
  .strict();

export function stepChangesFrom(form: z.infer<typeof stepFormSchema>): Omit<PathStep, 'slug' | 'order'> {
  return {
    title: form.title,
    description: form.description,
    ...(form.link ? { link: form.link } : {}),
    dueDay: form.dueDay,
    involves: form.involves,
  };
}

export const sectionFormSchema = z
  .object({
    slug: slugSchema,
    title: z
      .string()
      .trim()
      .min(2, 'onboarding.bookletEdit.invalidTitle')
      .max(120, 'onboarding.bookletEdit.invalidTitle'),
    body: z
      .string()
      .trim()
      .min(1, 'onboarding.bookletEdit.invalidBody')
      .refine((body) => Buffer.byteLength(body) <= maxSectionBodyBytes, 'onboarding.bookletEdit.invalidBody'),
  })
  .strict();

/**
 * The step or section a coordinator means: its slug, or the ones whose title contains what they
 * typed (case and accents ignored). Everything when nothing was typed.
 */
export function matchContent<T extends { slug: string; title: string }>(
  items: readonly T[],
  query: string,
): T[] {
  const folded = normalizeCommandText(query);
  if (!folded) return [...items];
  const bySlug = items.find((item) => item.slug === folded.replace(/\s+/g, '-'));
  if (bySlug) return [bySlug];
  return items.filter((item) => normalizeCommandText(item.title).includes(folded));
}
