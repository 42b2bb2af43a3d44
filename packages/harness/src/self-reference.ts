/**
 * Self-repository references: a `uses:` that starts with `$/` names a path in the workflow's own
 * repository at the commit that is running (github.com, runner 2.336.0 or newer). The harness
 * resolves them against the root of the repository that holds the running workflow, so a test
 * runs exactly the files GitHub would run.
 */
import path from 'node:path';

export const SELF_PREFIX = '$/';

export function isSelfReference(uses: string): boolean {
  return uses.startsWith(SELF_PREFIX);
}

/** The local path a `$/x` reference names, inside `ownRoot`; undefined for other references. */
export function resolveSelfReference(ownRoot: string, uses: string): string | undefined {
  if (!isSelfReference(uses)) return undefined;
  const rest = uses.slice(SELF_PREFIX.length);
  const target = path.resolve(ownRoot, rest);
  // `$/../x` or an absolute path would leave the repository: GitHub has nothing to resolve there.
  if (rest.includes('@') || path.relative(ownRoot, target).startsWith('..') || path.isAbsolute(rest)) {
    throw new Error(`'${uses}' does not name a path inside the workflow's own repository`);
  }
  return target;
}

/**
 * The root of the repository a workflow file belongs to: workflows live in `.github/workflows/`
 * (GitHub reads them nowhere else), so it is three levels up; anything else belongs to `fallback`.
 */
export function workflowRepositoryRoot(workflowPath: string, fallback: string): string {
  const dir = path.dirname(path.resolve(workflowPath));
  if (path.basename(dir) === 'workflows' && path.basename(path.dirname(dir)) === '.github') {
    return path.dirname(path.dirname(dir));
  }
  return fallback;
}

const SELF_USES_LINE = /^(\s*(?:-\s+)?uses:\s*)(['"]?)\$\/(?=[^\s'"#])/;

/**
 * For linters older than the `$/` syntax (actionlint 1.7.7): the same workflow with each `uses: $/x`
 * written `uses: ./x`, the form they know for "this repository". Only the first two characters of
 * the value of a `uses:` key change; every other byte, line count and position stays.
 */
export function withLocalSelfReferences(text: string): { text: string; lines: number[] } {
  const lines: number[] = [];
  const out = text.split('\n').map((line, index) => {
    if (!SELF_USES_LINE.test(line)) return line;
    lines.push(index + 1);
    return line.replace(SELF_USES_LINE, '$1$2./');
  });
  return { text: out.join('\n'), lines };
}
