import type { MessageKey, MessageParams, Translator } from '../i18n/translator';

/** One thing wrong with a submitted form, said in the person's language by `describeFormProblems`. */
export interface FormProblem<Field extends string = string> {
  key: MessageKey;
  params?: MessageParams;
  field?: Field;
}

/** Several schema issues can name the same problem (e.g. a field both missing and mistyped). */
export function uniqueProblems<Problem>(problems: readonly Problem[]): Problem[] {
  return [...new Map(problems.map((problem) => [JSON.stringify(problem), problem])).values()];
}

/** Field names that came from the client, shortened so that a crafted payload cannot flood a message. */
export function clientFieldNames(keys: readonly string[]): string {
  return keys
    .slice(0, 5)
    .map((key) => key.slice(0, 30))
    .join(', ');
}

/** One sentence listing what is wrong, for the INVALID_INPUT message. */
export function describeFormProblems<Field extends string>(
  problems: readonly FormProblem<Field>[],
  fieldNameKeys: Record<Field, MessageKey>,
  t: Translator,
): string {
  return problems
    .map((problem) =>
      t(problem.key, {
        ...problem.params,
        ...(problem.field ? { field: t(fieldNameKeys[problem.field]) } : {}),
      }),
    )
    .join(' ; ');
}
