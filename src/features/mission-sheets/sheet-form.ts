import { z } from 'zod';
import {
  clientFieldNames,
  describeFormProblems as describeShared,
  uniqueProblems,
  type FormProblem as SharedFormProblem,
} from '../../bot/form-problems';
import type { MessageKey, Translator } from '../../i18n/translator';
import { parseMilestoneLines, type MilestoneProblem } from './milestones';
import { sheetLimits, type SheetContent } from './sheet-content';
import { sheetStatuses } from './sheet-status';

/** What the edit card posts with `sheet.save`: its inputs plus the action data (group, version). */
export interface SheetForm {
  groupSlug: string;
  /** The version the form was built from; the save only applies if the sheet is still at it. */
  version: number;
  content: SheetContent;
}

export type FormProblem = SharedFormProblem<FormField>;

const formFields = ['objective', 'context', 'deliverables', 'milestones', 'status'] as const;
type FormField = (typeof formFields)[number];

const fieldNameKeys: Record<FormField, MessageKey> = {
  objective: 'missionSheets.form.fields.objective',
  context: 'missionSheets.form.fields.context',
  deliverables: 'missionSheets.form.fields.deliverables',
  milestones: 'missionSheets.form.fields.milestones',
  status: 'missionSheets.form.fields.status',
};

export const groupSlugSchema = z.string().regex(/^[a-z0-9-]{1,40}$/);

/** Custom issues carry the problem itself, so that the message is chosen in one place. */
function report(context: z.RefinementCtx, problem: FormProblem): void {
  context.addIssue({ code: 'custom', message: problem.key, params: { problem } });
}

const milestoneProblemOf = (problem: MilestoneProblem): FormProblem => {
  switch (problem.kind) {
    case 'format':
      return { key: 'missionSheets.form.milestoneFormat', params: { line: problem.line } };
    case 'date':
      return { key: 'missionSheets.form.milestoneDate', params: { line: problem.line, date: problem.date } };
    case 'titleTooLong':
      return {
        key: 'missionSheets.form.milestoneTitleTooLong',
        params: { line: problem.line, max: sheetLimits.milestoneTitle },
      };
    case 'tooMany':
      return {
        key: 'missionSheets.form.tooManyMilestones',
        params: { count: problem.count, max: sheetLimits.milestones },
      };
  }
};

/**
 * The shape of `sheet.save`. Strict and strings only: card data is untrusted, so an unknown field
 * or an operator object such as `{ "$gt": "" }` is refused before anything reaches the database.
 */
const sheetFormSchema = z.strictObject({
  groupSlug: groupSlugSchema,
  version: z.string().regex(/^\d{1,9}$/),
  objective: z
    .string()
    .trim()
    .superRefine((text, context) => {
      if (text === '') report(context, { key: 'missionSheets.form.objectiveRequired' });
      if (text.length > sheetLimits.objective) {
        report(context, {
          key: 'missionSheets.form.objectiveTooLong',
          params: { max: sheetLimits.objective },
        });
      }
    }),
  context: z
    .string()
    .trim()
    .default('')
    .superRefine((text, context) => {
      if (text.length > sheetLimits.context) {
        report(context, { key: 'missionSheets.form.contextTooLong', params: { max: sheetLimits.context } });
      }
    }),
  deliverables: z
    .string()
    .default('')
    .transform((text, context) => {
      const lines = text.split(/\r?\n/).map((line) => line.trim());
      lines.forEach((line, index) => {
        if (line.length > sheetLimits.deliverable) {
          report(context, {
            key: 'missionSheets.form.deliverableTooLong',
            params: { line: index + 1, max: sheetLimits.deliverable },
          });
        }
      });
      const deliverables = lines.filter((line) => line !== '');
      if (deliverables.length > sheetLimits.deliverables) {
        report(context, {
          key: 'missionSheets.form.tooManyDeliverables',
          params: { count: deliverables.length, max: sheetLimits.deliverables },
        });
      }
      return deliverables;
    }),
  milestones: z
    .string()
    .default('')
    .transform((text, context) => {
      const { milestones, problems } = parseMilestoneLines(text);
      for (const problem of problems) report(context, milestoneProblemOf(problem));
      return milestones;
    }),
  status: z.enum(sheetStatuses),
});

const isFormField = (name: unknown): name is FormField => (formFields as readonly unknown[]).includes(name);

function problemOf(issue: z.core.$ZodIssue, data: Record<string, unknown>): FormProblem {
  if (issue.code === 'custom' && issue.params?.problem) return issue.params.problem as FormProblem;
  if (issue.code === 'unrecognized_keys') {
    const fields = clientFieldNames(issue.keys);
    return { key: 'missionSheets.form.unknownFields', params: { fields } };
  }
  const [field] = issue.path;
  if (field === 'objective' && data.objective === undefined)
    return { key: 'missionSheets.form.objectiveRequired' };
  if (field === 'status' && typeof data.status === 'string')
    return { key: 'missionSheets.form.statusUnknown' };
  if (isFormField(field)) return { key: 'missionSheets.form.notText', field };
  // groupSlug or version unreadable: not something the person typed, the card itself is off.
  return { key: 'missionSheets.form.outdated' };
}

/** Parses the posted form; on failure, every problem found, in the order of the form. */
export function readSheetForm(
  data: unknown,
): { ok: true; form: SheetForm } | { ok: false; problems: FormProblem[] } {
  const result = sheetFormSchema.safeParse(data);
  if (result.success) {
    const { groupSlug, version, ...content } = result.data;
    return { ok: true, form: { groupSlug, version: Number(version), content } };
  }
  const record = data !== null && typeof data === 'object' ? (data as Record<string, unknown>) : {};
  const problems = result.error.issues.map((issue) => problemOf(issue, record));
  return { ok: false, problems: uniqueProblems(problems) };
}

/** One sentence listing what is wrong, for the INVALID_INPUT message. */
export function describeFormProblems(problems: readonly FormProblem[], t: Translator): string {
  return describeShared(problems, fieldNameKeys, t);
}
