/**
 * What a pull request changes, from its unified diff: each file's path in the new version and the
 * line ranges its hunks cover there. A finding is annotated only inside that scope; one that
 * names another file, or a line no hunk touches, is listed but never put on the code.
 */
export interface LineRange {
  readonly start: number;
  readonly end: number;
}

export type DiffScope = ReadonlyMap<string, readonly LineRange[]>;

/** `b/src/x.ts` → `src/x.ts`; quoted names (`"b/a\"b"`) are unquoted the way git quotes them. */
function newPath(header: string): string | null {
  const raw = header.trim();
  if (raw === '/dev/null') return null;
  const unquoted = raw.startsWith('"') ? unquoteGit(raw) : raw;
  return unquoted.startsWith('b/') ? unquoted.slice(2) : unquoted;
}

function unquoteGit(text: string): string {
  try {
    return JSON.parse(text) as string;
  } catch {
    return text.slice(1, -1);
  }
}

export function diffScope(diff: string): DiffScope {
  const scope = new Map<string, LineRange[]>();
  let current: LineRange[] | null = null;
  for (const line of diff.split('\n')) {
    if (line.startsWith('diff --git ')) current = null;
    else if (line.startsWith('+++ ')) {
      const path = newPath(line.slice(4));
      current = path ? (scope.get(path) ?? []) : null;
      if (path && current) scope.set(path, current);
    } else if (current && line.startsWith('@@')) {
      const hunk = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/.exec(line);
      if (!hunk) continue;
      const start = Number(hunk[1]);
      const count = hunk[2] === undefined ? 1 : Number(hunk[2]);
      if (count > 0) current.push({ start, end: start + count - 1 });
    }
  }
  return scope;
}

/** Whether a finding's location lies in the diff: a changed file, and (if given) a line of a hunk. */
export function inScope(scope: DiffScope, path: string, line: number | null): boolean {
  const ranges = scope.get(path);
  if (!ranges) return false;
  return line === null || ranges.some((r) => line >= r.start && line <= r.end);
}
