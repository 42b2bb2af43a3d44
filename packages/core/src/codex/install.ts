import { execFile } from 'node:child_process';
import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/**
 * The Codex CLI at a pinned version, installed with npm into `<toolCache>/codex/<version>`
 * (never globally), reused when a working copy is already there, and carried between runs by
 * the Actions cache when the runner offers one.
 */
export interface CodexInstallation {
  readonly version: string;
  readonly dir: string;
  /** the CLI's node entry (`bin/codex.js`), run with the current node */
  readonly entry: string;
  /** where it came from this time */
  readonly source: 'tool-cache' | 'actions-cache' | 'npm';
}

export interface InstallOptions {
  readonly version: string;
  /** RUNNER_TOOL_CACHE (or any folder that survives between uses) */
  readonly toolCache: string;
  readonly log?: (message: string) => void;
  /** use @actions/cache when the runner's cache service is configured (default true) */
  readonly actionsCache?: boolean;
  readonly env?: NodeJS.ProcessEnv;
  /** the npm executable (default `npm` from PATH) */
  readonly npm?: string;
  /** longest wait for another process installing the same version (default 15 min) */
  readonly lockTimeoutMs?: number;
}

export const CODEX_PACKAGE = '@openai/codex';

export function codexInstallDir(toolCache: string, version: string): string {
  return join(toolCache, 'codex', version);
}

export function codexEntry(dir: string): string {
  return join(dir, 'node_modules', '@openai', 'codex', 'bin', 'codex.js');
}

export function isValidVersion(version: string): boolean {
  return /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(version);
}

/** The version a working installation reports (`codex-cli 0.169.0`), or undefined. */
export async function installedVersion(dir: string): Promise<string | undefined> {
  try {
    const { stdout } = await execFileAsync(process.execPath, [codexEntry(dir), '--version'], {
      timeout: 30_000,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
    });
    return /(\d+\.\d+\.\d+\S*)/.exec(stdout)?.[1];
  } catch {
    return undefined;
  }
}

export async function installCodex(options: InstallOptions): Promise<CodexInstallation> {
  const { version, toolCache } = options;
  if (!isValidVersion(version))
    throw new Error(`codex-version "${version}" is not a version number (e.g. 0.169.0).`);
  const log = options.log ?? (() => {});
  const dir = codexInstallDir(toolCache, version);
  const found = (source: CodexInstallation['source']): CodexInstallation => ({
    version,
    dir,
    entry: codexEntry(dir),
    source,
  });

  if ((await installedVersion(dir)) === version) {
    log(`Codex CLI ${version}: reusing ${dir}`);
    return found('tool-cache');
  }
  await mkdir(join(toolCache, 'codex'), { recursive: true });
  const release = await acquireLock(`${dir}.lock`, options.lockTimeoutMs ?? 15 * 60_000, log);
  try {
    // Someone else may have finished while we waited.
    if ((await installedVersion(dir)) === version) {
      log(`Codex CLI ${version}: installed meanwhile at ${dir}`);
      return found('tool-cache');
    }
    const env = options.env ?? process.env;
    const cacheKey = `codex-cli-${version}-${process.platform}-${process.arch}`;
    const cacheWanted =
      (options.actionsCache ?? true) && Boolean(env.ACTIONS_RESULTS_URL || env.ACTIONS_CACHE_URL);
    if (cacheWanted) {
      const restored = await restoreFromActionsCache(dir, cacheKey, log);
      if (restored && (await installedVersion(dir)) === version) {
        log(`Codex CLI ${version}: restored from the Actions cache (${cacheKey})`);
        return found('actions-cache');
      }
    }
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    log(`Codex CLI ${version}: npm install --prefix ${dir} ${CODEX_PACKAGE}@${version}`);
    const npm = options.npm ?? (process.platform === 'win32' ? 'npm.cmd' : 'npm');
    try {
      await execFileAsync(
        npm,
        [
          'install',
          '--prefix',
          dir,
          '--no-audit',
          '--no-fund',
          '--loglevel=error',
          `${CODEX_PACKAGE}@${version}`,
        ],
        { timeout: 10 * 60_000, maxBuffer: 16 * 1024 * 1024, shell: process.platform === 'win32' },
      );
    } catch (error) {
      const e = error as { stderr?: string; message?: string };
      await rm(dir, { recursive: true, force: true });
      throw new Error(
        `npm could not install ${CODEX_PACKAGE}@${version}: ${(e.stderr || e.message || '').trim().slice(-800)}`,
      );
    }
    const got = await installedVersion(dir);
    if (got !== version) {
      throw new Error(
        `${CODEX_PACKAGE}@${version} was installed but \`codex --version\` reports ${got ?? 'nothing'}.`,
      );
    }
    if (cacheWanted) await saveToActionsCache(dir, cacheKey, log);
    return found('npm');
  } finally {
    await release();
  }
}

async function restoreFromActionsCache(dir: string, key: string, log: (m: string) => void): Promise<boolean> {
  try {
    const cache = await import('@actions/cache');
    if (!cache.isFeatureAvailable()) return false;
    return (await cache.restoreCache([dir], key)) !== undefined;
  } catch (error) {
    log(`Actions cache not used (restore: ${(error as Error).message})`);
    return false;
  }
}

async function saveToActionsCache(dir: string, key: string, log: (m: string) => void): Promise<void> {
  try {
    const cache = await import('@actions/cache');
    if (!cache.isFeatureAvailable()) return;
    await cache.saveCache([dir], key);
    log(`Codex CLI saved to the Actions cache (${key})`);
  } catch (error) {
    // Another job saving the same key first is normal; the copy on disk is what matters.
    log(`Actions cache not saved: ${(error as Error).message}`);
  }
}

/**
 * A lock folder (mkdir is atomic): parallel test files and parallel jobs on one self-hosted
 * runner install a version once. A lock older than the timeout is from a dead process.
 */
async function acquireLock(
  path: string,
  timeoutMs: number,
  log: (m: string) => void,
): Promise<() => Promise<void>> {
  const started = Date.now();
  let said = false;
  for (;;) {
    try {
      await mkdir(path);
      await writeFile(join(path, 'owner'), `${process.pid}\n`).catch(() => {});
      return () => rm(path, { recursive: true, force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const age = await stat(path).then(
      (s) => Date.now() - s.mtimeMs,
      () => 0,
    );
    if (age > timeoutMs) {
      log(`Removing a stale install lock ${path}`);
      await rm(path, { recursive: true, force: true });
      continue;
    }
    if (Date.now() - started > timeoutMs) throw new Error(`Timed out waiting for the install lock ${path}`);
    if (!said) {
      log(`Waiting for another installation of the Codex CLI (${path})`);
      said = true;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}
