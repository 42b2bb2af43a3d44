import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commandLines } from '@codex-suite/harness/commands';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { actionsCoreIO } from '../src/action-io.js';
import { STEP_SUMMARY_LIMIT_BYTES } from '../src/markdown-safe.js';
import { runStage } from '../src/runner.js';
import { defineStage } from '../src/stage.js';
import { componentSchema } from '../src/telemetry/schemas/common.js';

/**
 * The real toolkit (@actions/core) writing to a captured stdout and a real GITHUB_STEP_SUMMARY
 * file: what the runner would read from a stage that is handed hostile text everywhere.
 */
const TOKEN = 'ghs_outputPortToken1234567890';
const HOSTILE =
  'x\n::add-mask::HUNTER2\r::error::PWNED\u2028::stop-commands::STOPPED\r\n  ::warning::PWNED ##[error]LEGACY';

let dir: string;
let stdout: string;
let summaryFile: string;
let outputFile: string;
// @actions/core remembers the summary file of its first write: one file for every test, emptied.
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'codex-port-'));
  summaryFile = join(dir, 'step_summary');
  outputFile = join(dir, 'output');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  await writeFile(summaryFile, '');
  await writeFile(outputFile, '');
  vi.stubEnv('GITHUB_STEP_SUMMARY', summaryFile);
  vi.stubEnv('GITHUB_OUTPUT', outputFile);
  stdout = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

const probeSchema = componentSchema('probe', {}, []);

function probe(run: Parameters<typeof defineStage>[0]['run']) {
  return defineStage({
    id: 'probe',
    component: 'probe',
    telemetrySchema: probeSchema,
    name: 'Probe',
    description: 'test stage',
    branding: { icon: 'activity', color: 'blue' },
    settings: {},
    run,
  });
}

async function run(stage: ReturnType<typeof probe>, inputs: Record<string, string> = {}) {
  const env = { GITHUB_STEP_SUMMARY: summaryFile, RUNNER_TEMP: dir, GITHUB_RUN_ID: '41' };
  const given: Record<string, string> = {
    'github-token': TOKEN,
    repository: 'acme/widgets',
    publish: 'none',
    'telemetry-dir': join(dir, 'telemetry'),
    ...inputs,
  };
  const io = { ...actionsCoreIO(env), getInput: (name: string) => given[name] ?? '' };
  const result = await runStage(stage, { io, env });
  return { result, summary: await readFile(summaryFile, 'utf8') };
}

/** Command lines on stdout that the suite did not mean: the attacker's, or a mask of anything but the token. */
function foreign(text: string) {
  return commandLines(text).filter(
    ({ line, command }) =>
      line.includes('##[') ||
      !command ||
      (command.command === 'add-mask'
        ? command.message !== TOKEN
        : /^(PWNED|HUNTER2|STOPPED)/.test(command.message)) ||
      command.command === 'stop-commands',
  );
}

describe('the output port: hostile text never becomes a workflow command', () => {
  it('info, debug, warning, error, notice, group names, titles and a thrown error', async () => {
    const { result } = await run(
      probe(async (ctx) => {
        ctx.io.info(HOSTILE);
        ctx.io.debug(HOSTILE);
        ctx.io.notice(HOSTILE, { title: HOSTILE });
        ctx.io.warning(HOSTILE, { title: HOSTILE });
        await ctx.io.group(HOSTILE, async () => ctx.io.info('inside'));
        ctx.report({ code: 'hostile', message: HOSTILE });
        throw new Error(HOSTILE);
      }),
    );
    expect(result.status).toBe('error');
    // The text is all there, readable, on single lines.
    expect(stdout).toContain(
      '\nx\\n::add-mask::HUNTER2\\r::error::PWNED\\u2028::stop-commands::STOPPED\\r\\n',
    );
    expect(foreign(stdout)).toEqual([]);
    // Sanity: the same text printed raw is caught by the check above.
    expect(foreign(`${HOSTILE}\n`)).toHaveLength(3);
  });

  it('a setting value with a line break is an invalid value, named and shown escaped, and nothing runs', async () => {
    let ran = false;
    const stage = defineStage({
      ...probe(async () => {
        ran = true;
        return { summary: 'ran', telemetry: {} };
      }),
      settings: { label: { input: 'label', kind: 'string', default: 'x', description: 'a name' } },
    });
    const { result, summary } = await run(stage as never, {
      label: 'Sprint 1\n::add-mask::HUNTER2\n::error::PWNED',
    });
    expect(ran).toBe(false);
    expect(result.status).toBe('error');
    expect(result.telemetry?.errors).toEqual([
      {
        code: 'invalid_config',
        message:
          'Invalid value "Sprint 1\\n::add-mask::HUNTER2\\n::error::PWNED" for label: it contains control characters (\\n); remove them (a line break often comes from pasting the value).',
      },
    ]);
    expect(stdout).toContain('setting label = Sprint 1\\n::add-mask::HUNTER2\\n::error::PWNED (input)');
    expect(foreign(stdout)).toEqual([]);
    expect(summary).not.toMatch(/\n::/);
  });

  it('keeps the job summary under GitHub’s 1 MiB per-step limit, with a note', async () => {
    const row = `| ${'é'.repeat(200)} |\n`;
    const { summary } = await run(
      probe(async () => ({ summary: 'big', report: row.repeat(5_000), telemetry: {} })),
    );
    expect(Buffer.byteLength(summary, 'utf8')).toBeLessThanOrEqual(STEP_SUMMARY_LIMIT_BYTES);
    expect(summary).toContain('This summary was shortened');
    expect(summary.startsWith('## ✅ Probe: ok')).toBe(true);
  });
});
