import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as core from '@actions/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type ActionIO, actionsCoreIO } from '../src/action-io.js';

/**
 * The runner I/O is written without @actions/core (it loads undici for its OIDC client); what it
 * writes must be what @actions/core writes: the same stdout, the same files, the same errors.
 */
const FILES = ['GITHUB_OUTPUT', 'GITHUB_STATE', 'GITHUB_STEP_SUMMARY'] as const;
let dir: string;
let saved: NodeJS.ProcessEnv;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'codex-commands-'));
  saved = { ...process.env };
});
afterEach(() => {
  process.env = saved;
  process.exitCode = undefined;
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

interface Effects {
  readonly stdout: string;
  readonly files: Record<string, string | null>;
  readonly result: unknown;
  readonly exitCode: number | string | null | undefined;
}

/** Runs `act` with fresh runner files (or none) and returns everything it wrote, delimiters made equal. */
async function effects(withFiles: boolean, act: () => unknown): Promise<Effects> {
  for (const name of FILES) {
    const file = join(dir, name);
    rmSync(file, { force: true });
    if (withFiles) {
      writeFileSync(file, '');
      process.env[name] = file;
    } else delete process.env[name];
  }
  process.exitCode = undefined;
  let stdout = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  let result: unknown;
  try {
    result = { value: await act() };
  } catch (error) {
    result = { error: (error as Error).message };
  } finally {
    spy.mockRestore();
  }
  const exitCode = process.exitCode;
  process.exitCode = undefined;
  const same = (text: string) => text.replace(/ghadelimiter_[0-9a-f-]{36}/g, 'ghadelimiter_X');
  const files: Record<string, string | null> = {};
  for (const name of FILES) {
    try {
      files[name] = same(readFileSync(join(dir, name), 'utf8'));
    } catch {
      files[name] = null;
    }
  }
  return { stdout: same(stdout), files, result, exitCode };
}

const TEXT = 'line 1\r\nline 2: 50% done, a,b';
const cases: [string, (io: ActionIO) => unknown, () => unknown, boolean[]?][] = [
  ['getInput', (io) => io.getInput('my input'), () => core.getInput('my input')],
  ['setOutput', (io) => io.setOutput('out', TEXT), () => core.setOutput('out', TEXT)],
  ['saveState', (io) => io.saveState('state', TEXT), () => core.saveState('state', TEXT)],
  ['setSecret', (io) => io.setSecret('s3cr%t'), () => core.setSecret('s3cr%t')],
  ['info', (io) => io.info(TEXT), () => core.info(TEXT)],
  ['debug', (io) => io.debug(TEXT), () => core.debug(TEXT)],
  ['warning', (io) => io.warning(TEXT), () => core.warning(TEXT)],
  ['warning with no property set', (io) => io.warning(TEXT, {}), () => core.warning(TEXT, {})],
  [
    'error with properties',
    (io) => io.error(TEXT, { title: 'a: b, c', file: 'x.ts', startLine: 3, endLine: 0 }),
    () => core.error(TEXT, { title: 'a: b, c', file: 'x.ts', startLine: 3, endLine: 0 }),
  ],
  [
    'notice with an empty title',
    (io) => io.notice(TEXT, { title: '', startLine: 1 }),
    () => core.notice(TEXT, { title: '', startLine: 1 }),
  ],
  ['setFailed', (io) => io.setFailed(TEXT), () => core.setFailed(TEXT)],
  ['group', (io) => io.group('a group', async () => 42), () => core.group('a group', async () => 42)],
  [
    'group whose work fails',
    (io) =>
      io.group('a group', async () => {
        throw new Error('failed inside');
      }),
    () =>
      core.group('a group', async () => {
        throw new Error('failed inside');
      }),
  ],
  [
    'appendSummary',
    async (io) => {
      await io.appendSummary('# one');
      await io.appendSummary(TEXT);
    },
    async () => {
      await core.summary.addRaw('# one', true).write();
      await core.summary.addRaw(TEXT, true).write();
    },
    // With the runner's file only: @actions/core keeps the summary path of its first write.
    [true],
  ],
];

describe('runner I/O without @actions/core', () => {
  it.each(cases)(
    '%s writes what @actions/core writes, with and without the runner files',
    async (_name, ours, theirs, modes = [true, false]) => {
      process.env.INPUT_MY_INPUT = '  value  ';
      for (const withFiles of modes) {
        const expected = await effects(withFiles, theirs);
        const actual = await effects(withFiles, () => ours(actionsCoreIO()));
        expect(actual).toEqual(expected);
      }
    },
  );

  it('refuses a missing output file and an unreadable summary file with @actions/core messages', async () => {
    const gone = join(dir, 'gone');
    process.env.GITHUB_OUTPUT = gone;
    expect(() => actionsCoreIO().setOutput('a', 'b')).toThrow(`Missing file at path: ${gone}`);
    expect(() => core.setOutput('a', 'b')).toThrow(`Missing file at path: ${gone}`);
    const none = await effects(false, () => actionsCoreIO().appendSummary('x'));
    expect(none).toMatchObject({ stdout: '', result: { value: undefined } });
    expect(Object.values(none.files)).toEqual([null, null, null]);
    const io = actionsCoreIO({ GITHUB_STEP_SUMMARY: gone });
    process.env.GITHUB_STEP_SUMMARY = gone;
    await expect(io.appendSummary('x')).rejects.toThrow(
      `Unable to access summary file: '${gone}'. Check if the file has correct read/write permissions.`,
    );
  });
});
