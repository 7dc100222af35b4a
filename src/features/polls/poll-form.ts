import { z } from 'zod';
import {
  clientFieldNames,
  describeFormProblems as describeShared,
  uniqueProblems,
  type FormProblem as SharedFormProblem,
} from '../../bot/form-problems';
import type { MessageKey, Translator } from '../../i18n/translator';
import type { ResultsVisibility } from './repository';
import { instantOfWallTime } from '../../i18n/wall-clock-time';
import { recordIdSchema } from '../../record-id';

export const pollLimits = {
  question: 300,
  option: 100,
  minOptions: 2,
  maxOptions: 10,
  maxDaysAhead: 90,
} as const;

/** The form's value for a poll to the whole network (a group slug never contains `*`). */
export const networkAudience = '*';

export const pollIdSchema = recordIdSchema('polls.problems.outdated');

/** What `poll.preview` carries once read: the lead's choices, checked. */
export interface PollForm {
  /** Set when the lead edits a draft they previewed. */
  pollId?: string;
  /** A group slug, or `networkAudience`. */
  audience: string;
  question: string;
  options: string[];
  multiple: boolean;
  maxChoices?: number;
  anonymous: boolean;
  resultsVisibility: ResultsVisibility;
  deadline: Date;
  sendPersonal: boolean;
  sendChannel: boolean;
}

export type FormProblem = SharedFormProblem<FormField>;

const formFields = [
  'group',
  'question',
  'options',
  'mode',
  'maxChoices',
  'anonymous',
  'visibility',
  'deadlineDate',
  'deadlineTime',
  'sendPersonal',
  'sendChannel',
] as const;
type FormField = (typeof formFields)[number];

const toggle = z.enum(['true', 'false']);

/**
 * The shape of `poll.preview`: the card's inputs plus its action data. Strict and strings only:
 * an unknown field or an operator object such as `{ "$gt": "" }` is refused before anything else.
 */
const pollFormSchema = z.strictObject({
  pollId: pollIdSchema.optional(),
  group: z.string().regex(/^(\*|[a-z0-9-]{1,40})$/),
  question: z.string().default(''),
  options: z.string().default(''),
  mode: z.enum(['single', 'multiple']).default('single'),
  maxChoices: z.string().default(''),
  anonymous: toggle.default('false'),
  visibility: z.enum(['afterVote', 'afterClose']).default('afterVote'),
  deadlineDate: z.string().default(''),
  deadlineTime: z.string().default(''),
  sendPersonal: toggle.default('true'),
  sendChannel: toggle.default('false'),
});

/** Same text once case, accents' composition and spacing are set aside ("Oui" and " oui "). */
const comparable = (text: string) => text.normalize('NFC').replace(/\s+/g, ' ').toLocaleLowerCase('fr');

function readOptions(text: string, problems: FormProblem[]): string[] {
  const options = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
  options.forEach((option, index) => {
    if (option.length > pollLimits.option) {
      problems.push({
        key: 'polls.problems.optionTooLong',
        params: { line: index + 1, max: pollLimits.option },
      });
    }
  });
  const seen = new Set<string>();
  for (const option of options) {
    const key = comparable(option);
    if (seen.has(key)) {
      problems.push({ key: 'polls.problems.duplicateOption', params: { option: option.slice(0, 40) } });
    }
    seen.add(key);
  }
  if (options.length < pollLimits.minOptions) {
    problems.push({ key: 'polls.problems.tooFewOptions', params: { min: pollLimits.minOptions } });
  }
  if (options.length > pollLimits.maxOptions) {
    problems.push({
      key: 'polls.problems.tooManyOptions',
      params: { count: options.length, max: pollLimits.maxOptions },
    });
  }
  return options;
}

function readDeadline(
  day: string,
  time: string,
  context: { now: Date; timeZone: string },
  problems: FormProblem[],
): Date | undefined {
  if (day.trim() === '' || time.trim() === '') {
    problems.push({ key: 'polls.problems.deadlineMissing' });
    return undefined;
  }
  const result = instantOfWallTime(day.trim(), time.trim(), context.timeZone);
  if (result.kind === 'invalid') {
    problems.push({ key: 'polls.problems.deadlineFormat' });
    return undefined;
  }
  if (result.kind === 'nonexistent') {
    problems.push({ key: 'polls.problems.deadlineNonexistent', params: { date: day, time } });
    return undefined;
  }
  const { instant } = result;
  if (instant.getTime() <= context.now.getTime()) problems.push({ key: 'polls.problems.deadlinePast' });
  const latest = context.now.getTime() + pollLimits.maxDaysAhead * 24 * 60 * 60 * 1000;
  if (instant.getTime() > latest) {
    problems.push({ key: 'polls.problems.deadlineTooFar', params: { days: pollLimits.maxDaysAhead } });
  }
  return instant;
}

function problemOfIssue(issue: z.core.$ZodIssue): FormProblem {
  if (issue.code === 'unrecognized_keys') {
    const fields = clientFieldNames(issue.keys);
    return { key: 'polls.problems.unknownFields', params: { fields } };
  }
  const [field] = issue.path;
  if (issue.code === 'invalid_type' && (formFields as readonly unknown[]).includes(field)) {
    return { key: 'polls.problems.notText', field: field as FormField };
  }
  // A group, mode or identifier the card never offers: the card itself is off.
  return { key: 'polls.problems.outdated' };
}

/** Parses the posted form; on failure, every problem found, in the order of the form. */
export function readPollForm(
  data: unknown,
  context: { now: Date; timeZone: string },
): { ok: true; form: PollForm } | { ok: false; problems: FormProblem[] } {
  const parsed = pollFormSchema.safeParse(data);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(problemOfIssue);
    return { ok: false, problems: uniqueProblems(problems) };
  }
  const input = parsed.data;
  const problems: FormProblem[] = [];
  const question = input.question.trim();
  if (question === '') problems.push({ key: 'polls.problems.questionRequired' });
  if (question.length > pollLimits.question) {
    problems.push({ key: 'polls.problems.questionTooLong', params: { max: pollLimits.question } });
  }
  const options = readOptions(input.options, problems);
  const multiple = input.mode === 'multiple';
  let maxChoices: number | undefined;
  const maxText = input.maxChoices.trim();
  if (multiple && maxText !== '') {
    maxChoices = /^\d{1,2}$/.test(maxText) ? Number(maxText) : Number.NaN;
    const ceiling = Math.max(options.length, pollLimits.minOptions);
    if (!(maxChoices >= 1 && maxChoices <= ceiling)) {
      problems.push({ key: 'polls.problems.maxChoices', params: { max: ceiling } });
    }
    // "At most all of them" is no limit at all.
    if (maxChoices === options.length) maxChoices = undefined;
  }
  const deadline = readDeadline(input.deadlineDate, input.deadlineTime, context, problems);
  const sendPersonal = input.sendPersonal === 'true';
  const sendChannel = input.sendChannel === 'true';
  if (!sendPersonal && !sendChannel) problems.push({ key: 'polls.problems.noDestination' });
  if (problems.length > 0 || !deadline) return { ok: false, problems };
  return {
    ok: true,
    form: {
      pollId: input.pollId,
      audience: input.group,
      question,
      options,
      multiple,
      maxChoices,
      anonymous: input.anonymous === 'true',
      resultsVisibility: input.visibility,
      deadline,
      sendPersonal,
      sendChannel,
    },
  };
}

const fieldNameKeys: Record<FormField, MessageKey> = {
  group: 'polls.fields.group',
  question: 'polls.fields.question',
  options: 'polls.fields.options',
  mode: 'polls.fields.mode',
  maxChoices: 'polls.fields.maxChoices',
  anonymous: 'polls.fields.anonymous',
  visibility: 'polls.fields.visibility',
  deadlineDate: 'polls.fields.deadlineDate',
  deadlineTime: 'polls.fields.deadlineTime',
  sendPersonal: 'polls.fields.sendPersonal',
  sendChannel: 'polls.fields.sendChannel',
};

/** One sentence listing what is wrong, for the INVALID_INPUT message. */
export function describeFormProblems(problems: readonly FormProblem[], t: Translator): string {
  return describeShared(problems, fieldNameKeys, t);
}
