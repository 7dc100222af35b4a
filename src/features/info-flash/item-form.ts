import { z } from 'zod';
import type { ItemContent } from './repository';
import { recordIdSchema } from '../../record-id';

export const itemLimits = { title: 120, text: 1_500, link: 500, reason: 500 } as const;

const idSchema = recordIdSchema('infoFlash.form.unknownItem');

function isWebAddress(text: string): boolean {
  if (!/^https?:\/\/\S+$/i.test(text)) return false;
  try {
    const url = new URL(text);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname.includes('.');
  } catch {
    return false;
  }
}

/**
 * The inputs of the item form. Strings only: card data is untrusted, so an operator object such
 * as `{ "$gt": "" }` or an unknown field is refused before anything reaches the database. The
 * messages are locale keys, shown translated by the router.
 */
const itemFields = {
  title: z
    .string({ error: 'infoFlash.form.titleRequired' })
    .trim()
    .min(1, 'infoFlash.form.titleRequired')
    .max(itemLimits.title, 'infoFlash.form.titleTooLong'),
  text: z
    .string({ error: 'infoFlash.form.textRequired' })
    .trim()
    .min(1, 'infoFlash.form.textRequired')
    .max(itemLimits.text, 'infoFlash.form.textTooLong'),
  link: z
    .string({ error: 'infoFlash.form.linkInvalid' })
    .trim()
    .max(itemLimits.link, 'infoFlash.form.linkInvalid')
    .refine((link) => link === '' || isWebAddress(link), 'infoFlash.form.linkInvalid')
    .optional(),
  groupSlug: z
    .string({ error: 'infoFlash.form.groupUnknown' })
    .regex(/^[a-z0-9-]{0,40}$/, 'infoFlash.form.groupUnknown')
    .optional(),
};

/** `infoFlash.propose`: a new item from the form. */
export const proposeSchema = z.strictObject(itemFields);

/** `infoFlash.save`: the edited item. */
export const saveSchema = z.strictObject({ itemId: idSchema, ...itemFields });

/** Verbs that name one item: approve, edit, review. */
export const itemActionSchema = z.strictObject({ itemId: idSchema });

export const rejectSchema = z.strictObject({
  itemId: idSchema,
  reason: z
    .string({ error: 'infoFlash.form.reasonRequired' })
    .trim()
    .min(1, 'infoFlash.form.reasonRequired')
    .max(itemLimits.reason, 'infoFlash.form.reasonRequired'),
});

export const digestActionSchema = z.strictObject({
  digestId: recordIdSchema(),
  part: z
    .string()
    .regex(/^\d{1,2}$/)
    .optional(),
});

export const withdrawSchema = z.strictObject({
  digestId: recordIdSchema(),
  confirm: z.literal('yes'),
});

/** The stored content: empty optional fields are absent, not empty strings. */
export function contentOf(form: z.infer<typeof proposeSchema>): ItemContent {
  return {
    title: form.title,
    text: form.text,
    ...(form.link ? { link: form.link } : {}),
    ...(form.groupSlug ? { groupSlug: form.groupSlug } : {}),
  };
}
