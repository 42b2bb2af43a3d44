/**
 * `npm run preview -- --repo owner/name`: every stage of the pipeline, in a dry run that cannot
 * be switched off, against a real repository, with the maintainer's own token. Prints what each
 * stage would change and writes the stage reports, telemetry and the dashboard to a local folder.
 */
import { parseRepositoryRef } from '@codex-suite/core/repository-ref';
import { parseCli, usageError } from './lib/cli.js';
import { PIPELINE_JOBS } from './lib/pipeline-jobs.js';
import { previewLines, shownPath, stageLine } from './lib/preview/report.js';
import { runPreview } from './lib/preview/run.js';
import { findToken } from './lib/preview/token.js';
import { STAGES } from './lib/stages.js';
import { serveFolder } from './lib/static-server.js';

/** The pipeline's stages in the order it runs them; codex-review runs on pull requests, not here. */
const PREVIEW_STAGES = Object.keys(PIPELINE_JOBS).map((id) => STAGES.find((s) => s.id === id)!);

const CLI = {
  command: 'npm run preview --',
  summary: [
    'Runs the stages against a real repository in a dry run that cannot be switched off: nothing is',
    'written to GitHub. Prints what each stage would change and writes the reports, the telemetry',
    'and the dashboard telemetry-merge would publish to a local folder.',
    '',
    'Token: GH_TOKEN, else GITHUB_TOKEN, else `gh auth token` when gh is installed. It needs read',
    'access to the repository (issues, contents, metadata). Settings come from CODEX_* variables in',
    'the environment, as in a workflow (e.g. CODEX_MAIN_MILESTONE=Sprint).',
  ].join('\n'),
  duration:
    'a few seconds to a minute: about 20-40 read requests per stage on a repository with a few hundred issues.',
  options: {
    repo: { type: 'string', value: 'OWNER/NAME', description: 'the repository to preview (required)' },
    stage: {
      type: 'string',
      multiple: true,
      value: 'ID',
      description: `run only this stage (repeatable): ${PREVIEW_STAGES.map((s) => s.id).join(', ')}`,
    },
    out: { type: 'string', value: 'DIR', description: 'output folder (default out/preview/<owner>-<name>)' },
    'api-url': {
      type: 'string',
      value: 'URL',
      description:
        'GitHub API base (default $GITHUB_API_URL or https://api.github.com; GitHub Enterprise: https://HOST/api/v3)',
    },
    serve: { type: 'boolean', description: 'serve the dashboard on 127.0.0.1 afterwards (until Ctrl-C)' },
    port: { type: 'string', value: 'N', description: 'port for --serve (default: a free port)' },
  },
} as const;

const args = parseCli(CLI);
if (!args.repo) usageError(CLI, 'Missing --repo OWNER/NAME.');
const repo = parseRepositoryRef(args.repo);
if (!repo) usageError(CLI, `--repo is OWNER/NAME, got '${args.repo}'.`);
const unknown = (args.stage ?? []).filter((id) => !PREVIEW_STAGES.some((s) => s.id === id));
if (unknown.length > 0)
  usageError(
    CLI,
    `Unknown stage ${unknown.join(', ')}; one of ${PREVIEW_STAGES.map((s) => s.id).join(', ')}.`,
  );
const port = args.port === undefined ? 0 : Number(args.port);
if (!Number.isInteger(port) || port < 0 || port > 65535)
  usageError(CLI, `--port is a port number (0-65535), got '${args.port}'.`);
const apiUrl = (args['api-url'] || process.env.GITHUB_API_URL || 'https://api.github.com').replace(
  /\/+$/,
  '',
);
const found = findToken(process.env, apiUrl);
if (!found)
  usageError(
    CLI,
    'No token: set GH_TOKEN (or GITHUB_TOKEN) to a token that can read the repository, or log in with `gh auth login`.',
  );
const repository = `${repo.owner}/${repo.repo}`;
const outDir = args.out ?? `out/preview/${repo.owner}-${repo.repo}`;
const stages = args.stage ? PREVIEW_STAGES.filter((s) => args.stage!.includes(s.id)) : PREVIEW_STAGES;

console.log(
  `Codex Suite preview of ${repository} (${apiUrl}), token from ${found.source}. Dry run: nothing is written to GitHub.\n`,
);
const result = await runPreview({
  repository,
  token: found.token,
  apiUrl,
  stages,
  outDir,
  env: process.env,
  progress: (stage) => console.log(stageLine(stage)),
});

for (const line of previewLines(result)) console.log(line);
if (result.refused.length > 0) {
  console.error(
    `\nRefused ${result.refused.length} write request(s) that went around the dry run: ${result.refused.join(', ')}`,
  );
  process.exitCode = 1;
}
if (result.dashboard) {
  console.log(`dashboard it would publish: ${shownPath(result.dashboard)}`);
  if (args.serve) {
    const url = await serveFolder(`${result.dashboard}/..`, port);
    console.log(`dashboard: ${url}  (Ctrl-C to stop)`);
    await new Promise(() => {});
  } else console.log('see it in a browser: add --serve (the page reads dashboard.json over HTTP)');
}
