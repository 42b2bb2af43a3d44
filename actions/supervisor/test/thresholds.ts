import { verdictSettings } from '@codex-suite/core/settings';
import type { VerdictThresholds } from '../src/verdict.js';

/** The documented defaults of the verdict settings. */
export const DEFAULT_VERDICT_THRESHOLDS: VerdictThresholds = {
  yellowStalePercent: verdictSettings.yellowStalePercent.default,
  redStalePercent: verdictSettings.redStalePercent.default,
  yellowEscalatedCount: verdictSettings.yellowEscalatedCount.default,
  redEscalatedCount: verdictSettings.redEscalatedCount.default,
  yellowDriftCount: verdictSettings.yellowDriftCount.default,
  redDriftCount: verdictSettings.redDriftCount.default,
};
