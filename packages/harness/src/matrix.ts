/** Matrix jobs: the combinations of `strategy.matrix`, run one after the other, and their result. */
import type { GitHubContext } from './context.js';
import { type Contexts, evaluateTemplate } from './expressions.js';
import { runStepsJob } from './job.js';
import {
  asObj,
  type JobRecord,
  type JobResult,
  jobWithoutSteps,
  type Obj,
  type RunState,
  STATUS_OK,
} from './workflow-model.js';

/** GitHub: "A job matrix can generate a maximum of 256 jobs per workflow run." */
export const MATRIX_LIMIT = 256;

/** Evaluates matrix combinations: cartesian product of the keys, minus `exclude`, plus `include`. */
export function expandMatrix(matrix: Obj): Obj[] {
  const { include, exclude, ...axes } = matrix;
  let combos: Obj[] = [{}];
  for (const [key, values] of Object.entries(axes)) {
    const list = Array.isArray(values) ? values : [values];
    combos = combos.flatMap((c) => list.map((v) => ({ ...c, [key]: v })));
  }
  if (Object.keys(axes).length === 0) combos = [];
  const matches = (combo: Obj, partial: Obj) =>
    Object.entries(partial).every(([k, v]) => JSON.stringify(combo[k]) === JSON.stringify(v));
  if (Array.isArray(exclude)) combos = combos.filter((c) => !exclude.some((e) => matches(c, asObj(e))));
  if (Array.isArray(include)) {
    for (const inc of include.map(asObj)) {
      const axisKeys = Object.keys(axes);
      const onAxes = Object.fromEntries(Object.entries(inc).filter(([k]) => axisKeys.includes(k)));
      const targets = combos.filter((c) => matches(c, onAxes));
      if (Object.keys(axes).length && targets.length && Object.keys(onAxes).length === axisKeys.length) {
        for (const t of targets) Object.assign(t, inc);
      } else if (targets.length && Object.keys(onAxes).length < Object.keys(inc).length) {
        for (const t of targets) {
          for (const [k, v] of Object.entries(inc)) if (!axisKeys.includes(k)) t[k] = v;
        }
      } else {
        combos.push({ ...inc });
      }
    }
  }
  return combos;
}

/** Runs every combination of a matrix job (fail-fast cancels the ones after a failure). */
export async function runMatrixJob(
  state: RunState,
  id: string,
  job: Obj,
  doc: Obj,
  jobGh: GitHubContext,
  jobCtx: Contexts,
  wfEnv: Record<string, string>,
): Promise<JobRecord> {
  const strategy = asObj(job.strategy);
  const eo = { status: STATUS_OK, workspace: jobGh.workspace };
  const combos = expandMatrix(asObj(evaluateTemplate(strategy.matrix, jobCtx, eo)));
  if (combos.length > MATRIX_LIMIT) {
    throw new Error(
      `The matrix of job '${id}' has ${combos.length} combinations: a job matrix can generate a maximum of ${MATRIX_LIMIT} jobs per workflow run.`,
    );
  }
  const failFast =
    strategy['fail-fast'] === undefined
      ? true
      : evaluateTemplate(strategy['fail-fast'], jobCtx, eo) !== false;
  const instances: Array<{ values: Obj; record: JobRecord }> = [];
  let failed = false;
  for (const [index, values] of combos.entries()) {
    if (failed && failFast) {
      instances.push({ values, record: jobWithoutSteps('cancelled') });
      continue;
    }
    const ctxM = {
      ...jobCtx,
      matrix: values,
      strategy: {
        'fail-fast': failFast,
        'job-index': index,
        'job-total': combos.length,
        'max-parallel': 1,
      },
    };
    const r = await runStepsJob(state, id, job, doc, jobGh, ctxM, wfEnv);
    if (r.result === 'failure') failed = true;
    instances.push({ values, record: r });
  }
  const results = instances.map((i) => i.record.result);
  const agg: JobResult = results.includes('failure')
    ? 'failure'
    : results.includes('cancelled')
      ? 'cancelled'
      : 'success';
  return {
    result: agg,
    outcome: agg,
    outputs: Object.assign({}, ...instances.map((i) => i.record.outputs)),
    steps: instances.flatMap((i) => i.record.steps),
    log: instances.map((i) => i.record.log).join(''),
    // Each combination is a job of its own on GitHub, with its own limit.
    annotations: instances.flatMap((i) => i.record.annotations),
    summary: instances.map((i) => i.record.summary).join(''),
    matrix: instances,
  };
}
