/**
 * `npm run profile [-- --issues 10000] [-- --stage project-sync] [-- --node-options "..."]`
 *
 * CPU profile of one stage's first pass over the benchmark's repository (see
 * scripts/lib/bench/profile-run.ts): prints the stage's CPU and peak RSS and the busiest frames by
 * self time, and keeps the profile. `--node-options` runs with other node flags instead of the
 * profiler (e.g. `--max-old-space-size=64`, to tell live memory from garbage).
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { profileFirstPass } from './lib/bench/profile-run.js';
import { profileSection } from './lib/bench/report-compare.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : fallback;
}

const issues = Number(option('issues', '10000'));
const stage = option('stage', 'project-sync');
const nodeOptions = option('node-options', '');
const run = await profileFirstPass(root, stage, issues, {
  keep: true,
  ...(nodeOptions ? { nodeOptions } : {}),
});
const u = run.usage;
process.stdout.write(
  `${stage}, first pass over ${issues} open issues: ${run.status}; ${run.requests} requests; ` +
    `${u ? `CPU ${u.cpuMs} ms, peak RSS ${u.maxRssMiB} MB, wall ${u.wallMs} ms` : 'no usage recorded'}\n`,
);
if (run.summary)
  process.stdout.write(
    `\n${profileSection({ issues, cpuMs: u?.cpuMs, ...run.summary })}\n\nProfile kept: ${run.profileFile}\n`,
  );
