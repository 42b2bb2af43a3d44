import { describe, expect, it } from 'vitest';
import {
  FederationConfigError,
  federatedSettingsSchema,
  parseFederationConfig,
  settingsEnvironment,
} from '../../src/federation/config.js';
import { repositorySettings } from '../../src/settings.js';

function problems(text: string): readonly string[] {
  try {
    parseFederationConfig(text);
  } catch (error) {
    if (error instanceof FederationConfigError) return error.problems;
    throw error;
  }
  throw new Error('the file was accepted');
}

const VALID = `
targets:
  organization: acme
  topics: [codex]
  repositories: [other/lib]
limits:
  max-parallel: 5
settings:
  main-milestone: Roadmap
  main-stale-days: 10
repositories:
  acme/web:
    main-stale-days: 7
    dry-run: true
`;

describe('federation configuration', () => {
  it('derives its settings from the suite settings schema', () => {
    const properties = federatedSettingsSchema().properties as Record<string, { maximum?: number }>;
    for (const def of Object.values(repositorySettings)) expect(properties).toHaveProperty(def.input);
    expect(properties['main-stale-days']!.maximum).toBe(repositorySettings.mainStaleDays.max);
  });

  it('reads targets, limits and settings, with defaults for the rest', () => {
    const config = parseFederationConfig(VALID);
    expect(config.organization).toBe('acme');
    expect(config.filter).toEqual({ topics: ['codex'], visibility: 'all', includeArchived: false });
    expect(config.limits.maxParallel).toBe(5);
    expect(config.limits.maxJobs).toBe(256);
  });

  it("gives a repository the file's settings, then its own, as the stages' environment variables", () => {
    const config = parseFederationConfig(VALID);
    expect(settingsEnvironment(config, 'ACME/Web')).toEqual({
      CODEX_MAIN_MILESTONE: 'Roadmap',
      CODEX_MAIN_STALE_DAYS: '7',
      CODEX_DRY_RUN: 'true',
    });
    expect(settingsEnvironment(config, 'other/lib')).toEqual({
      CODEX_MAIN_MILESTONE: 'Roadmap',
      CODEX_MAIN_STALE_DAYS: '10',
    });
  });

  it('names the repository and the key of every problem', () => {
    expect(
      problems(`
targets: { repositories: [acme/web] }
repositories:
  acme/web:
    main-stale-days: -3
    main-stale-dayz: 3
  acme/api:
    project: not-a-project
settings:
  dry-run: "yes"
`),
    ).toEqual([
      'repository acme/web, key main-stale-days: must be >= 1',
      'repository acme/web: unknown key "main-stale-dayz"',
      'settings (every repository), key dry-run: must be boolean',
    ]);
    expect(
      problems('targets: { repositories: [acme/web] }\nrepositories:\n  acme/api:\n    project: nope\n'),
    ).toEqual([
      'repository acme/api, key project: Invalid value "nope" for project (CODEX_PROJECT): expected orgs/<org>/projects/<number>, users/<user>/projects/<number> or the project\'s URL.',
    ]);
  });

  it('refuses bad targets and limits in words a maintainer can act on', () => {
    expect(problems('targets: { visibility: secret, organization: acme }')).toEqual([
      'key targets.visibility: must be one of all, public, private, internal',
    ]);
    expect(problems('targets: {}')).toEqual(['key targets: name repositories, an organization, or both']);
    expect(problems('targets: { organization: acme }\nlimits: { max-jobs: 300 }')).toEqual([
      'key limits.max-jobs: must be <= 256',
    ]);
    expect(problems('targets: { repositories: ["acme/web/../x"] }')).toEqual([
      'key targets.repositories.0: "acme/web/../x" is not a valid name',
    ]);
    expect(problems('repositories:\n  "not a repo": {}\ntargets: { organization: acme }')).toEqual([
      'key repositories: "not a repo" is not owner/name',
    ]);
    expect(problems('targets: [')).toEqual([expect.stringMatching(/^not valid YAML/)]);
  });
});
