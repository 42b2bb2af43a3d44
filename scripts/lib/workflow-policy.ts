/**
 * The suite's security and reliability rules for GitHub workflow files, beyond what actionlint and
 * GitHub's parser check. Pure: text in, violations out.
 *
 * Rules:
 * - `injection`: a `${{ }}` expression inside `run:` that reads anything but a few runner-controlled
 *   values (event data, inputs, outputs, vars, secrets go through `env:` instead).
 * - `permissions`: a job without `permissions:` (its own or the workflow's), or `write-all`.
 * - `unpinned-action`: a third-party action or reusable workflow not pinned to a 40-hex commit SHA,
 *   or pinned without a `# vX` comment naming the version.
 * - `continue-on-error`: in an advisory workflow (the suite's `codex-*.yml`), a job with steps that
 *   lacks `continue-on-error: true`.
 * - `codex-home`: a job that runs a suite stage or the Codex CLI without first making a fresh,
 *   private CODEX_HOME (`mkdir -m 700` under the runner's temp, exported through GITHUB_ENV).
 * - `persist-credentials`: `actions/checkout` without `persist-credentials: false`.
 * - `pull-request-target`: the workflow is triggered by `pull_request_target`.
 * - `self-reference`: in the suite's own workflows (`.github/workflows/` of this repository), a
 *   suite action or workflow referenced other than as `$/<path>`. `owner/repo/x@v1` would run
 *   whatever `v1` points to, not the commit the caller pinned; `./x` would resolve in the caller's
 *   checkout.
 */
import { parse } from 'yaml';

export type PolicyRule =
  | 'injection'
  | 'permissions'
  | 'unpinned-action'
  | 'continue-on-error'
  | 'codex-home'
  | 'persist-credentials'
  | 'pull-request-target'
  | 'self-reference'
  | 'syntax';

export interface PolicyViolation {
  rule: PolicyRule;
  message: string;
  job?: string;
  /** Step name, id or index within the job. */
  step?: string;
}

export interface PolicyOptions {
  /** File path, for the advisory default and messages. */
  path?: string;
  /** Every job must carry `continue-on-error: true`. Default: the file is named `codex-*.yml`. */
  advisory?: boolean;
  /** `owner/repo` of this suite: callers reference it by release tag, not by SHA. */
  suiteRepository?: string;
  /** The file is one of the suite's own workflows. Default: it lives in `.github/workflows/`. */
  suiteWorkflow?: boolean;
}

export const SUITE_REPOSITORY = 'codex-suite/codex-suite';

/** Values the runner controls; safe to interpolate into a script. */
const SAFE_REFERENCES = new Set([
  'runner.temp',
  'runner.os',
  'runner.arch',
  'runner.tool_cache',
  'github.run_id',
  'github.run_number',
  'github.run_attempt',
  'github.job',
  'github.workspace',
  'github.action_path',
  'github.sha',
  'github.repository_id',
  'github.event_name',
  'github.api_url',
  'github.server_url',
  'strategy.job-index',
  'strategy.job-total',
]);

const CONTEXTS = 'github|inputs|env|vars|secrets|steps|needs|matrix|strategy|runner|job|jobs';
const REFERENCE = new RegExp(`\\b(?:${CONTEXTS})(?:\\.[A-Za-z_][\\w-]*|\\[[^\\]]*\\]|\\.\\*)*`, 'g');
const EXPRESSION = /\$\{\{([\s\S]*?)\}\}/g;
const SHA = /^[0-9a-f]{40}$/;

type Obj = Record<string, unknown>;

function asObj(value: unknown): Obj {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Obj) : {};
}

function stepLabel(step: Obj, index: number): string {
  if (typeof step.name === 'string') return step.name;
  if (typeof step.id === 'string') return step.id;
  return `#${index + 1}`;
}

/** The context references of the expressions in a script that are not runner-controlled. */
export function unsafeReferences(script: string): string[] {
  const found: string[] = [];
  for (const match of script.matchAll(EXPRESSION)) {
    const body = (match[1] ?? '').replace(/'(?:[^']|'')*'/g, "''");
    const refs = body.match(REFERENCE) ?? [];
    if (refs.length === 0 && body.trim() !== '') found.push(body.trim());
    for (const ref of refs) if (!SAFE_REFERENCES.has(ref)) found.push(ref);
  }
  return found;
}

function triggers(doc: Obj): string[] {
  const on = doc.on ?? doc.true;
  if (typeof on === 'string') return [on];
  if (Array.isArray(on)) return on.map(String);
  return Object.keys(asObj(on));
}

/** `uses:` lines with their trailing comment, for the version-comment check. */
function usesComments(text: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const line of text.split('\n')) {
    const m = /^\s*(?:-\s+)?uses:\s*['"]?([^'"\s#]+)['"]?\s*(?:#\s*(.*))?$/.exec(line);
    if (!m) continue;
    const list = out.get(m[1]!) ?? [];
    list.push((m[2] ?? '').trim());
    out.set(m[1]!, list);
  }
  return out;
}

function isSuiteReference(uses: string, suite: string): boolean {
  return uses.toLowerCase().startsWith(`${suite.toLowerCase()}/`);
}

/** Why a `uses:` in one of the suite's own workflows does not reach the running commit, if it does not. */
function selfReferenceViolation(uses: string, suite: string): string | undefined {
  if (isSuiteReference(uses, suite)) {
    return `"${uses}" runs whatever that ref points to, not the commit the caller pinned; write "$/${uses.slice(suite.length + 1).replace(/@.*$/, '')}"`;
  }
  if (/^\.\/(actions\/|\.github\/workflows\/)/.test(uses)) {
    return `"${uses}" resolves in the caller's checkout; write "$/${uses.slice(2)}"`;
  }
  return undefined;
}

function pinViolation(uses: string, comments: Map<string, string[]>, suite: string): string | undefined {
  if (
    uses.startsWith('./') ||
    uses.startsWith('$/') ||
    uses.startsWith('docker://') ||
    isSuiteReference(uses, suite)
  )
    return undefined;
  const at = uses.lastIndexOf('@');
  if (at < 0) return `"${uses}" has no ref; pin it to a full commit SHA`;
  const ref = uses.slice(at + 1);
  if (!SHA.test(ref)) return `"${uses}" is not pinned to a full 40-character commit SHA`;
  const notes = comments.get(uses) ?? [];
  if (notes.length === 0 || notes.some((n) => !/^v\d/.test(n))) {
    return `"${uses}" is pinned without a "# vX" comment naming the version`;
  }
  return undefined;
}

/** Steps that run a suite stage or the Codex CLI: they need a fresh CODEX_HOME before them. */
function isCodexStep(step: Obj, suite: string): boolean {
  const uses = typeof step.uses === 'string' ? step.uses : '';
  if (uses) {
    if (/^(\.|\$)\/actions\//.test(uses)) return true;
    if (isSuiteReference(uses, suite) && uses.includes('/actions/')) return true;
    if (/^openai\/codex-action@/i.test(uses)) return true;
    return false;
  }
  const run = typeof step.run === 'string' ? step.run : '';
  return /(^|[\s;&|(])(npx\s+(-y\s+)?@openai\/codex|codex)\s+(exec|review|login|--)/m.test(run);
}

function makesFreshCodexHome(step: Obj, jobEnv: Obj): boolean {
  const run = typeof step.run === 'string' ? step.run : '';
  if (!/\bmkdir\b[^\n]*-m\s*0?700\b/.test(run)) return false;
  const exported = /CODEX_HOME=/.test(run) && /GITHUB_ENV/.test(run);
  const inEnv = [asObj(step.env).CODEX_HOME, jobEnv.CODEX_HOME].some(
    (v) => typeof v === 'string' && /runner\.temp|RUNNER_TEMP/.test(v),
  );
  const underTemp = /RUNNER_TEMP|runner\.temp/.test(run) || inEnv;
  return (exported || inEnv) && underTemp;
}

function checkJob(
  id: string,
  job: Obj,
  workflowHasPermissions: boolean,
  options: Required<Pick<PolicyOptions, 'advisory' | 'suiteRepository' | 'suiteWorkflow'>>,
  comments: Map<string, string[]>,
): PolicyViolation[] {
  const out: PolicyViolation[] = [];
  if (job.permissions === undefined && !workflowHasPermissions) {
    out.push({ rule: 'permissions', job: id, message: `job "${id}" has no permissions: block` });
  }
  if (job.permissions === 'write-all') {
    out.push({ rule: 'permissions', job: id, message: `job "${id}" asks for write-all permissions` });
  }
  const selfProblem = (uses: string) =>
    options.suiteWorkflow ? selfReferenceViolation(uses, options.suiteRepository) : undefined;
  if (typeof job.uses === 'string') {
    const problem = pinViolation(job.uses, comments, options.suiteRepository);
    if (problem) out.push({ rule: 'unpinned-action', job: id, message: problem });
    const self = selfProblem(job.uses);
    if (self) out.push({ rule: 'self-reference', job: id, message: self });
    return out; // a reusable-workflow call has no steps of its own
  }
  const steps = Array.isArray(job.steps) ? job.steps.map(asObj) : [];
  if (options.advisory && job['continue-on-error'] !== true) {
    out.push({
      rule: 'continue-on-error',
      job: id,
      message: `job "${id}" lacks continue-on-error: true (advisory jobs must never fail the run)`,
    });
  }
  let freshHome = false;
  const jobEnv = asObj(job.env);
  steps.forEach((step, index) => {
    const label = stepLabel(step, index);
    if (typeof step.run === 'string') {
      const unsafe = unsafeReferences(step.run);
      if (unsafe.length > 0) {
        out.push({
          rule: 'injection',
          job: id,
          step: label,
          message: `run: interpolates ${[...new Set(unsafe)].join(', ')}; pass it through env: instead`,
        });
      }
    }
    if (typeof step.uses === 'string') {
      const problem = pinViolation(step.uses, comments, options.suiteRepository);
      if (problem) out.push({ rule: 'unpinned-action', job: id, step: label, message: problem });
      const self = selfProblem(step.uses);
      if (self) out.push({ rule: 'self-reference', job: id, step: label, message: self });
      if (/^actions\/checkout@/i.test(step.uses)) {
        const persist = asObj(step.with)['persist-credentials'];
        if (persist !== false && persist !== 'false') {
          out.push({
            rule: 'persist-credentials',
            job: id,
            step: label,
            message: 'actions/checkout without persist-credentials: false leaves the token in .git/config',
          });
        }
      }
    }
    if (makesFreshCodexHome(step, jobEnv)) freshHome = true;
    if (isCodexStep(step, options.suiteRepository) && !freshHome) {
      out.push({
        rule: 'codex-home',
        job: id,
        step: label,
        message:
          'runs a Codex step without a fresh CODEX_HOME first (a step that does mkdir -m 700 under $RUNNER_TEMP and exports CODEX_HOME through $GITHUB_ENV)',
      });
      freshHome = true; // report once per job
    }
  });
  return out;
}

/** Checks one workflow file against the suite's policy. */
export function checkWorkflowPolicy(text: string, options: PolicyOptions = {}): PolicyViolation[] {
  let doc: Obj;
  try {
    doc = asObj(parse(text));
  } catch (error) {
    return [{ rule: 'syntax', message: `not valid YAML: ${(error as Error).message}` }];
  }
  const resolved = {
    advisory: options.advisory ?? /(^|[\\/])codex-[^\\/]*\.ya?ml$/.test(options.path ?? ''),
    suiteRepository: options.suiteRepository ?? SUITE_REPOSITORY,
    suiteWorkflow: options.suiteWorkflow ?? /(^|[\\/])\.github[\\/]workflows[\\/]/.test(options.path ?? ''),
  };
  const out: PolicyViolation[] = [];
  // GitHub reads anchors and aliases but rejects YAML merge keys.
  if (/^\s*(?:-\s+)?<<\s*:/m.test(text)) {
    out.push({ rule: 'syntax', message: 'YAML merge keys (<<) are not supported by GitHub Actions' });
  }
  if (triggers(doc).includes('pull_request_target')) {
    out.push({
      rule: 'pull-request-target',
      message:
        'pull_request_target runs with secrets and a write token on fork pull requests; use pull_request with the fork guard',
    });
  }
  if (doc.permissions === 'write-all') {
    out.push({ rule: 'permissions', message: 'the workflow asks for write-all permissions' });
  }
  const comments = usesComments(text);
  for (const [id, job] of Object.entries(asObj(doc.jobs))) {
    out.push(...checkJob(id, asObj(job), doc.permissions !== undefined, resolved, comments));
  }
  return out;
}

/** One line per violation, for test failures and CLI output. */
export function formatViolations(path: string, violations: readonly PolicyViolation[]): string {
  return violations
    .map(
      (v) =>
        `${path}: [${v.rule}]${v.job ? ` job ${v.job}` : ''}${v.step ? ` step "${v.step}"` : ''}: ${v.message}`,
    )
    .join('\n');
}
