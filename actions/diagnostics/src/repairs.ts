import type { LabelSpec } from '@codex-suite/core/contract';
import type { Check } from '@codex-suite/core/checks';
import type { ChangeOutcome, PlannedChange } from '@codex-suite/core/write-guard';

/** A repair the plan asks for: the change the write guard sees, and what applying it needs. */
export type Repair = PlannedChange &
  (
    | { readonly kind: 'label.create'; readonly label: LabelSpec }
    | { readonly kind: 'milestone.create'; readonly title: string; readonly about: string }
    | {
        readonly kind: 'pages.commit';
        readonly files: Readonly<Record<string, string>>;
        readonly message: string;
      }
  );

/** What became of a repair (telemetry `repairs[]`). */
export interface RepairRecord {
  readonly kind: string;
  readonly target: string;
  readonly description: string;
  readonly outcome: ChangeOutcome;
  readonly error?: string;
}

/**
 * A check as the snapshot shows it; when a repair fixes it, also how it reads once that repair is
 * applied, and once it is planned (dry run). Any other outcome leaves the check as it is.
 */
export interface PlannedCheck extends Check {
  readonly fix?: { readonly repair: Repair; readonly applied: Check; readonly planned: Check };
}

export const DRY_RUN_NOTE = 'Dry run: repair would create it.';

/** `check`, fixed by `repair`: once applied it passes with `applied` as its message. */
export function fixedBy(check: Check, repair: Repair, applied: string): PlannedCheck {
  return {
    ...check,
    fix: {
      repair,
      applied: { name: check.name, ok: true, message: applied },
      planned: { name: check.name, ok: check.ok, message: `${check.message} ${DRY_RUN_NOTE}` },
    },
  };
}

/**
 * The checks as they stand after the repairs: pure, from the outcome the write guard gave each
 * repair (`records[i]` is what became of `repairs[i]`).
 */
export function settleChecks(
  checks: readonly PlannedCheck[],
  repairs: readonly Repair[],
  records: readonly Pick<RepairRecord, 'outcome'>[],
): Check[] {
  return checks.map(({ fix, ...check }) => {
    const outcome = fix && records[repairs.indexOf(fix.repair)]?.outcome;
    if (fix && outcome === 'applied') return fix.applied;
    if (fix && outcome === 'planned') return fix.planned;
    return check;
  });
}
