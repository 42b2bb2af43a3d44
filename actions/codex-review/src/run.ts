import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { StageContext } from '@codex-suite/core/stage';
import { clearOutputFiles, type OutputFiles, outputFiles } from './output-files.js';
import type { RenderContext } from './render.js';
import { environmentSecrets, SecretRedactor } from './secrets.js';
import type { settings } from './settings.js';

export type ReviewContext = StageContext<typeof settings>;

/** What every step of one run shares: the key, the secrets to keep out, the output folder. */
export interface ReviewRun {
  readonly started: number;
  readonly key: string;
  /** every secret of the run, for the redactor and to keep out of Codex's environment */
  readonly secrets: readonly string[];
  readonly redactor: SecretRedactor;
  /** a text with every secret of the run scrubbed out */
  clean(text: string): string;
  readonly files: OutputFiles;
  /** how the review is rendered, whatever the pull request */
  readonly rendering: Omit<RenderContext, 'pullRequest'>;
}

/** Masks the run's secrets before anything else happens, then empties the output folder. */
export async function openRun(ctx: ReviewContext): Promise<ReviewRun> {
  const started = Date.now();
  const s = ctx.settings;
  const key = (s.openaiApiKey ?? '').trim();
  // The key, the token and every value of the environment that looks like a credential, in each
  // encoding the redactor knows. The runner scrubs every masked form from logs, outputs, the
  // summary and telemetry; the stage scrubs what it posts.
  const redactor = new SecretRedactor();
  const known = [key, ctx.io.getInput('github-token').trim()];
  const secrets = [...known, ...environmentSecrets(process.env)];
  for (const form of [...redactor.add(known, 4), ...redactor.add(secrets)]) ctx.io.setSecret(form);

  const files = outputFiles(resolve(s.outputDir || join(ctx.runner.runnerTemp, 'codex-review')));
  await mkdir(files.dir, { recursive: true });
  await clearOutputFiles(files);

  return {
    started,
    key,
    secrets,
    redactor,
    clean: (text) => redactor.scrub(text),
    files,
    rendering: {
      repository: ctx.repository,
      model: s.model,
      codexVersion: s.codexVersion,
      allowedHosts: [new URL(ctx.runner.serverUrl || 'https://github.com').hostname],
      ...(ctx.runner.runId && !ctx.runner.runId.startsWith('local-')
        ? { runUrl: `${ctx.runner.serverUrl}/${ctx.repository}/actions/runs/${ctx.runner.runId}` }
        : {}),
    },
  };
}
