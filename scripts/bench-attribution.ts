/**
 * `npm run bench:attribution [-- --size 10000] [-- --budget 200]`
 *
 * What attributing activity to people costs (docs/activity.md): the activity stage, in process,
 * against the benchmark's generated repository. First pass: runs until no issue is left to read
 * (each within the read budget). Steady state, an hour later: 20 bot comments and 20 human edits on
 * 40 different open issues, then one run. Prints, per run, the timeline pages and editor lookups
 * spent against the issues whose status depended on them.
 */
import { startEmulator } from '@codex-suite/emulator/server';
import { runStageInProcess } from '@codex-suite/harness/in-process';
import { stage } from '../actions/activity/src/stage.js';
import {
  BENCH_REPO,
  BENCH_TOKEN,
  humanEdits,
  scenarioSize,
  seedScenario,
  settingsEnv,
} from './lib/bench/scenario.js';
import { parseCli, usageError } from './lib/cli.js';

const HOUR = 3_600_000;
const TIMELINE = 'GET /repos/{owner}/{repo}/issues/{issue_number}/timeline';

const CLI = {
  command: 'npm run bench:attribution --',
  summary:
    'Timeline reads of the activity stage: the first pass until it converges, then a steady state with 20 bot comments and 20 human edits.',
  duration: 'several minutes at 10,000 issues on 2 cores',
  options: {
    size: { type: 'string', value: 'N', description: 'open issues (default 10000)' },
    budget: { type: 'string', value: 'N', description: 'activity-read-budget (default 200)' },
  },
} as const;

interface Attribution {
  candidates: number;
  attributed: number;
  pending: number;
  timeline_pages: number;
  edit_lookups: number;
}

async function main(): Promise<void> {
  const args = parseCli(CLI);
  const size = Number(args.size ?? 10_000);
  const budget = Number(args.budget ?? 200);
  if (!Number.isInteger(size) || size < 1) usageError(CLI, '--size is a whole number from 1');
  if (!Number.isInteger(budget) || budget < 0) usageError(CLI, '--budget is a whole number from 0');
  const emulator = await startEmulator({ secondaryLimit: false });
  try {
    seedScenario(emulator.state, scenarioSize(size));
    const run = async (label: string) => {
      const start = emulator.log.length;
      const result = await runStageInProcess(stage, {
        apiUrl: emulator.url,
        token: BENCH_TOKEN,
        repository: BENCH_REPO,
        inputs: { publish: 'none', 'activity-read-budget': String(budget), 'write-interval-ms': '0' },
        env: settingsEnv(),
        deps: { now: () => emulator.state.now() },
      });
      const a = result.telemetry?.attribution as Attribution;
      const log = emulator.log.slice(start);
      const pages = log.filter((e) => e.route === TIMELINE).length;
      console.log(
        `${label.padEnd(14)} ${result.status.padEnd(8)} requests ${String(log.length).padStart(5)}  timeline pages ${String(pages).padStart(4)}  editor lookups ${a.edit_lookups}  ` +
          `depended on it ${a.candidates}  attributed ${a.attributed}  carried over ${a.pending}`,
      );
      return a;
    };
    let pass = 1;
    for (;;) {
      const a = await run(`first pass ${pass}`);
      emulator.state.advanceClock(HOUR);
      if (a.pending === 0 || pass >= 200) break;
      pass += 1;
    }
    await run('unchanged');
    emulator.state.advanceClock(HOUR);
    // 20 human edits (title, label, comment), and 20 bot comments on 20 other open issues.
    const edited = new Set(humanEdits(emulator.state, 20).map((e) => e.number));
    const others = emulator.state
      .listIssues(BENCH_REPO)
      .filter((i) => !i.pull && i.state === 'open' && !edited.has(i.number));
    const step = Math.max(1, Math.floor(others.length / 20));
    for (let k = 0; k < 20 && k * step < others.length; k += 1)
      emulator.state.addComment(
        BENCH_REPO,
        others[k * step]!.number,
        'Bumps a dependency.',
        'dependabot[bot]',
      );
    const a = await run('steady');
    console.log(
      `Steady state, ${size} open issues, 20 bot comments + 20 human edits: ${a.timeline_pages} timeline page(s) + ${a.edit_lookups} editor lookup(s) for ${a.candidates} issue(s) whose status depended on them.`,
    );
  } finally {
    await emulator.close();
  }
}

await main();
