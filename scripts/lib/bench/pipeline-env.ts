/**
 * The environment `codex-pipeline.yml` gives every job: its workflow-level `env:` block
 * (`CODEX_X: ${{ inputs.x || vars.CODEX_X }}` and the like), evaluated for a scheduled run — no
 * inputs — against the repository variables the benchmark sets. Unset variables come out as
 * empty strings, as on the runner (the settings treat an empty value as unset).
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

export const PIPELINE_WORKFLOW = '.github/workflows/codex-pipeline.yml';

/**
 * Evaluates the small expressions the workflow's env uses: `a || b || 'literal'` over
 * `inputs.*` (empty on a schedule), `vars.*` and literals; `x && 'y'` with `inputs.*` on the
 * left is empty (a boolean input is false on a schedule). Plain text is returned as is. Pure.
 */
export function evaluateEnvValue(value: string, vars: Readonly<Record<string, string>>): string {
  const m = /^\$\{\{\s*(.*?)\s*\}\}$/.exec(value.trim());
  if (!m) return value;
  for (const alternative of m[1]!.split('||').map((a) => a.trim())) {
    let v = '';
    if (alternative.includes('&&')) v = '';
    else if (alternative.startsWith('vars.')) v = vars[alternative.slice('vars.'.length)] ?? '';
    else if (alternative.startsWith('inputs.')) v = '';
    else if (/^'.*'$/.test(alternative)) v = alternative.slice(1, -1).replace(/''/g, "'");
    else throw new Error(`cannot evaluate '${alternative}' in the pipeline's env`);
    if (v !== '') return v;
  }
  return '';
}

/** The workflow-level env of the pipeline for a scheduled run with these repository variables. */
export function pipelineEnv(
  workflowText: string,
  vars: Readonly<Record<string, string>>,
): Record<string, string> {
  const workflow = parse(workflowText) as { env?: Record<string, unknown> };
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(workflow.env ?? {}))
    env[name] = evaluateEnvValue(String(value ?? ''), vars);
  return env;
}

export function readPipelineEnv(
  repoRoot: string,
  vars: Readonly<Record<string, string>>,
): Record<string, string> {
  return pipelineEnv(readFileSync(`${repoRoot}/${PIPELINE_WORKFLOW}`, 'utf8'), vars);
}
