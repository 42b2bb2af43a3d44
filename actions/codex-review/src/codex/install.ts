import { execFile, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { loadActionsCache } from '@codex-suite/core/actions-cache';
import { CODEX_PINS, type CodexPin, pinnedVersions } from './pins.js';

const execFileAsync = promisify(execFile);

/**
 * The Codex CLI at a pinned version, run only from tarballs whose sha512 matches the pin compiled
 * into the bundle. Tarballs are kept in `<toolCache>/codex/<version>/` (and in the Actions cache
 * when the runner has one); whatever is found there — planted or stale — is hashed again before
 * use and deleted when it does not match. Each run extracts the verified tarballs into a fresh
 * private folder: no extracted tree from a cache ever runs, and nothing runs to "check" a copy.
 * Fetching uses `npm pack --ignore-scripts` with a scrubbed environment; nothing is installed by
 * npm, so no lifecycle script runs.
 */
export interface CodexInstallation {
  readonly version: string;
  /** the run's private folder holding the extracted CLI */
  readonly dir: string;
  /** the CLI's node entry (`bin/codex.js`), run with the current node */
  readonly entry: string;
  /** where the tarballs came from this time (the least trusted source used) */
  readonly source: 'tool-cache' | 'actions-cache' | 'npm';
  /** removes `dir` */
  remove(): Promise<void>;
}

/** The Actions cache, behind a seam so tests can play a poisoned restore. */
export interface TarballCache {
  restore(dir: string, key: string): Promise<boolean>;
  save(dir: string, key: string): Promise<void>;
}

export interface InstallOptions {
  readonly version: string;
  /** RUNNER_TOOL_CACHE (or any folder that survives between uses) */
  readonly toolCache: string;
  /** where the run's private copy is extracted (RUNNER_TEMP) */
  readonly runDir: string;
  readonly log?: (message: string) => void;
  /** the Actions cache; absent when the runner has none */
  readonly cache?: TarballCache;
  /** the environment npm may see (proxy and registry settings are kept, credentials dropped) */
  readonly env?: NodeJS.ProcessEnv;
  /** the npm executable (default `npm` from PATH) */
  readonly npm?: string;
}

export const CODEX_PACKAGE = '@openai/codex';

export function isValidVersion(version: string): boolean {
  return /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(version);
}

export function tarballDir(toolCache: string, version: string): string {
  return join(toolCache, 'codex', version);
}

export function platformKey(platform = process.platform, arch = process.arch): string {
  return `${platform}-${arch}`;
}

interface Tarball {
  /** npm spec, e.g. `@openai/codex@0.169.0-linux-x64` */
  readonly spec: string;
  /** file name npm pack gives it */
  readonly file: string;
  readonly integrity: string;
  /** folder under node_modules it is extracted into */
  readonly into: string;
}

export function pinnedTarballs(version: string, pin: CodexPin, platform = platformKey()): Tarball[] {
  const native = pin.platforms[platform];
  if (!native)
    throw new Error(
      `The Codex CLI ${version} has no pinned build for ${platform} (pinned: ${Object.keys(pin.platforms).join(', ')}).`,
    );
  return [
    {
      spec: `${CODEX_PACKAGE}@${version}`,
      file: `openai-codex-${version}.tgz`,
      integrity: pin.launcher,
      into: '@openai/codex',
    },
    {
      spec: `${CODEX_PACKAGE}@${version}-${platform}`,
      file: `openai-codex-${version}-${platform}.tgz`,
      integrity: native,
      into: `@openai/codex-${platform}`,
    },
  ];
}

export function integrityOf(bytes: Buffer): string {
  return `sha512-${createHash('sha512').update(bytes).digest('base64')}`;
}

/** `sha512-<base64>` of a file; undefined when there is none. */
export async function fileIntegrity(path: string): Promise<string | undefined> {
  const bytes = await readFile(path).catch(() => undefined);
  return bytes ? integrityOf(bytes) : undefined;
}

/** What npm may see: how to reach the registry, never a credential of the run. */
export function npmEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const keep =
    /^(PATH|HOME|USERPROFILE|APPDATA|LOCALAPPDATA|SYSTEMROOT|COMSPEC|TEMP|TMP|TMPDIR|HTTPS?_PROXY|NO_PROXY|npm_config_(registry|cache|userconfig|proxy|https_proxy|noproxy|cafile|strict_ssl))$/i;
  const out: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(env))
    if (value !== undefined && keep.test(name)) out[name] = value;
  return out;
}

export async function installCodex(options: InstallOptions): Promise<CodexInstallation> {
  const { version, toolCache } = options;
  if (!isValidVersion(version))
    throw new Error(`codex-version "${version}" is not a version number (e.g. 0.169.0).`);
  const pin = CODEX_PINS[version];
  if (!pin)
    throw new Error(
      `codex-version ${version} is not pinned by this release of the suite (pinned: ${pinnedVersions().join(', ')}); only pinned versions run.`,
    );
  const log = options.log ?? (() => {});
  const tarballs = pinnedTarballs(version, pin);
  const cacheDir = tarballDir(toolCache, version);
  await mkdir(cacheDir, { recursive: true });

  // The bytes that were hashed are the bytes that get extracted: nothing can swap the file between.
  const verified = new Map<string, Buffer>();
  const verifiedAll = async (): Promise<boolean> => {
    for (const t of tarballs) {
      if (verified.has(t.file)) continue;
      const path = join(cacheDir, t.file);
      const bytes = await readFile(path).catch(() => undefined);
      if (!bytes) continue;
      if (integrityOf(bytes) === t.integrity) verified.set(t.file, bytes);
      else {
        log(`Codex CLI: ${path} does not match the pinned integrity of ${t.spec}; removed.`);
        await rm(path, { force: true });
      }
    }
    return verified.size === tarballs.length;
  };

  let source: CodexInstallation['source'] = 'tool-cache';
  const cacheKey = `codex-cli-tarballs-${version}-${platformKey()}`;
  if (!(await verifiedAll())) {
    source = 'actions-cache';
    const restored = options.cache
      ? await options.cache.restore(cacheDir, cacheKey).catch(() => false)
      : false;
    if (!restored || !(await verifiedAll())) {
      source = 'npm';
      for (const t of tarballs) await fetchTarball(t, cacheDir, options, log);
      if (!(await verifiedAll()))
        throw new Error(
          `${CODEX_PACKAGE}@${version}: the downloaded tarballs do not match the pinned integrity.`,
        );
      if (options.cache)
        await options.cache
          .save(cacheDir, cacheKey)
          .catch((e: Error) => log(`Actions cache not saved: ${e.message}`));
    }
  }
  log(`Codex CLI ${version}: tarballs verified against the pinned sha512 (${source})`);

  await mkdir(options.runDir, { recursive: true });
  const dir = await mkdtemp(join(options.runDir, 'codex-cli-'));
  for (const t of tarballs) {
    const into = join(dir, 'node_modules', t.into);
    await mkdir(into, { recursive: true });
    // From the bytes that were hashed, not the file: a copy swapped on disk since is never read.
    await extract(verified.get(t.file)!, into, npmEnv(options.env ?? process.env));
  }
  return {
    version,
    dir,
    entry: join(dir, 'node_modules', '@openai', 'codex', 'bin', 'codex.js'),
    source,
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

/** Extracts a verified npm tarball (its `package/` folder) from memory with the system tar. */
function extract(tgz: Buffer, into: string, env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const tar = spawn('tar', ['-xzf', '-', '-C', into, '--strip-components=1', '--no-same-owner'], {
      env,
      stdio: ['pipe', 'ignore', 'pipe'],
      timeout: 5 * 60_000,
    });
    let stderr = '';
    tar.stderr.on('data', (chunk) => {
      stderr += String(chunk);
    });
    tar.once('error', reject);
    // tar that stops early closes its input; the close below says why.
    tar.stdin.once('error', () => {});
    tar.once('close', (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`tar could not extract into ${into}: ${stderr.trim().slice(-400)}`)),
    );
    tar.stdin.end(tgz);
  });
}

/** `npm pack` into a private folder, then an atomic rename into the tarball folder. */
async function fetchTarball(
  tarball: Tarball,
  cacheDir: string,
  options: InstallOptions,
  log: (m: string) => void,
): Promise<void> {
  const target = join(cacheDir, tarball.file);
  if ((await fileIntegrity(target)) === tarball.integrity) return;
  const staging = join(cacheDir, `.pack-${randomBytes(6).toString('hex')}`);
  await mkdir(staging, { recursive: true });
  try {
    log(`Codex CLI: npm pack ${tarball.spec} --ignore-scripts`);
    const npm = options.npm ?? (process.platform === 'win32' ? 'npm.cmd' : 'npm');
    try {
      await execFileAsync(
        npm,
        ['pack', tarball.spec, '--ignore-scripts', '--pack-destination', staging, '--loglevel=error'],
        {
          cwd: staging,
          env: npmEnv(options.env ?? process.env),
          timeout: 10 * 60_000,
          maxBuffer: 16 * 1024 * 1024,
          shell: process.platform === 'win32',
        },
      );
    } catch (error) {
      const e = error as { stderr?: string; message?: string };
      throw new Error(
        `npm could not fetch ${tarball.spec}: ${(e.stderr || e.message || '').trim().slice(-800)}`,
      );
    }
    const [packed] = (await readdir(staging)).filter((f) => f.endsWith('.tgz'));
    if (!packed) throw new Error(`npm pack ${tarball.spec} wrote no tarball.`);
    await rename(join(staging, packed), target);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/** The runner's Actions cache (@actions/cache), when its service is configured. */
export function actionsTarballCache(
  env: NodeJS.ProcessEnv,
  log: (m: string) => void,
): TarballCache | undefined {
  if (!env.ACTIONS_RESULTS_URL && !env.ACTIONS_CACHE_URL) return undefined;
  return {
    restore: async (dir, key) => {
      try {
        const cache = await loadActionsCache();
        if (!cache.isFeatureAvailable()) return false;
        return (await cache.restoreCache([dir], key)) !== undefined;
      } catch (error) {
        log(`Actions cache not used (restore: ${(error as Error).message})`);
        return false;
      }
    },
    save: async (dir, key) => {
      try {
        const cache = await loadActionsCache();
        if (!cache.isFeatureAvailable()) return;
        await cache.saveCache([dir], key);
        log(`Codex CLI tarballs saved to the Actions cache (${key})`);
      } catch (error) {
        // Another job saving the same key first is normal; the verified copy on disk is what matters.
        log(`Actions cache not saved: ${(error as Error).message}`);
      }
    },
  };
}
