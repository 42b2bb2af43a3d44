/**
 * The text of a telemetry record, dashboard.json and the like: one line per top-level field, each
 * value compact. Two-space indentation put every entry of a long list on lines of its own: the
 * activity record of 50,000 open issues (an entry each) was twice its compact size, and that text
 * is written, read, embedded in dashboard.json and base64-encoded into a commit. The top level
 * stays readable (a field a line); what JSON.stringify leaves out (undefined, functions) is left
 * out alike.
 */
export function recordText(value: unknown): string {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || hasToJSON(value))
    return `${JSON.stringify(value)}\n`;
  return recordPieces(
    Object.entries(value)
      .map(([key, field]) => [key, JSON.stringify(field)] as const)
      .filter((f): f is readonly [string, string] => f[1] !== undefined),
  ).join('');
}

/**
 * The same text in pieces, from each field's key and compact JSON already made: joined, the
 * pieces are `recordText` of the record. A writer can send them one after the other, so the text
 * of a large record never exists as one more string.
 */
export function recordPieces(fields: Iterable<readonly [key: string, json: string]>): string[] {
  const pieces: string[] = [];
  for (const [key, json] of fields)
    pieces.push(`${pieces.length === 0 ? '{\n' : ',\n'}  ${JSON.stringify(key)}: ${json}`);
  pieces.push(pieces.length === 0 ? '{}\n' : '\n}\n');
  return pieces;
}

function hasToJSON(value: object): boolean {
  return typeof (value as { toJSON?: unknown }).toJSON === 'function';
}
