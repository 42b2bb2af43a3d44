import { Ajv, type ErrorObject } from 'ajv';
import { parse as parseYaml } from 'yaml';
import { parseSettingValue } from '../config.js';
import { commonSettings, repositorySettings, type SettingDef } from '../settings.js';
import type { FederationLimits } from './plan.js';
import { GITHUB_MATRIX_LIMIT } from './plan.js';
import type { OrganisationFilter } from './targets.js';

/**
 * The control repository's configuration file (`.github/codex-federation.yml`): the targets, the
 * limits of a run, and settings for every repository or for one. The settings part of its JSON
 * Schema is derived from the suite's settings schema, so a setting added there is accepted here.
 */

/** Settings a repository of the federation may be given: the repository contract, dry-run, the write budget. */
const FEDERATED_SETTINGS: readonly SettingDef[] = [
  ...Object.values(repositorySettings),
  commonSettings.dryRun,
  commonSettings.maxWrites,
];

const REPOSITORY_PATTERN = '^[A-Za-z0-9][A-Za-z0-9-]{0,38}/[A-Za-z0-9._-]{1,100}$';

function settingJsonSchema(def: SettingDef): Record<string, unknown> {
  const description =
    def.default === undefined ? def.description : `${def.description} Default: ${def.default}.`;
  switch (def.kind) {
    case 'integer':
      return { type: 'integer', minimum: def.min, maximum: def.max, description };
    case 'boolean':
      return { type: 'boolean', description };
    case 'enum':
      return { enum: [...(def.values ?? [])], description };
    default:
      return { type: 'string', minLength: 1, description };
  }
}

/** The JSON Schema of the settings one repository may be given. */
export function federatedSettingsSchema(): Record<string, unknown> {
  return {
    type: 'object',
    additionalProperties: false,
    properties: Object.fromEntries(FEDERATED_SETTINGS.map((def) => [def.input, settingJsonSchema(def)])),
  };
}

/** The JSON Schema of the whole configuration file. */
function federationConfigSchema(): Record<string, unknown> {
  const settings = federatedSettingsSchema();
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'Codex Suite federation configuration',
    type: 'object',
    additionalProperties: false,
    required: ['targets'],
    properties: {
      targets: {
        type: 'object',
        additionalProperties: false,
        properties: {
          repositories: { type: 'array', items: { type: 'string', pattern: REPOSITORY_PATTERN } },
          organization: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9-]{0,38}$' },
          topics: { type: 'array', items: { type: 'string', minLength: 1 } },
          visibility: { enum: ['all', 'public', 'private', 'internal'] },
          'include-archived': { type: 'boolean' },
        },
      },
      limits: {
        type: 'object',
        additionalProperties: false,
        properties: {
          'max-jobs': { type: 'integer', minimum: 1, maximum: GITHUB_MATRIX_LIMIT },
          'max-parallel': { type: 'integer', minimum: 1, maximum: GITHUB_MATRIX_LIMIT },
          'requests-per-hour': { type: 'integer', minimum: 1 },
          'requests-per-repository': { type: 'integer', minimum: 1 },
        },
      },
      settings,
      repositories: {
        type: 'object',
        propertyNames: { pattern: REPOSITORY_PATTERN },
        additionalProperties: settings,
      },
    },
  };
}

export type FederatedSettings = Readonly<Record<string, string | number | boolean>>;

export interface FederationConfig {
  readonly explicit: readonly string[];
  readonly organization?: string;
  readonly filter: OrganisationFilter;
  readonly limits: FederationLimits;
  /** settings for every repository (input name → value) */
  readonly settings: FederatedSettings;
  /** settings of one repository, by `owner/name` as written */
  readonly repositories: Readonly<Record<string, FederatedSettings>>;
}

/** Defaults of a run: a full matrix, 20 jobs at once, one App installation's base budget. */
const DEFAULT_LIMITS: FederationLimits = {
  maxJobs: GITHUB_MATRIX_LIMIT,
  maxParallel: 20,
  requestsPerHour: 5000,
  // one pipeline run of a repository, rounded up from the measured figures in docs/federation.md
  requestsPerRepository: 60,
};

export class FederationConfigError extends Error {
  constructor(
    readonly file: string,
    readonly problems: readonly string[],
  ) {
    super(`${file} is not a valid federation configuration:\n  ${problems.join('\n  ')}`);
  }
}

const ajv = new Ajv({ allErrors: true, strict: false, verbose: true });
let validator: ReturnType<typeof ajv.compile> | undefined;

function pointerParts(pointer: string): string[] {
  return pointer
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Where a problem is, in the file's own words: `repository acme/web, key main-stale-days`. */
function place(parts: readonly string[]): string {
  if (parts[0] === 'repositories' && parts.length >= 2) {
    const key = parts.slice(2).join('.');
    return key ? `repository ${parts[1]}, key ${key}` : `repository ${parts[1]}`;
  }
  if (parts[0] === 'settings') {
    const key = parts.slice(1).join('.');
    return key ? `settings (every repository), key ${key}` : 'settings';
  }
  return parts.length ? `key ${parts.join('.')}` : 'the file';
}

function describe(error: ErrorObject): string {
  const parts = pointerParts(error.instancePath);
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'additionalProperties') {
    return `${place(parts)}: unknown key "${String(params.additionalProperty)}"`;
  }
  if (error.keyword === 'propertyNames') {
    return `${place(parts)}: "${String(params.propertyName)}" is not owner/name`;
  }
  if (error.keyword === 'enum') {
    return `${place(parts)}: must be one of ${(params.allowedValues as unknown[]).join(', ')}`;
  }
  if (error.keyword === 'pattern' && parts[0] === 'targets') {
    return `${place(parts)}: "${String(error.data)}" is not a valid name`;
  }
  return `${place(parts)}: ${error.message ?? 'is invalid'}`;
}

/** Values the JSON Schema cannot judge (a project reference), checked by the settings' own parser. */
function semanticProblems(scope: string[], settings: Record<string, unknown>): string[] {
  const problems: string[] = [];
  for (const def of FEDERATED_SETTINGS) {
    const value = settings[def.input];
    if (value === undefined || def.kind !== 'project') continue;
    const parsed = parseSettingValue(def, String(value));
    if ('error' in parsed) problems.push(`${place([...scope, def.input])}: ${parsed.error}`);
  }
  return problems;
}

type Raw = {
  targets: {
    repositories?: string[];
    organization?: string;
    topics?: string[];
    visibility?: OrganisationFilter['visibility'];
    'include-archived'?: boolean;
  };
  limits?: Record<string, number>;
  settings?: Record<string, string | number | boolean>;
  repositories?: Record<string, Record<string, string | number | boolean>>;
};

/** Parses and validates the file; every problem is named with its repository and key. */
export function parseFederationConfig(text: string, file = '.github/codex-federation.yml'): FederationConfig {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (error) {
    throw new FederationConfigError(file, [`not valid YAML: ${(error as Error).message}`]);
  }
  validator ??= ajv.compile(federationConfigSchema());
  if (!validator(doc)) {
    // A bad key name is reported once, by its propertyNames error (the pattern error under it says less).
    const errors = (validator.errors ?? []).filter((e) => !(e as { propertyName?: string }).propertyName);
    throw new FederationConfigError(file, [...new Set(errors.map(describe))].sort());
  }
  const raw = doc as Raw;
  const problems = semanticProblems(['settings'], raw.settings ?? {});
  for (const [repository, settings] of Object.entries(raw.repositories ?? {})) {
    problems.push(...semanticProblems(['repositories', repository], settings));
  }
  if (!raw.targets.repositories?.length && !raw.targets.organization) {
    problems.push('key targets: name repositories, an organization, or both');
  }
  if (problems.length > 0) throw new FederationConfigError(file, problems);
  const limits = raw.limits ?? {};
  return {
    explicit: raw.targets.repositories ?? [],
    organization: raw.targets.organization,
    filter: {
      topics: raw.targets.topics ?? [],
      visibility: raw.targets.visibility ?? 'all',
      includeArchived: raw.targets['include-archived'] ?? false,
    },
    limits: {
      maxJobs: limits['max-jobs'] ?? DEFAULT_LIMITS.maxJobs,
      maxParallel: limits['max-parallel'] ?? DEFAULT_LIMITS.maxParallel,
      requestsPerHour: limits['requests-per-hour'] ?? DEFAULT_LIMITS.requestsPerHour,
      requestsPerRepository: limits['requests-per-repository'] ?? DEFAULT_LIMITS.requestsPerRepository,
    },
    settings: raw.settings ?? {},
    repositories: raw.repositories ?? {},
  };
}

/**
 * The environment one repository's stages run with: the file's settings for every repository,
 * then that repository's own (names compare case-insensitively, as GitHub's). Settings not given
 * here are left to the stage's documented default.
 */
export function settingsEnvironment(config: FederationConfig, repository: string): Record<string, string> {
  const own = Object.entries(config.repositories).find(
    ([name]) => name.toLowerCase() === repository.toLowerCase(),
  );
  const merged = { ...config.settings, ...(own?.[1] ?? {}) };
  const env: Record<string, string> = {};
  for (const def of FEDERATED_SETTINGS) {
    const value = merged[def.input];
    if (value !== undefined && def.env) env[def.env] = String(value);
  }
  return env;
}
