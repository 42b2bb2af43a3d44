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
  const lines: string[] = [];
  for (const [key, field] of Object.entries(value)) {
    const text = JSON.stringify(field);
    if (text !== undefined) lines.push(`  ${JSON.stringify(key)}: ${text}`);
  }
  return lines.length === 0 ? '{}\n' : `{\n${lines.join(',\n')}\n}\n`;
}

function hasToJSON(value: object): boolean {
  return typeof (value as { toJSON?: unknown }).toJSON === 'function';
}
