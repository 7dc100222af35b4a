import type { z } from 'zod';
import { AppError } from '../../errors';
import type { Translator } from '../../i18n/translator';
import { can, deliverToPeople, type Actor, type Audience } from '../../people';
import { renderReview } from './cards';
import type { InfoFlashDependencies } from './dependencies';
import { contentOf, type proposeSchema } from './item-form';
import { isEditable } from './item-status';
import { infoFlashPermissions } from './permissions';
import { correctDigestItem } from './published-digest';
import type { ItemContent, ItemRecord } from './repository';

/** How many proposals the pending list shows. */
const pendingLength = 20;
const noticesBatchKey = 'info-flash:notices';
const coordinators: Audience = { kind: 'role', role: 'coordinator' };

export type ItemForm = z.infer<typeof proposeSchema>;

/** An item with the title of the group it concerns (absent for the whole network). */
export interface ItemView {
  item: ItemRecord;
  groupTitle?: string;
}

export interface GroupChoice {
  title: string;
  value: string;
}

export async function requireItem(deps: InfoFlashDependencies, itemId: string): Promise<ItemRecord> {
  const item = await deps.infoFlash.findItem(itemId);
  if (!item) throw new AppError('NOT_FOUND', { what: { messageKey: 'infoFlash.form.unknownItem' } });
  return item;
}

/** The group title is looked up only for a proposal: decided items are shown as a notice. */
export async function reviewViewOf(deps: InfoFlashDependencies, item: ItemRecord): Promise<ItemView> {
  if (item.status !== 'proposed' || !item.groupSlug) return { item };
  return { item, groupTitle: (await deps.people.groups.findGroup(item.groupSlug))?.title };
}

export async function groupChoices(deps: InfoFlashDependencies): Promise<GroupChoice[]> {
  return (await deps.people.groups.listGroups()).map((group) => ({ title: group.title, value: group.slug }));
}

/** The blank form, and whether this person's items go out without review. */
export async function proposalForm(
  deps: InfoFlashDependencies,
  actor: Actor,
): Promise<{ groups: GroupChoice[]; direct: boolean }> {
  return { groups: await groupChoices(deps), direct: can(actor, infoFlashPermissions.manageInfoFlash) };
}

async function checkedContent(deps: InfoFlashDependencies, form: ItemForm): Promise<ItemContent> {
  const content = contentOf(form);
  if (content.groupSlug && !(await deps.people.groups.findGroup(content.groupSlug))) {
    throw new AppError('INVALID_INPUT', { details: { messageKey: 'infoFlash.form.groupUnknown' } });
  }
  return content;
}

/**
 * Writes an item: a coordinator's is approved at once, anyone else's is proposed and every
 * coordinator gets the review card (once per item, whatever the retries).
 */
export async function proposeItem(
  deps: InfoFlashDependencies,
  actor: Actor,
  form: ItemForm,
  now: Date,
): Promise<{ item: ItemRecord; direct: boolean }> {
  const content = await checkedContent(deps, form);
  const direct = can(actor, infoFlashPermissions.manageInfoFlash);
  const item = await deps.infoFlash.createItem(
    content,
    { id: actor.member.id, name: actor.member.displayName },
    direct ? 'approved' : 'proposed',
    now,
  );
  deps.log.info({ itemId: item.id, status: item.status }, 'Info Flash item written');
  if (!direct) {
    const view = await reviewViewOf(deps, item);
    await deliverToPeople(
      deps.outbox,
      await deps.people.peopleIn(coordinators),
      (t) => ({ card: renderReview(t, view) }),
      { batchKey: noticesBatchKey, messageKey: `info-flash:item:${item.id}:review` },
    );
  }
  return { item, direct };
}

export function pendingItems(deps: InfoFlashDependencies): Promise<ItemRecord[]> {
  return deps.infoFlash.listProposed(pendingLength);
}

export type Decision = { status: 'approved' } | { status: 'rejected'; reason: string };

export type DecisionOutcome =
  | { kind: 'decided'; item: ItemRecord }
  /** Someone decided first (or the item is no proposal): what it is now. */
  | { kind: 'unchanged'; view: ItemView };

async function tellAuthor(
  deps: InfoFlashDependencies,
  item: ItemRecord,
  decision: Decision['status'],
  text: (t: Translator) => string,
) {
  const author = item.authorId ? await deps.people.members.findById(item.authorId) : undefined;
  if (!author) return;
  await deliverToPeople(deps.outbox, [author], (t) => ({ text: text(t) }), {
    batchKey: noticesBatchKey,
    messageKey: `info-flash:item:${item.id}:${decision}`,
  });
}

/** Approves or rejects a proposal, once: the author hears the decision in their 1:1 chat. */
export async function decideItem(
  deps: InfoFlashDependencies,
  actor: Actor,
  itemId: string,
  decision: Decision,
  now: Date,
): Promise<DecisionOutcome> {
  const item = await deps.infoFlash.decide(itemId, { ...decision, by: actor.member.id }, now);
  if (!item) return { kind: 'unchanged', view: await reviewViewOf(deps, await requireItem(deps, itemId)) };
  deps.log.info({ itemId: item.id, by: actor.member.id }, `Info Flash item ${decision.status}`);
  await tellAuthor(deps, item, decision.status, (t) =>
    decision.status === 'approved'
      ? t('infoFlash.review.authorApproved', { title: item.title })
      : t('infoFlash.review.authorRejected', { title: item.title, reason: decision.reason }),
  );
  return { kind: 'decided', item };
}

export type EditOutcome =
  { kind: 'editable'; item: ItemRecord; groups: GroupChoice[] } | { kind: 'notEditable'; view: ItemView };

export async function itemToEdit(deps: InfoFlashDependencies, itemId: string): Promise<EditOutcome> {
  const item = await requireItem(deps, itemId);
  if (!isEditable(item.status)) return { kind: 'notEditable', view: await reviewViewOf(deps, item) };
  return { kind: 'editable', item, groups: await groupChoices(deps) };
}

export type SaveOutcome =
  | { kind: 'saved'; view: ItemView }
  /** A published item: its digest's posts are being updated in that many channels. */
  | { kind: 'corrected'; item: ItemRecord; channels: number }
  | { kind: 'notEditable'; view: ItemView };

/**
 * Saves an edited item. A published item is corrected in its digest first: a correction too large
 * for a card is refused whole, so the item never says something its posts do not.
 */
export async function saveItem(
  deps: InfoFlashDependencies,
  itemId: string,
  form: ItemForm,
  now: Date,
): Promise<SaveOutcome> {
  const content = await checkedContent(deps, form);
  const item = await requireItem(deps, itemId);
  if (!isEditable(item.status)) return { kind: 'notEditable', view: await reviewViewOf(deps, item) };
  const correction = item.digestId
    ? await correctDigestItem(deps, item.digestId, item.id, content)
    : undefined;
  if (correction?.kind === 'tooLarge') {
    throw new AppError('INVALID_INPUT', { details: { messageKey: 'infoFlash.edit.tooLarge' } });
  }
  const saved = await deps.infoFlash.updateContent(item.id, content, now);
  if (!saved) throw new AppError('CONFLICT');
  if (correction?.kind !== 'corrected') return { kind: 'saved', view: await reviewViewOf(deps, saved) };
  deps.log.info(
    { itemId, digestId: item.digestId, revision: correction.revision },
    'Info Flash digest corrected',
  );
  return { kind: 'corrected', item: saved, channels: correction.channels };
}
