import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { PagesStore } from '@codex-suite/core/pages/store';
import { defineStage, type StageContext } from '@codex-suite/core/stage';
import { DASHBOARD_KEYS, type DashboardKey } from '@codex-suite/core/stages';
import { componentOfKey, dashboardSchema } from '@codex-suite/core/telemetry/schemas/dashboard';
import { recordText } from '@codex-suite/core/telemetry/record-text';
import { validateAgainst } from '@codex-suite/core/telemetry/validate';
import { readAssets } from './assets.js';
import { type ChosenFile, collectLatest, slimLatest, wholeLatest } from './collect.js';
import { type BranchDashboard, DASHBOARD_DIR, DASHBOARD_PATH } from './dashboard.js';
import { historyPoint } from './history.js';
import { readLocalSource } from './local-source.js';
import { type DashboardOnto, branchDashboard, dashboardOnto } from './onto.js';
import { mergeReport } from './report.js';
import { settings } from './settings.js';
import type { InvalidFile } from './telemetry-files.js';

export { settings } from './settings.js';

type Merged = Record<DashboardKey, { file: string; status: string; finished_at: string } | null>;

interface MergeTelemetry {
  merged: Merged;
  invalid_files: InvalidFile[];
  published_files: number;
  files_read: number;
  history_points: number;
  preview_dir: string | null;
  commit: string | null;
}

const mergedOf = (latest: Readonly<Record<DashboardKey, ChosenFile | null>>): Merged =>
  Object.fromEntries(
    DASHBOARD_KEYS.map((k) => {
      const c = latest[k];
      return [k, c ? { file: c.file, status: c.record.status, finished_at: c.record.finished_at } : null];
    }),
  ) as Merged;

const emptyMerged = (): Merged => Object.fromEntries(DASHBOARD_KEYS.map((k) => [k, null])) as Merged;

export const stage = defineStage({
  id: 'telemetry-merge',
  component: 'telemetry-merge',
  name: 'Codex telemetry merge',
  description:
    'Merges the latest telemetry of every component into dashboard/dashboard.json and publishes the dashboard page.',
  branding: { icon: 'layers', color: 'purple' },
  settings,
  emptyTelemetry: {
    merged: emptyMerged(),
    invalid_files: [],
    published_files: 0,
    files_read: 0,
    history_points: 0,
    preview_dir: null,
    commit: null,
  } satisfies MergeTelemetry as MergeTelemetry,
  async run(ctx) {
    const s = ctx.settings;
    // The records (the activity record lists every open issue) are parsed and the dashboard built
    // in `planMerge`; what it returns holds the files' texts and only the few fields of each record
    // the rest of the run reads, so the parsed records are garbage before the commit is sent.
    const plan = await planMerge(ctx);
    const { invalid, telemetry, localToPublish, ledgerToPublish } = plan;
    for (const file of invalid)
      ctx.io.warning(`Skipped ${file.path}: ${file.reason}`, { title: 'Telemetry merge' });
    if (plan.schemaErrors) {
      // Our own output failed its schema: publish nothing rather than a dashboard the page may misread.
      ctx.report({
        code: 'dashboard_schema',
        message: `The merged dashboard.json does not match its schema: ${plan.schemaErrors.slice(0, 5).join('; ')}`,
      });
      return {
        status: 'error',
        summary: 'Codex telemetry merge: the merged dashboard is invalid; nothing published.',
        telemetry,
      };
    }

    // 3. apply: one commit with the dashboard, the page and the local telemetry files.
    const assets = await readAssets();
    const filesWith = (dashboardText: string): Record<string, string> => ({
      [DASHBOARD_PATH]: dashboardText,
      ...Object.fromEntries(Object.entries(assets).map(([path, text]) => [`${DASHBOARD_DIR}/${path}`, text])),
      ...localToPublish,
      ...ledgerToPublish,
    });
    let planned: PlannedDashboard = plan.planned;
    const first = planned;
    const files = filesWith(plan.dashboardText);
    const shown = DASHBOARD_KEYS.filter((k) => planned.latest[k]).length;
    const localCount = Object.keys(localToPublish).length;

    // The write guard alone decides dry-run: a planned commit leaves the would-be dashboard in a
    // local folder, as `publish: none` does.
    const result =
      s.publish === 'none'
        ? undefined
        : await ctx.writes.apply(
            {
              kind: 'pages.commit',
              target: s.pagesBranch,
              description: `commit ${Object.keys(files).length} files (dashboard, page, ${localCount} telemetry files) to ${s.pagesBranch}`,
              cost: 3,
            },
            ({ pages }) =>
              pages.commit(async (view) => {
                const text = await view.read(DASHBOARD_PATH);
                // The branch's dashboard.json as read above: the same dashboard, already serialised.
                if (fingerprintOf(text) === plan.fingerprint && planned === first) return files;
                const rebuilt = dashboardOnto(text, { ...plan.ours, latest: wholeLatest(plan.ours.latest) });
                planned = plannedOf(rebuilt);
                return filesWith(recordText(rebuilt.dashboard));
              }, `dashboard: merge of run ${ctx.runKey} (${shown} components)`),
          );
    if (result === undefined || result.outcome === 'planned') {
      const dir = join(s.telemetryDir ?? join(ctx.runner.runnerTemp, 'codex-telemetry'), 'dashboard-preview');
      for (const [path, text] of Object.entries(files)) {
        if (!path.startsWith(`${DASHBOARD_DIR}/`)) continue;
        const target = join(dir, path.slice(DASHBOARD_DIR.length + 1));
        await mkdir(dirname(target), { recursive: true });
        await writeFile(target, text);
      }
      telemetry.preview_dir = dir;
      ctx.io.info(`The dashboard was written to ${dir}; nothing was published.`);
    } else {
      telemetry.history_points = planned.historyPoints;
      telemetry.merged = mergedOf(planned.latest);
      if (result.outcome === 'applied') {
        telemetry.published_files = Object.keys(files).length;
        telemetry.commit = result.value.unchanged ? null : result.value.commit;
      }
    }

    const latest = planned.latest;
    const statuses = DASHBOARD_KEYS.filter((k) => latest[k]).map((k) => `${k} ${latest[k]!.record.status}`);
    const where = telemetry.preview_dir
      ? `written to ${telemetry.preview_dir}${ctx.writes.dryRun ? ' (dry run)' : ''}`
      : telemetry.published_files > 0
        ? `published to ${s.pagesBranch}`
        : 'not published';
    const summary =
      `Codex telemetry merge: ${shown}/${DASHBOARD_KEYS.length} components (${statuses.join(', ') || 'none yet'}), ` +
      `${planned.historyPoints} history point(s), ${invalid.length} skipped file(s); ${where}.`;
    return {
      summary,
      report: mergeReport({
        chosen: latest,
        invalid,
        historyPoints: planned.historyPoints,
        published: telemetry.published_files,
        branch: s.pagesBranch,
        previewDir: telemetry.preview_dir,
        dryRun: ctx.writes.dryRun,
      }),
      telemetry,
    };
  },
});

type MergeContext = StageContext<typeof settings>;
type Ours = Parameters<typeof dashboardOnto>[1];

/** A dashboard as the rest of the run needs it: the records it shows reduced to `slim`, its history's length. */
interface PlannedDashboard {
  readonly latest: Record<DashboardKey, ChosenFile | null>;
  readonly historyPoints: number;
}

/**
 * Steps 1 and 2: the snapshot (the local source folder, the branch's telemetry, the previous
 * dashboard.json) and the plan (the dashboard and its history built on that dashboard.json,
 * validated, as text). The parsed records stay in here: what it returns keeps the texts and
 * the records reduced to `slim`.
 */
async function planMerge(ctx: MergeContext) {
  const s = ctx.settings;
  const invalid: InvalidFile[] = [];
  let localFiles: Awaited<ReturnType<typeof readLocalSource>>['files'] = [];
  if (s.telemetrySource) {
    const local = await readLocalSource(s.telemetrySource);
    if (local.missing)
      ctx.io.warning(
        `${settings.telemetrySource.input} ${s.telemetrySource} is not a folder; nothing local to merge.`,
      );
    localFiles = local.files;
  }
  // Parsed once: the history and the records it shows serve both the collection and the plan.
  const branch = await readBranch(ctx.pages);
  const collected = await collectLatest({
    store: ctx.pages,
    components: DASHBOARD_KEYS.map((k) => componentOfKey[k]),
    depth: s.mergeDepth,
    localFiles,
    localLabel: s.telemetrySource ?? '',
    known: branch.previous.sources,
  });
  invalid.push(...collected.invalid);

  // a record the branch's dashboard.json shows is parsed whole only when it is chosen
  const chosen = wholeLatest(
    Object.fromEntries(
      DASHBOARD_KEYS.map((k) => [k, collected.latest.get(componentOfKey[k]) ?? null]),
    ) as Record<DashboardKey, ChosenFile | null>,
  );
  const generatedAt = ctx.now().toISOString();
  const records = Object.fromEntries(DASHBOARD_KEYS.map((k) => [k, chosen[k]?.record ?? null])) as Record<
    DashboardKey,
    Record<string, unknown> | null
  >;
  const ours = {
    latest: chosen,
    point: historyPoint(generatedAt, ctx.runKey, records),
    historyLimit: s.historyLimit,
    generatedAt,
    repository: ctx.repository,
    serverUrl: ctx.runner.serverUrl,
  };
  // What is published: rebuilt on the branch's dashboard.json whenever another writer got there first.
  const planned = dashboardOnto(branch.previous, ours);
  if (planned.problem) invalid.push({ path: DASHBOARD_PATH, reason: planned.problem });
  if (planned.dropped > 0) {
    invalid.push({
      path: DASHBOARD_PATH,
      reason: `${planned.dropped} history point(s) did not match the schema; dropped`,
    });
  }
  const { dashboard } = planned;
  const telemetry: MergeTelemetry = {
    merged: mergedOf(planned.latest),
    invalid_files: invalid,
    published_files: 0,
    files_read: collected.branchReads,
    history_points: dashboard.history.length,
    preview_dir: null,
    commit: null,
  };
  const validation = validateAgainst(dashboardSchema, dashboard);
  return {
    invalid,
    telemetry,
    ...(validation.valid ? {} : { schemaErrors: validation.errors }),
    dashboardText: recordText(dashboard),
    planned: plannedOf(planned),
    ours: { ...ours, latest: slimLatest(ours.latest) } satisfies Ours,
    fingerprint: branch.fingerprint,
    localToPublish: collected.localToPublish,
    ledgerToPublish: collected.ledgerToPublish,
  };
}

function plannedOf(built: DashboardOnto): PlannedDashboard {
  return { latest: slimLatest(built.latest), historyPoints: built.dashboard.history.length };
}

/** The branch's dashboard.json read and parsed, and a fingerprint of its text (the text is not kept). */
async function readBranch(
  pages: Pick<PagesStore, 'read'>,
): Promise<{ readonly previous: BranchDashboard; readonly fingerprint: string }> {
  const text = await pages.read(DASHBOARD_PATH);
  return { previous: branchDashboard(text), fingerprint: fingerprintOf(text) };
}

function fingerprintOf(text: string | null): string {
  return text === null ? 'none' : createHash('sha256').update(text).digest('base64');
}
