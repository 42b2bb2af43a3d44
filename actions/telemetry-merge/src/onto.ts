import { DASHBOARD_KEYS, type DashboardKey } from '@codex-suite/core/stages';
import { componentOfKey } from '@codex-suite/core/telemetry/schemas/dashboard';
import { type ChosenFile, shownChoice, slimRecordOf, wholeChoice } from './collect.js';
import { type BranchDashboard, buildDashboard, type Dashboard, readBranchDashboard } from './dashboard.js';
import { extendHistory, type HistoryPoint } from './history.js';
import { compareRecordsNewestFirst } from './telemetry-files.js';

export interface DashboardOnto {
  readonly dashboard: Dashboard;
  /** the newest record of each component: this merge's choice or the one the branch shows */
  readonly latest: Record<DashboardKey, ChosenFile | null>;
  /** what was wrong with the dashboard.json on the branch, if anything */
  readonly problem?: string;
  /** history points on the branch that did not match the schema (dropped) */
  readonly dropped: number;
}

const keyOfComponent = new Map(DASHBOARD_KEYS.map((k) => [componentOfKey[k], k as string]));

/**
 * This merge's dashboard, built on the dashboard.json that is on the branch (`branch`: its text,
 * or that text read once by `branchDashboard`): its history plus this merge's point, and per component the newer of this merge's record and the
 * branch's. A merge that lost the race to another one is built again this way on the new head,
 * so both merges' history points survive; a point a maintainer removed from the branch is not
 * brought back, because only the branch's history is carried forward.
 */
export function dashboardOnto(
  branch: string | null | BranchDashboard,
  ours: {
    readonly latest: Readonly<Record<DashboardKey, ChosenFile | null>>;
    readonly point: HistoryPoint;
    readonly historyLimit: number;
    readonly generatedAt: string;
    readonly repository: string;
    readonly serverUrl: string;
  },
): DashboardOnto {
  const previous = typeof branch === 'string' || branch === null ? branchDashboard(branch) : branch;
  const shown = previous.sources;
  const latest = Object.fromEntries(
    DASHBOARD_KEYS.map((k) => {
      const mine = ours.latest[k];
      const known = shown.get(componentOfKey[k]);
      const theirs: ChosenFile | null = known ? shownChoice(known) : null;
      const newer =
        !mine || !theirs
          ? (mine ?? theirs)
          : compareRecordsNewestFirst(theirs.record, mine.record) < 0
            ? theirs
            : mine;
      // the record the dashboard shows, whole
      return [k, newer && wholeChoice(newer)];
    }),
  ) as Record<DashboardKey, ChosenFile | null>;
  const { history, dropped } = extendHistory(previous.history, ours.point, ours.historyLimit);
  const dashboard = buildDashboard({
    generatedAt: ours.generatedAt,
    repository: ours.repository,
    serverUrl: ours.serverUrl,
    latest,
    history,
  });
  return { dashboard, latest, dropped, ...(previous.problem ? { problem: previous.problem } : {}) };
}

/** The dashboard.json on the branch (`text`; null: none), parsed once for `dashboardOnto`. */
export function branchDashboard(text: string | null): BranchDashboard {
  return readBranchDashboard(text, (component) => keyOfComponent.get(component), slimRecordOf);
}
