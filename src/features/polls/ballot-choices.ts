import type { MessageKey, MessageParams } from '../../i18n/translator';
import type { PollRecord } from './repository';
import { commaList } from '../../text';

export type ChoicesReading =
  { ok: true; choices: string[] } | { ok: false; problem: { key: MessageKey; params?: MessageParams } };

/**
 * Reads the voter's choices as Input.ChoiceSet sends them (option ids, comma-separated when
 * several). Card data is untrusted: an id the poll does not have, or more choices than it allows,
 * is refused whatever the card showed.
 */
export function readChoices(
  poll: Pick<PollRecord, 'options' | 'multiple' | 'maxChoices'>,
  raw: string,
): ChoicesReading {
  const picked = [...new Set(commaList(raw))];
  const known = new Set(poll.options.map((option) => option.id));
  if (picked.some((choice) => !known.has(choice))) {
    return { ok: false, problem: { key: 'polls.vote.unknownChoice' } };
  }
  if (picked.length === 0) return { ok: false, problem: { key: 'polls.vote.noChoice' } };
  if (!poll.multiple && picked.length > 1) return { ok: false, problem: { key: 'polls.vote.oneChoice' } };
  const max = poll.maxChoices ?? poll.options.length;
  if (picked.length > max)
    return { ok: false, problem: { key: 'polls.vote.tooManyChoices', params: { max } } };
  // Stored in the poll's order, so that a ballot reads the same whatever the click order.
  return { ok: true, choices: poll.options.map((option) => option.id).filter((id) => picked.includes(id)) };
}
