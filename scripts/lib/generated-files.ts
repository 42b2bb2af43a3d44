import { SETTING_RULES } from '@codex-suite/core/setting-rules';
import { commonSettings, type SettingDef } from '@codex-suite/core/settings';
import type { StageDefinition } from '@codex-suite/core/stage';
import { dashboardSchema } from '@codex-suite/core/telemetry/schemas/dashboard';
import { telemetrySchemas } from '@codex-suite/core/telemetry/schemas/index';
import { stringify } from 'yaml';
import { STAGES } from './stages.js';

/** The post entry the build writes beside each stage's bundle (scripts/build.mjs). */
export const POST_ENTRY = 'post.js';

const COMMON_OUTPUTS: Record<string, string> = {
  status: 'Outcome of the stage: `ok`, `degraded`, `error` or `skipped`.',
  'telemetry-file': 'Path of the telemetry file the stage wrote.',
  summary: 'One line a person can read.',
};

function defaultText(def: SettingDef): string {
  if (def.actionDefault) return `\`${def.actionDefault}\``;
  if (def.default !== undefined) return `\`${String(def.default)}\``;
  return 'none';
}

/**
 * A setting with an environment variable gets no action.yml default: an input default would
 * always win over the environment and break "input > environment > default".
 */
function inputEntry(def: SettingDef): Record<string, unknown> {
  const envNote =
    def.env && !def.env.startsWith('GITHUB_')
      ? ` Falls back to \`$${def.env}\`, then to ${defaultText(def)}.`
      : '';
  const entry: Record<string, unknown> = { description: `${def.description}${envNote}`, required: false };
  if (def.actionDefault) entry.default = def.actionDefault;
  else if (!def.env && def.default !== undefined) entry.default = String(def.default);
  return entry;
}

export function renderActionYml(stage: StageDefinition<any, any>): string {
  const defs: Record<string, SettingDef> = { ...commonSettings, ...stage.settings };
  const inputs = Object.fromEntries(Object.values(defs).map((def) => [def.input, inputEntry(def)]));
  const outputs = Object.fromEntries(
    Object.entries({ ...COMMON_OUTPUTS, ...(stage.outputs ?? {}) }).map(([name, description]) => [
      name,
      { description },
    ]),
  );
  const doc = {
    name: stage.name,
    description: stage.description,
    author: 'Codex Suite',
    branding: stage.branding,
    inputs,
    outputs,
    runs: {
      using: 'node24',
      main: `../../dist/${stage.id}/index.js`,
      // Runs at the end of the job whatever happened: a stage that ended without telemetry is
      // warned about, and gets its stand-in error record if it never wrote one ahead (core/stage-post.ts).
      post: `../../dist/${stage.id}/${POST_ENTRY}`,
      'post-if': 'always()',
    },
  };
  return `# Generated from actions/${stage.id}/src/stage.ts and the settings schema by \`npm run generate\`; do not edit.\n${stringify(doc, { lineWidth: 0 })}`;
}

export function renderConfigurationDoc(stages: readonly StageDefinition<any, any>[] = STAGES): string {
  const rows = new Map<string, { def: SettingDef; stages: string[] }>();
  for (const stage of stages) {
    for (const def of Object.values({ ...commonSettings, ...stage.settings } as Record<string, SettingDef>)) {
      const row = rows.get(def.input) ?? { def, stages: [] };
      row.stages.push(stage.id);
      rows.set(def.input, row);
    }
  }
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  const typeText = (def: SettingDef) =>
    def.kind === 'integer'
      ? `integer ${def.min ?? '…'}–${def.max ?? '…'}`
      : def.kind === 'enum'
        ? (def.values ?? []).map((v) => `\`${v}\``).join(' \\| ')
        : def.kind;
  const lines = [
    '# Configuration reference',
    '',
    '<!-- Generated from the settings schema (packages/core/src/settings.ts and each stage) by `npm run generate`; do not edit. -->',
    '',
    'Every setting comes from an action input, or from its environment variable (the reusable workflows map',
    'repository variables `vars.CODEX_*` into the environment), or from its documented default — in that order.',
    'Each stage logs every resolved value once with its source. An invalid value stops the stage before any',
    'change, with an error that names the setting and the value. Control characters (line breaks, NUL, other',
    'C0 and C1 characters, bidirectional overrides) make any value invalid.',
    '',
    '| input | variable | type | default | stages | description |',
    '| --- | --- | --- | --- | --- | --- |',
  ];
  const all = stages.length;
  for (const { def, stages: used } of rows.values()) {
    lines.push(
      `| \`${def.input}\` | ${def.env ? `\`${def.env}\`` : '—'} | ${typeText(def)} | ${esc(defaultText(def))} | ${used.length === all ? 'all' : used.join(', ')} | ${esc(def.description)}${def.requiredFor ? ` Without it, ${esc(def.requiredFor)} is disabled (with a warning).` : ''} |`,
    );
  }
  lines.push(
    '',
    '## Rules across settings',
    '',
    'A stage that reads both settings of a rule refuses to run when the rule is broken, as for an invalid value;',
    'diagnostics reads every setting below, so it fails on the same configurations.',
    '',
    ...SETTING_RULES.map((rule) => `- ${rule.text}.`),
  );
  lines.push(
    '',
    '## Advanced environment variables',
    '',
    '| variable | default | meaning |',
    '| --- | --- | --- |',
    '| `CODEX_RETRY_BASE_MS` | `1000` | Base of the retry backoff after a 5xx or network error (retry n waits n² × base). |',
    '| `CODEX_REQUEST_TIMEOUT_MS` | `30000` | Timeout of one HTTP request to the GitHub API. |',
    '',
    '## Outputs of every stage',
    '',
    '| output | meaning |',
    '| --- | --- |',
    ...Object.entries(COMMON_OUTPUTS).map(([name, d]) => `| \`${name}\` | ${esc(d)} |`),
    '',
  );
  return lines.join('\n');
}

/** Every generated file: path → content. */
export function generatedFiles(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const stage of STAGES) files[`actions/${stage.id}/action.yml`] = renderActionYml(stage);
  files['docs/reference/configuration.md'] = renderConfigurationDoc();
  for (const [component, schema] of Object.entries(telemetrySchemas)) {
    files[`schemas/telemetry/${component}.schema.json`] = `${JSON.stringify(schema, null, 2)}\n`;
  }
  files['schemas/dashboard.schema.json'] = `${JSON.stringify(dashboardSchema, null, 2)}\n`;
  return files;
}
