import type { WorkflowCommand } from './commands.js';

/**
 * The annotations the GitHub Actions runner shows: 10 error, 10 warning and 10 notice
 * annotations per step, 50 per job; the rest are dropped without a word (actions/toolkit
 * docs/problem-matchers.md, "Limitations"). (A step summary over 1 MiB is handled where the
 * summary file is read, action.ts; its error annotation is one of a step's annotations.)
 */
export const ANNOTATIONS_PER_STEP_PER_LEVEL = 10;
export const ANNOTATIONS_PER_JOB = 50;

export type AnnotationLevel = 'error' | 'warning' | 'notice';

export interface Annotation {
  level: AnnotationLevel;
  message: string;
  properties: Record<string, string>;
}

/** The annotations of one step GitHub shows, in order: the first 10 of each level. */
export function stepAnnotations(commands: readonly WorkflowCommand[]): Annotation[] {
  const counts: Record<AnnotationLevel, number> = { error: 0, warning: 0, notice: 0 };
  const shown: Annotation[] = [];
  for (const command of commands) {
    const level = command.command as AnnotationLevel;
    if (!(level in counts)) continue;
    counts[level] += 1;
    if (counts[level] <= ANNOTATIONS_PER_STEP_PER_LEVEL)
      shown.push({ level, message: command.message, properties: command.properties });
  }
  return shown;
}

/** The annotations of one process of a step (pre, main or post): its commands, then a too-large summary's error. */
export function processAnnotations(
  commands: readonly WorkflowCommand[],
  summaryError?: string,
): Annotation[] {
  return [
    ...stepAnnotations(commands),
    ...(summaryError ? [{ level: 'error' as const, message: summaryError, properties: {} }] : []),
  ];
}

/** The annotations of a job GitHub shows: each step's, then at most 50 in all. */
export function jobAnnotations(steps: ReadonlyArray<readonly Annotation[]>): Annotation[] {
  return steps.flat().slice(0, ANNOTATIONS_PER_JOB);
}
