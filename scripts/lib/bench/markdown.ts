/** Markdown helpers of the benchmark report. Pure. */

export const n = (v: number): string => v.toLocaleString('en-US');
export const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(2)} MB`;

function row(cells: readonly (string | number)[]): string {
  return `| ${cells.map((c) => String(c).replace(/\|/g, '\\|')).join(' | ')} |`;
}

export function table(headers: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  return [row(headers), row(headers.map(() => '---')), ...rows.map(row)].join('\n');
}
