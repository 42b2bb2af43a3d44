import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';

/**
 * Stages and the shared library reach the log and the job summary only through the ActionIO the
 * runner hands them (packages/core/src/action-io.ts, writing with workflow-commands.ts), which
 * neutralises untrusted text. Anything that writes around it (the toolkit itself, its commands,
 * console, the process streams) is a way out unchecked.
 */
const root = path.resolve(import.meta.dirname, '..');
/** The port, and the runner's commands it writes with (as @actions/core writes them). */
const PORT = [
  path.join('packages', 'core', 'src', 'action-io.ts'),
  path.join('packages', 'core', 'src', 'workflow-commands.ts'),
];
const AROUND_THE_PORT = [
  /from '@actions\/core'/,
  /workflow-commands/,
  /\bconsole\.(log|info|warn|error|debug)\(/,
  /process\.(stdout|stderr)\.write/,
  /GITHUB_STEP_SUMMARY/,
];

/**
 * The exceptions, by file and pattern. Federation runs each stage bundle as a child process and
 * names a per-repository summary file in the child's environment, as the runner would. It never
 * writes that file itself (the child stage writes it through its own port); the shard's own
 * summary goes through the port. The token gate, which a bundle's entry runs before the port is
 * loaded, writes one fixed message (no untrusted text) when the token is missing.
 */
const EXCEPTIONS: Record<string, string> = {
  [path.join('actions', 'federation', 'src', 'run-mode.ts')]: String(/GITHUB_STEP_SUMMARY/),
  [path.join('packages', 'core', 'src', 'token-gate.ts')]: String(/process\.(stdout|stderr)\.write/),
};

function sources(dir: string): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)));
}

it('no source of a stage or of the library prints around the output port', () => {
  const files = [
    ...sources('packages/core/src'),
    ...readdirSync(path.join(root, 'actions'), { withFileTypes: true })
      // actions/.build holds what the build generates, not a stage
      .filter((e) => e.isDirectory() && existsSync(path.join(root, 'actions', e.name, 'src')))
      .flatMap((stage) => sources(path.join('actions', stage.name, 'src'))),
  ].filter((file) => !PORT.includes(file));
  expect(files.length).toBeGreaterThan(50);
  const offenders = files.flatMap((file) => {
    const text = readFileSync(path.join(root, file), 'utf8');
    return AROUND_THE_PORT.filter((pattern) => pattern.test(text))
      .filter((pattern) => EXCEPTIONS[file] !== String(pattern))
      .map((pattern) => `${file}: ${pattern}`);
  });
  expect(offenders).toEqual([]);
});
