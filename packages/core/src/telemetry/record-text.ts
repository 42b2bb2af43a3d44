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
export function recordPieces(
  fields: Iterable<readonly [key: string, json: string | readonly string[]]>,
): string[] {
  const pieces: string[] = [];
  for (const [key, json] of fields) {
    const head = `${pieces.length === 0 ? '{\n' : ',\n'}  ${JSON.stringify(key)}: `;
    if (typeof json === 'string') pieces.push(`${head}${json}`);
    else pieces.push(head, ...json);
  }
  pieces.push(pieces.length === 0 ? '{}\n' : '\n}\n');
  return pieces;
}

/** entries of a list stringified at a time by {@link jsonPieces} */
const ENTRIES_PER_PIECE = 512;

/**
 * `JSON.stringify(value)` in pieces: a list longer than {@link ENTRIES_PER_PIECE} entries as `[`,
 * its entries a slice at a time (every slice after the first starting with its comma) and `]`;
 * anything else as one piece; undefined where JSON.stringify gives undefined. The text of a list
 * of 50,000 entries (activity's) is never made whole: JSON.stringify of it held a buffer of about
 * its size besides the text. An entry's `toJSON` is given its index within its slice.
 */
export function jsonPieces(value: unknown): string[] | undefined {
  if (!Array.isArray(value) || value.length <= ENTRIES_PER_PIECE || hasToJSON(value)) {
    const json = JSON.stringify(value) as string | undefined;
    return json === undefined ? undefined : [json];
  }
  const pieces = ['['];
  for (let start = 0; start < value.length; start += ENTRIES_PER_PIECE) {
    const text = JSON.stringify(value.slice(start, start + ENTRIES_PER_PIECE)).slice(1, -1);
    pieces.push(start === 0 ? text : `,${text}`);
  }
  pieces.push(']');
  return pieces;
}

function hasToJSON(value: object): boolean {
  return typeof (value as { toJSON?: unknown }).toJSON === 'function';
}
