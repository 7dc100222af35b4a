import { z } from 'zod';
import {
  clientFieldNames,
  describeFormProblems as describeShared,
  uniqueProblems,
  type FormProblem as SharedFormProblem,
} from '../../bot/form-problems';
import type { MessageKey, Translator } from '../../i18n/translator';
import { instantOfWallTime } from '../../i18n/wall-clock-time';
import { eventKinds, type EventAudience, type EventSettings } from './repository';
import { recordIdSchema } from '../../record-id';

export const eventLimits = {
  title: 120,
  description: 2000,
  place: 200,
  url: 500,
  capacity: 2000,
  maxDaysAhead: 365,
} as const;

export const eventIdSchema = recordIdSchema('events.problems.outdated');

/** The form's audience values: `network`, `newcomers`, `group:<slug>`, `org:<organisation>`. */
export function audienceValue(audience: EventAudience): string {
  switch (audience.kind) {
    case 'group':
      return `group:${audience.groupSlug}`;
    case 'organisation':
      return `org:${audience.organisation}`;
    default:
      return audience.kind;
  }
}

export function audienceFromValue(value: string): EventAudience | undefined {
  if (value === 'network' || value === 'newcomers') return { kind: value };
  const group = /^group:([a-z0-9-]{1,40})$/.exec(value);
  if (group) return { kind: 'group', groupSlug: group[1] };
  const organisation = /^org:(.{1,80})$/s.exec(value);
  if (organisation) return { kind: 'organisation', organisation: organisation[1] };
  return undefined;
}

/** What `event.preview` (and `event.save`) carries once read: the organiser's choices, checked. */
/** What the organiser typed: the settings, less the audience's title that the server looks up. */
export type EventForm = Omit<EventSettings, 'audienceTitle'> & { eventId?: string };

const formFields = [
  'kind',
  'audience',
  'title',
  'description',
  'startDate',
  'startTime',
  'endDate',
  'endTime',
  'place',
  'onlineUrl',
  'capacity',
  'deadlineDate',
  'deadlineTime',
] as const;
type FormField = (typeof formFields)[number];
export type FormProblem = SharedFormProblem<FormField>;

const text = z.string().default('');

/** Strings only and no unknown field: an operator object such as `{ "$gt": "" }` is refused first. */
const eventFormSchema = z.strictObject({
  // The form of a new event carries an empty id.
  eventId: z.union([z.literal(''), eventIdSchema]).optional(),
  kind: z.enum(eventKinds).default('sharedTime'),
  audience: z.string().max(100),
  title: text,
  description: text,
  startDate: text,
  startTime: text,
  endDate: text,
  endTime: text,
  place: text,
  onlineUrl: text,
  capacity: text,
  deadlineDate: text,
  deadlineTime: text,
});

interface ReadContext {
  now: Date;
  timeZone: string;
}

function readInstant(
  day: string,
  time: string,
  fields: { missing: MessageKey; field: FormField },
  context: ReadContext,
  problems: FormProblem[],
): Date | undefined {
  if (day.trim() === '' || time.trim() === '') {
    problems.push({ key: fields.missing });
    return undefined;
  }
  const result = instantOfWallTime(day.trim(), time.trim(), context.timeZone);
  if (result.kind === 'invalid') {
    problems.push({ key: 'events.problems.dateFormat', field: fields.field });
    return undefined;
  }
  if (result.kind === 'nonexistent') {
    problems.push({ key: 'events.problems.nonexistentTime', params: { date: day, time } });
    return undefined;
  }
  return result.instant;
}

function readPlace(input: { place: string; onlineUrl: string }, problems: FormProblem[]) {
  const place = input.place.trim() || undefined;
  const onlineUrl = input.onlineUrl.trim() || undefined;
  if (!place && !onlineUrl) problems.push({ key: 'events.problems.placeRequired' });
  if (place && place.length > eventLimits.place)
    problems.push({ key: 'events.problems.tooLong', field: 'place', params: { max: eventLimits.place } });
  if (onlineUrl) {
    let valid = onlineUrl.length <= eventLimits.url;
    try {
      valid &&= new URL(onlineUrl).protocol === 'https:';
    } catch {
      valid = false;
    }
    if (!valid) problems.push({ key: 'events.problems.onlineUrl' });
  }
  return { place, onlineUrl };
}

function readCapacity(value: string, problems: FormProblem[]): number | undefined {
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  const capacity = /^\d{1,4}$/.test(trimmed) ? Number(trimmed) : Number.NaN;
  if (!(capacity >= 1 && capacity <= eventLimits.capacity)) {
    problems.push({ key: 'events.problems.capacity', params: { max: eventLimits.capacity } });
    return undefined;
  }
  return capacity;
}

function readTimes(input: z.infer<typeof eventFormSchema>, context: ReadContext, problems: FormProblem[]) {
  const startsAt = readInstant(
    input.startDate,
    input.startTime,
    { missing: 'events.problems.startMissing', field: 'startDate' },
    context,
    problems,
  );
  const endsAt = readInstant(
    input.endDate.trim() || input.startDate,
    input.endTime,
    { missing: 'events.problems.endMissing', field: 'endDate' },
    context,
    problems,
  );
  const deadline =
    input.deadlineDate.trim() === '' && input.deadlineTime.trim() === ''
      ? startsAt
      : readInstant(
          input.deadlineDate,
          input.deadlineTime.trim() || '23:59',
          { missing: 'events.problems.deadlineMissing', field: 'deadlineDate' },
          context,
          problems,
        );
  if (startsAt && startsAt.getTime() <= context.now.getTime())
    problems.push({ key: 'events.problems.startPast' });
  const latest = context.now.getTime() + eventLimits.maxDaysAhead * 24 * 60 * 60 * 1000;
  if (startsAt && startsAt.getTime() > latest)
    problems.push({ key: 'events.problems.tooFar', params: { days: eventLimits.maxDaysAhead } });
  if (startsAt && endsAt && endsAt.getTime() <= startsAt.getTime())
    problems.push({ key: 'events.problems.endBeforeStart' });
  if (startsAt && deadline && deadline.getTime() > startsAt.getTime())
    problems.push({ key: 'events.problems.deadlineAfterStart' });
  if (deadline && deadline.getTime() <= context.now.getTime())
    problems.push({ key: 'events.problems.deadlinePast' });
  return { startsAt, endsAt, deadline };
}

function problemOfIssue(issue: z.core.$ZodIssue): FormProblem {
  if (issue.code === 'unrecognized_keys') {
    return { key: 'events.problems.unknownFields', params: { fields: clientFieldNames(issue.keys) } };
  }
  const [field] = issue.path;
  if (issue.code === 'invalid_type' && (formFields as readonly unknown[]).includes(field)) {
    return { key: 'events.problems.notText', field: field as FormField };
  }
  return { key: 'events.problems.outdated' };
}

/** Parses the posted form; on failure, every problem found, in the order of the form. */
export function readEventForm(
  data: unknown,
  context: ReadContext,
): { ok: true; form: EventForm } | { ok: false; problems: FormProblem[] } {
  const parsed = eventFormSchema.safeParse(data);
  if (!parsed.success)
    return { ok: false, problems: uniqueProblems(parsed.error.issues.map(problemOfIssue)) };
  const input = parsed.data;
  const problems: FormProblem[] = [];
  const audience = audienceFromValue(input.audience);
  if (!audience) problems.push({ key: 'events.problems.outdated' });
  const title = input.title.trim();
  if (title === '') problems.push({ key: 'events.problems.titleRequired' });
  if (title.length > eventLimits.title)
    problems.push({ key: 'events.problems.tooLong', field: 'title', params: { max: eventLimits.title } });
  const description = input.description.trim();
  if (description.length > eventLimits.description)
    problems.push({
      key: 'events.problems.tooLong',
      field: 'description',
      params: { max: eventLimits.description },
    });
  const { startsAt, endsAt, deadline } = readTimes(input, context, problems);
  const { place, onlineUrl } = readPlace(input, problems);
  const capacity = readCapacity(input.capacity, problems);
  if (problems.length > 0 || !audience || !startsAt || !endsAt || !deadline) return { ok: false, problems };
  return {
    ok: true,
    form: {
      eventId: input.eventId || undefined,
      kind: input.kind,
      audience,
      title,
      description,
      startsAt,
      endsAt,
      place,
      onlineUrl,
      capacity,
      registrationDeadline: deadline,
    },
  };
}

const fieldNameKeys: Record<FormField, MessageKey> = {
  kind: 'events.fields.kind',
  audience: 'events.fields.audience',
  title: 'events.fields.title',
  description: 'events.fields.description',
  startDate: 'events.fields.start',
  startTime: 'events.fields.start',
  endDate: 'events.fields.end',
  endTime: 'events.fields.end',
  place: 'events.fields.place',
  onlineUrl: 'events.fields.onlineUrl',
  capacity: 'events.fields.capacity',
  deadlineDate: 'events.fields.deadline',
  deadlineTime: 'events.fields.deadline',
};

/** One sentence listing what is wrong, for the INVALID_INPUT message. */
export function describeFormProblems(problems: readonly FormProblem[], t: Translator): string {
  return describeShared(problems, fieldNameKeys, t);
}
