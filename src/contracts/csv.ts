// CSV for people's spreadsheets (RFC 4180), written the same way by the CLI's `--format csv` and the workbench's
// table exports. A cell a spreadsheet would read as a formula (one starting with = + - @, or a tab or carriage
// return that some spreadsheets skip before one) is neutralised with a leading apostrophe, the OWASP advice for
// CSV injection; the value stays readable and is never evaluated.

/** A value a CSV cell can hold; null and undefined are empty cells, objects and arrays are written as JSON. */
export type CsvValue = string | number | boolean | null | undefined | readonly unknown[] | object;

const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell's text: neutralised when it could start a formula, quoted when it holds a quote, comma or line break. */
export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  // Numbers are safe as they are (a negative number is data, not a formula); text that starts like one is not.
  if (typeof value !== 'number' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A whole CSV document: one header line of column names, then one line per row, CRLF-separated as RFC 4180 asks. */
export function toCsv<Row>(
  columns: ReadonlyArray<{ readonly name: string; readonly value: (row: Row) => CsvValue }>,
  rows: Iterable<Row>,
): string {
  const lines = [columns.map((c) => csvCell(c.name)).join(',')];
  for (const row of rows) lines.push(columns.map((c) => csvCell(c.value(row))).join(','));
  return lines.join('\r\n') + '\r\n';
}

/** Columns for flat records: every key of the first row, in its order, each cell its value. */
export function recordColumns(
  rows: readonly Readonly<Record<string, unknown>>[],
): Array<{ name: string; value: (row: Readonly<Record<string, unknown>>) => CsvValue }> {
  const first = rows[0];
  if (!first) return [];
  return Object.keys(first).map((name) => ({ name, value: (row) => row[name] as CsvValue }));
}
