import type { StageDefinition } from '@codex-suite/core/stage';
import { validateTelemetry } from '@codex-suite/core/telemetry/validate';
import type { FaultCase } from './faults.js';
import { STAGE_ROUTES } from './faults.js';
import { RELIABILITY_TOKEN, startReliabilityEmulator } from './fixture.js';
import { issueViews, unrepaired, violations } from './invariants.js';
import { type RunMode, runStageOnce } from './run-stage.js';

/** One cell of the fault matrix: a stage run under a fault, then a clean run after it. */
export interface MatrixCell {
  readonly stage: string;
  readonly fault: string;
  readonly status: string;
  readonly exitCode: number | null;
  readonly telemetryValid: boolean;
  readonly errorCodes: readonly string[];
  /** requests the fault answered (retries follow them) */
  readonly faulted: number;
  readonly requests: number;
  readonly violations: readonly string[];
  readonly convergedStatus: string;
  readonly converged: boolean;
  readonly notes: readonly string[];
  /** everything the runs printed or wrote, for the secret scan */
  readonly captured: string;
}

export async function runFaultCell(
  mode: RunMode,
  stage: StageDefinition<any, any>,
  fault: FaultCase,
): Promise<MatrixCell> {
  const emulator = await startReliabilityEmulator();
  try {
    const routes = STAGE_ROUTES[stage.id];
    if (!routes) throw new Error(`no routes known for ${stage.id}`);
    const before = issueViews(emulator);
    fault.install(emulator, routes);
    const faultyRun = await runStageOnce(mode, stage, emulator, { runId: '501', env: { ...fault.env } });
    const faulted = emulator.log.filter((e) => e.fault !== undefined).length;
    const requests = emulator.log.length;
    const afterFault = issueViews(emulator);

    emulator.faults.clear();
    emulator.state.setRateLimit(RELIABILITY_TOKEN, { limit: 5000 });
    const cleanRun = await runStageOnce(mode, stage, emulator, { runId: '502' });
    const afterClean = issueViews(emulator);

    const notes: string[] = [];
    const problems = [...violations(before, afterFault), ...violations(before, afterClean)];
    if (stage.id === 'project-sync') notes.push(...unrepaired(afterClean).map((n) => `unrepaired ${n}`));
    const telemetryValid =
      faultyRun.telemetry !== null &&
      validateTelemetry(faultyRun.telemetry).valid &&
      cleanRun.telemetry !== null;
    const converged = cleanRun.status === 'ok' && notes.length === 0 && problems.length === 0;
    return {
      stage: stage.id,
      fault: fault.id,
      status: faultyRun.status,
      exitCode: faultyRun.exitCode,
      telemetryValid,
      errorCodes: ((faultyRun.telemetry?.errors as { code: string }[] | undefined) ?? []).map((e) => e.code),
      faulted,
      requests,
      violations: problems,
      convergedStatus: cleanRun.status,
      converged,
      notes,
      captured: `${faultyRun.captured}\n${cleanRun.captured}`,
    };
  } finally {
    await emulator.close();
  }
}

/** A cell holds when the stage exited 0, wrote valid telemetry, explained any non-ok status and converged. */
export function cellHolds(cell: MatrixCell): boolean {
  const explained = cell.status === 'ok' || cell.status === 'skipped' || cell.errorCodes.length > 0;
  return (
    cell.exitCode === 0 && cell.telemetryValid && explained && cell.violations.length === 0 && cell.converged
  );
}
