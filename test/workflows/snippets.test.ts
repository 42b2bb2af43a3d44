/**
 * Every workflow a user may copy (docs/examples/*.yml, and each ```yaml block of README.md and
 * docs/ that is a whole workflow: a map with `jobs:`) must be one GitHub starts: its parser and
 * actionlint accept it, and the harness's startup checks (permissions granted to called
 * workflows, inputs and secrets they declare) pass against this checkout's reusable workflows,
 * with the repository default GitHub gives new repositories (restricted).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { checkStartup } from '@codex-suite/harness/startup-checks';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { validateWorkflowText } from '../../packages/harness/src/parser.js';
import {
  exampleFiles,
  lintWorkflow,
  markdownFiles,
  rel,
  repoRoot,
  resolveSuiteWorkflow,
  yamlBlocks,
} from './support.js';

interface Snippet {
  name: string;
  text: string;
}

const isWorkflow = (text: string): boolean => {
  try {
    const doc = parse(text) as unknown;
    return !!doc && typeof doc === 'object' && !Array.isArray(doc) && 'jobs' in doc;
  } catch {
    return true; // a block that does not parse is checked (and fails) like a workflow
  }
};

const snippets: Snippet[] = [
  ...exampleFiles().map((f) => ({ name: rel(f), text: readFileSync(f, 'utf8') })),
  ...markdownFiles().flatMap((file) =>
    yamlBlocks(readFileSync(file, 'utf8'))
      .filter((b) => isWorkflow(b.text))
      .map((b) => ({ name: `${rel(file)}:${b.line}`, text: b.text })),
  ),
];

const scratch = mkdtempSync(path.join(tmpdir(), 'snippets-'));

/** What GitHub would say before starting the snippet's run; empty when it starts. */
async function refusals({ name, text }: Snippet): Promise<string[]> {
  const file = path.join(scratch, `${name.replace(/[^\w.-]+/g, '_')}.yml`);
  writeFileSync(file, text);
  return [
    ...(await validateWorkflowText(path.basename(file), text)),
    ...(await lintWorkflow(text, name)),
    ...checkStartup(file, { repoRoot, resolveUses: resolveSuiteWorkflow }),
  ];
}

describe('every workflow a user may copy is one GitHub starts', () => {
  it('finds the workflows in the examples, the README and the docs', () => {
    const names = snippets.map((s) => s.name);
    expect(names.filter((n) => n.startsWith('docs/examples/')).length).toBeGreaterThanOrEqual(4);
    expect(names.some((n) => n.startsWith('README.md:'))).toBe(true);
    expect(names.some((n) => n.startsWith('docs/project-sync.md:'))).toBe(true);
    expect(names.some((n) => n.startsWith('docs/workflows.md:'))).toBe(true);
  });

  it.each(snippets.map((s) => [s.name, s] as const))('%s', async (_name, snippet) => {
    expect(await refusals(snippet)).toEqual([]);
  });

  it('would fail for the example that granted contents: read to project-sync', async () => {
    const example = snippets.find((s) => s.name === 'docs/examples/codex-single-stage.yml')!;
    const narrowed = example.text.replace(/contents: write/, 'contents: read');
    expect(narrowed).not.toBe(example.text);
    expect(await refusals({ name: 'narrowed.yml', text: narrowed })).toEqual([
      expect.stringContaining("is requesting 'contents: write', but is only allowed 'contents: read'"),
    ]);
  });
});

describe('the README’s pipeline snippet is complete', () => {
  it('names the milestones (without them milestone repairs are off)', () => {
    const readme = snippets.filter(
      (s) => s.name.startsWith('README.md:') && s.text.includes('codex-pipeline.yml@'),
    );
    expect(readme).toHaveLength(1);
    const call = Object.values((parse(readme[0]!.text) as { jobs: Record<string, any> }).jobs)[0];
    expect(Object.keys(call.with)).toEqual(expect.arrayContaining(['main-milestone', 'dashboard-milestone']));
  });
});
