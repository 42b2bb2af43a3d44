import { type LabelSpec, REQUIRED_LABELS, sameName } from '@codex-suite/core/contract';
import { type LabelInfo, type MilestoneInfo, findMilestone } from '@codex-suite/core/repo-lookups';
import { type Check, milestoneMissing } from '@codex-suite/core/checks';

/** How a check's fix names the repair diagnostics can make. */
export const REPAIR_HINT = 'or run Codex diagnostics with repair: true';

/** The milestones the configuration names: the self-test one always, the track ones when set. */
export function configuredMilestones(settings: {
  selftestMilestone: string;
  mainMilestone?: string | undefined;
  dashboardMilestone?: string | undefined;
}): { role: string; env: string; title: string }[] {
  const out = [{ role: 'self-test', env: 'CODEX_SELFTEST_MILESTONE', title: settings.selftestMilestone }];
  if (settings.mainMilestone)
    out.push({ role: 'main', env: 'CODEX_MAIN_MILESTONE', title: settings.mainMilestone });
  if (settings.dashboardMilestone)
    out.push({ role: 'dashboard', env: 'CODEX_DASHBOARD_MILESTONE', title: settings.dashboardMilestone });
  return out;
}

export function missingLabels(labels: readonly LabelInfo[]): LabelSpec[] {
  return REQUIRED_LABELS.filter((spec) => !labels.some((l) => sameName(l.name, spec.name)));
}

export function labelChecks(labels: readonly LabelInfo[]): Check[] {
  const missing = new Set(missingLabels(labels).map((l) => l.name));
  return REQUIRED_LABELS.map((spec) => ({
    name: `label ${spec.name}`,
    ok: !missing.has(spec.name),
    message: missing.has(spec.name)
      ? `The label '${spec.name}' is missing. Create it (Issues → Labels → New label, colour #${spec.color}) ${REPAIR_HINT}.`
      : `The label '${spec.name}' exists.`,
  }));
}

export function milestoneCheck(
  milestones: readonly MilestoneInfo[],
  wanted: { role: string; env: string; title: string },
): Check & { missing: boolean } {
  const name = `milestone ${wanted.role}`;
  const found = findMilestone(milestones, wanted.title);
  if (!found) {
    return {
      name,
      ok: false,
      missing: true,
      message: milestoneMissing(wanted.title, wanted.env),
    };
  }
  if (found.state !== 'open') {
    return {
      name,
      ok: false,
      missing: false,
      message: `The milestone '${found.title}' (#${found.number}) is closed. Reopen it (Issues → Milestones → Edit → Reopen milestone) or set ${wanted.env} to an open milestone.`,
    };
  }
  return {
    name,
    ok: true,
    missing: false,
    message: `The milestone '${found.title}' (#${found.number}) exists and is open.`,
  };
}
