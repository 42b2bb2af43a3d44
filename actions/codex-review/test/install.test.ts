import { copyFileSync, existsSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fileIntegrity, installCodex, npmEnv, type TarballCache, tarballDir } from '../src/codex/install.js';
import { CODEX_PINS } from '../src/codex/pins.js';
import { DEFAULT_CODEX_VERSION } from '../src/settings.js';
import { stage } from '../src/stage.js';
import { TOOL_CACHE, ensureCodex, tempDir, writeTarball } from './setup.js';

const VERSION = DEFAULT_CODEX_VERSION;
const LAUNCHER = `openai-codex-${VERSION}.tgz`;
const NATIVE = `openai-codex-${VERSION}-${process.platform}-${process.arch}.tgz`;

beforeAll(() => ensureCodex(), 600_000);

describe('the pinned installer', () => {
  it('a poisoned Actions cache restore is hashed, thrown away, and replaced from the registry', async () => {
    const toolCache = tempDir('codex-cache-restore-');
    const marker = join(toolCache, 'planted-code-ran');
    const restores: string[] = [];
    const poisoned: TarballCache = {
      restore: async (dir, key) => {
        restores.push(key);
        mkdirSync(dir, { recursive: true });
        const hostile = `require('node:fs').writeFileSync(${JSON.stringify(marker)}, 'ran');`;
        writeTarball(join(dir, LAUNCHER), { 'package/bin/codex.js': hostile });
        copyFileSync(join(tarballDir(TOOL_CACHE, VERSION), NATIVE), join(dir, NATIVE));
        return true;
      },
      save: async () => {},
    };
    const logs: string[] = [];
    const run = await installCodex({
      version: VERSION,
      toolCache,
      runDir: tempDir('codex-run-'),
      cache: poisoned,
      log: (m) => logs.push(m),
    });
    try {
      expect(restores).toEqual([`codex-cli-tarballs-${VERSION}-${process.platform}-${process.arch}`]);
      expect(run.source).toBe('npm');
      expect(logs.some((l) => l.includes(`${LAUNCHER} does not match the pinned integrity`))).toBe(true);
      expect(await fileIntegrity(join(tarballDir(toolCache, VERSION), LAUNCHER))).toBe(
        CODEX_PINS[VERSION]?.launcher,
      );
      // The run's copy is extracted from the verified tarball into its own folder.
      expect(run.entry.startsWith(run.dir)).toBe(true);
      expect(existsSync(run.entry)).toBe(true);
      expect(existsSync(marker)).toBe(false);
    } finally {
      await run.remove();
    }
    expect(existsSync(run.dir)).toBe(false);
  });

  it('a tarball swapped on disk after it was hashed never runs: the hashed bytes are extracted', async () => {
    const toolCache = tempDir('codex-cache-swap-');
    const dir = tarballDir(toolCache, VERSION);
    mkdirSync(dir, { recursive: true });
    copyFileSync(join(tarballDir(TOOL_CACHE, VERSION), LAUNCHER), join(dir, LAUNCHER));
    symlinkSync(join(tarballDir(TOOL_CACHE, VERSION), NATIVE), join(dir, NATIVE));
    const planted = `require('node:fs').writeFileSync(${JSON.stringify(join(toolCache, 'ran'))}, 'ran');`;
    const run = await installCodex({
      version: VERSION,
      toolCache,
      runDir: tempDir('codex-run-'),
      // Said once every tarball is verified and before any is extracted: the moment to swap one.
      log: (m) => {
        if (m.includes('tarballs verified'))
          writeTarball(join(dir, LAUNCHER), { 'package/bin/codex.js': planted });
      },
    });
    try {
      expect(run.source).toBe('tool-cache');
      // The swap happened: what is on disk now is not the pinned launcher.
      expect(await fileIntegrity(join(dir, LAUNCHER))).not.toBe(CODEX_PINS[VERSION]?.launcher);
      expect(readFileSync(run.entry, 'utf8')).not.toContain(planted);
      expect(readFileSync(run.entry, 'utf8')).toContain('codex');
    } finally {
      await run.remove();
    }
  });

  it('a verified tool cache is used as it is', async () => {
    const run = await installCodex({
      version: VERSION,
      toolCache: TOOL_CACHE,
      runDir: tempDir('codex-run-'),
    });
    expect(run.source).toBe('tool-cache');
    await run.remove();
  });

  it('refuses a version it has no pin for, before fetching anything', async () => {
    await expect(
      installCodex({
        version: '0.1.0',
        toolCache: tempDir('codex-unpinned-'),
        runDir: tempDir('codex-run-'),
      }),
    ).rejects.toThrow(/not pinned/);
    expect(stage.validate?.({ codexVersion: '0.1.0' } as never)).toEqual([
      expect.stringMatching(/not pinned/),
    ]);
    expect(stage.validate?.({ codexVersion: VERSION } as never)).toEqual([]);
  });

  it('npm sees how to reach the registry, never a credential of the step', () => {
    expect(
      npmEnv({
        PATH: '/bin',
        HOME: '/h',
        HTTPS_PROXY: 'http://proxy:3128',
        npm_config_registry: 'https://registry.example',
        NPM_TOKEN: 'x',
        NODE_AUTH_TOKEN: 'y',
        OPENAI_API_KEY: 'z',
        GITHUB_TOKEN: 'w',
      }),
    ).toEqual({
      PATH: '/bin',
      HOME: '/h',
      HTTPS_PROXY: 'http://proxy:3128',
      npm_config_registry: 'https://registry.example',
    });
  });
});
