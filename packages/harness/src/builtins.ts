import { cpSync, existsSync, globSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';

/** What a replacement for a `uses:` step receives. */
export interface StepOverrideContext {
  /** The step as written in the workflow (`uses`, `with`, `id`, ...). */
  step: Record<string, unknown>;
  jobId: string;
  /** `with:` values, evaluated. */
  inputs: Record<string, string>;
  /** Environment the step would run with. */
  env: Record<string, string>;
  workspace: string;
  runnerTemp: string;
  artifactsDir: string;
  repoRoot: string;
  /** Appends a line to the step log (masked). */
  log: (line: string) => void;
}

export interface StepOverrideResult {
  outputs?: Record<string, string>;
  /** Non-zero fails the step. Default 0. Throwing fails the step as well. */
  exitCode?: number;
  /** Variables to add as if written to GITHUB_ENV. */
  env?: Record<string, string>;
  /** Directories to add as if written to GITHUB_PATH. */
  path?: string[];
  summary?: string;
}

/** A local replacement for a (third-party) action. */
export type StepOverride = (
  ctx: StepOverrideContext,
) => StepOverrideResult | undefined | Promise<StepOverrideResult | undefined>;

export type CheckoutMode = 'none' | 'copy';

const COPY_EXCLUDE = new Set(['node_modules', '.git']);

function checkout(mode: CheckoutMode): StepOverride {
  return (ctx) => {
    const dest = path.resolve(ctx.workspace, ctx.inputs.path || '.');
    if (mode === 'copy') {
      mkdirSync(dest, { recursive: true });
      cpSync(ctx.repoRoot, dest, {
        recursive: true,
        filter: (src) => !COPY_EXCLUDE.has(path.basename(src)) || src === ctx.repoRoot,
      });
      ctx.log(`Copied ${ctx.repoRoot} into ${dest} (node_modules and .git left out)`);
    } else {
      ctx.log('Checkout emulated as a no-op');
    }
    return { outputs: { ref: ctx.inputs.ref ?? '', commit: '' } };
  };
}

function hasGlob(p: string): boolean {
  return /[*?[\]{}]/.test(p);
}

/** Directory an upload path contributes to the artifact root computation. */
function searchRoot(abs: string): string {
  if (hasGlob(abs)) {
    const segs = abs.split(path.sep);
    const idx = segs.findIndex(hasGlob);
    return segs.slice(0, idx).join(path.sep) || path.sep;
  }
  return existsSync(abs) && statSync(abs).isDirectory() ? abs : path.dirname(abs);
}

function commonAncestor(dirs: string[]): string {
  if (dirs.length === 0) return path.sep;
  let parts = dirs[0]!.split(path.sep);
  for (const d of dirs.slice(1)) {
    const other = d.split(path.sep);
    let i = 0;
    while (i < parts.length && i < other.length && parts[i] === other[i]) i++;
    parts = parts.slice(0, i);
  }
  return parts.join(path.sep) || path.sep;
}

function listFiles(abs: string): string[] {
  if (!existsSync(abs)) return [];
  if (statSync(abs).isFile()) return [abs];
  return readdirSync(abs, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name));
}

let artifactCounter = 0;

function uploadArtifact(): StepOverride {
  return (ctx) => {
    const name = ctx.inputs.name || 'artifact';
    const lines = (ctx.inputs.path ?? '')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '');
    if (lines.length === 0) throw new Error('Input required and not supplied: path');
    const includes = lines.filter((l) => !l.startsWith('!')).map((l) => path.resolve(ctx.workspace, l));
    const excludes = lines
      .filter((l) => l.startsWith('!'))
      .map((l) => path.resolve(ctx.workspace, l.slice(1)));
    const files = new Set<string>();
    for (const inc of includes) {
      const matches = hasGlob(inc) ? globSync(inc).map((m) => path.resolve(m)) : [inc];
      for (const m of matches) for (const f of listFiles(m)) files.add(f);
    }
    for (const f of [...files]) {
      if (excludes.some((ex) => f === ex || f.startsWith(ex + path.sep) || path.matchesGlob(f, ex)))
        files.delete(f);
    }
    const ifNone = ctx.inputs['if-no-files-found'] || 'warn';
    if (files.size === 0) {
      const msg = `No files were found with the provided path: ${lines.join(', ')}. No artifacts will be uploaded.`;
      if (ifNone === 'error') throw new Error(msg);
      if (ifNone === 'warn') ctx.log(`##[warning]${msg}`);
      else ctx.log(msg);
      return { outputs: {} as Record<string, string> };
    }
    const dest = path.join(ctx.artifactsDir, name);
    if (existsSync(dest)) {
      if (ctx.inputs.overwrite !== 'true') {
        throw new Error(
          `Failed to CreateArtifact: an artifact with this name already exists on the workflow run: ${name}`,
        );
      }
      rmSync(dest, { recursive: true, force: true });
    }
    const root = commonAncestor(includes.map(searchRoot));
    for (const f of files) {
      const target = path.join(dest, path.relative(root, f));
      mkdirSync(path.dirname(target), { recursive: true });
      cpSync(f, target);
    }
    const id = String(++artifactCounter);
    ctx.log(`Artifact ${name} has been successfully uploaded (${files.size} file(s))`);
    return { outputs: { 'artifact-id': id, 'artifact-url': `file://${dest}` } };
  };
}

function downloadArtifact(): StepOverride {
  return (ctx) => {
    const target = path.resolve(ctx.workspace, ctx.inputs.path || '.');
    const name = ctx.inputs.name ?? '';
    if (name !== '') {
      const src = path.join(ctx.artifactsDir, name);
      if (!existsSync(src))
        throw new Error(`Unable to download artifact(s): Artifact not found for name: ${name}`);
      mkdirSync(target, { recursive: true });
      cpSync(src, target, { recursive: true });
      ctx.log(`Downloaded artifact ${name} to ${target}`);
      return { outputs: { 'download-path': target } };
    }
    const pattern = ctx.inputs.pattern ?? '';
    const merge = ctx.inputs['merge-multiple'] === 'true';
    const names = existsSync(ctx.artifactsDir)
      ? readdirSync(ctx.artifactsDir).filter((n) => pattern === '' || path.matchesGlob(n, pattern))
      : [];
    for (const n of names) {
      const dest = merge ? target : path.join(target, n);
      mkdirSync(dest, { recursive: true });
      cpSync(path.join(ctx.artifactsDir, n), dest, { recursive: true });
    }
    ctx.log(`Downloaded ${names.length} artifact(s) to ${target}`);
    return { outputs: { 'download-path': target } };
  };
}

const cacheMiss: StepOverride = (ctx) => {
  ctx.log(`Cache not found for input keys: ${ctx.inputs.key ?? ''} (emulated: always a miss)`);
  return { outputs: { 'cache-hit': 'false' } };
};

/** The built-in emulation of a well-known action, keyed by `owner/repo[/path]` (no `@ref`). */
export function builtinOverride(uses: string, checkoutMode: CheckoutMode): StepOverride | undefined {
  const name = uses.split('@')[0]!.toLowerCase();
  switch (name) {
    case 'actions/checkout':
      return checkout(checkoutMode);
    case 'actions/upload-artifact':
      return uploadArtifact();
    case 'actions/download-artifact':
      return downloadArtifact();
    case 'actions/cache':
    case 'actions/cache/restore':
      return cacheMiss;
    case 'actions/cache/save':
      return (ctx) => {
        ctx.log('Cache save emulated as a no-op');
        return {};
      };
    case 'actions/setup-node':
      return () => ({ outputs: { 'node-version': process.version } });
    default:
      return undefined;
  }
}
