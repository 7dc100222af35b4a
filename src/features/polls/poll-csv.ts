/**
 * CSV for French Excel, the tool coordinators open exports with: `;` separators (`,` is the
 * decimal mark in French), CRLF line ends, and a UTF-8 byte order mark without which Excel reads
 * "Réunion" as "RÃ©union".
 */
export const csvSeparator = ';';
const byteOrderMark = '\uFEFF';

/**
 * Quotes a cell when it holds a separator, a quote or a line break (quotes doubled). Text that
 * a spreadsheet would run as a formula (=, +, -, @ first) is prefixed with an apostrophe: option
 * labels are typed by people, and an export must not execute them.
 */
export function csvCell(value: string | number): string {
  if (typeof value === 'number') return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[;"\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(rows: ReadonlyArray<ReadonlyArray<string | number>>): string {
  return byteOrderMark + rows.map((row) => row.map(csvCell).join(csvSeparator)).join('\r\n') + '\r\n';
}
