import { describe, expect, it } from 'vitest';
import { resolveSettings } from '../src/config.js';
import { parseProjectRef } from '../src/project-ref.js';
import { commonSettings, repositorySettings } from '../src/settings.js';

const defs = { ...commonSettings, ...repositorySettings };
const reader = (inputs: Record<string, string>, env: Record<string, string> = {}) => ({
  input: (name: string) => inputs[name] ?? '',
  env: (name: string) => env[name],
});

describe('settings resolution', () => {
  it('prefers the input over the environment over the documented default', () => {
    const r = resolveSettings(
      defs,
      reader({ 'main-stale-days': '5' }, { CODEX_MAIN_STALE_DAYS: '9', CODEX_MAIN_ESCALATION_DAYS: '40' }),
    );
    expect(r.errors).toEqual([]);
    expect(r.values.mainStaleDays).toBe(5);
    expect(r.values.mainEscalationDays).toBe(40);
    expect(r.values.dashboardStaleDays).toBe(14);
    const sources = Object.fromEntries(r.entries.map((e) => [e.key, e.source]));
    expect(sources).toMatchObject({
      mainStaleDays: 'input',
      mainEscalationDays: 'env',
      dashboardStaleDays: 'default',
    });
  });

  it('applies every documented default of the contract', () => {
    const r = resolveSettings(defs, reader({}));
    expect(r.values).toMatchObject({
      selftestMilestone: 'Codex Internal',
      selftestRetain: 3,
      selftestMaxAgeDays: 7,
      telemetryMaxAgeDays: 30,
      mainStaleDays: 14,
      mainEscalationDays: 30,
      dashboardStaleDays: 14,
      dashboardEscalationDays: 30,
      dryRun: false,
      publish: 'gh-pages',
      pagesBranch: 'gh-pages',
      failOnError: false,
    });
    expect(r.values.mainMilestone).toBeUndefined();
    expect(r.values.project).toBeUndefined();
  });

  it('names each absent setting that disables a repair, without guessing a value', () => {
    const r = resolveSettings(defs, reader({}));
    expect(r.warnings).toEqual(
      expect.arrayContaining([
        expect.stringContaining('main-milestone (CODEX_MAIN_MILESTONE) is not set'),
        expect.stringContaining('dashboard-milestone (CODEX_DASHBOARD_MILESTONE) is not set'),
        expect.stringContaining('project (CODEX_PROJECT) is not set'),
      ]),
    );
  });

  it('treats a blank input as absent so the environment still applies', () => {
    const r = resolveSettings(
      defs,
      reader({ 'main-milestone': '   ' }, { CODEX_MAIN_MILESTONE: 'Sprint 1' }),
    );
    expect(r.values.mainMilestone).toBe('Sprint 1');
  });

  it.each([
    ['main-stale-days', '-1', 'whole number from 1'],
    ['main-stale-days', '0', 'whole number from 1'],
    ['main-stale-days', 'abc', 'expected a whole number'],
    ['main-stale-days', '1.5', 'expected a whole number'],
    ['main-stale-days', '99999999999999999999', 'whole number from 1'],
    ['selftest-retain', '-3', 'whole number from 0'],
    ['telemetry-max-age-days', '1e3', 'expected a whole number'],
    ['dry-run', 'yes', 'expected true or false'],
    ['publish', 'pages', 'expected one of gh-pages, none'],
    ['project', 'projects/5', 'expected orgs/<org>/projects/<number>'],
    ['project', 'orgs/acme/projects/0', 'expected orgs/<org>/projects/<number>'],
    ['repository', 'just-a-name', 'expected owner/name'],
  ])('rejects %s=%s with an error naming the setting and the value', (input, value, fragment) => {
    const r = resolveSettings(defs, reader({ [input]: value }));
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]!.setting).toBe(input);
    expect(r.errors[0]!.message).toContain(`"${value}"`);
    expect(r.errors[0]!.message).toContain(input);
    expect(r.errors[0]!.message).toContain(fragment);
  });

  it('rejects an invalid environment value and names the variable', () => {
    const r = resolveSettings(defs, reader({}, { CODEX_DASHBOARD_ESCALATION_DAYS: 'ten' }));
    expect(r.errors[0]!.message).toContain('CODEX_DASHBOARD_ESCALATION_DAYS');
  });

  it('never shows a secret value in entries or errors', () => {
    const r = resolveSettings(defs, reader({ 'github-token': 'ghs_supersecretvalue' }));
    expect(JSON.stringify(r.entries)).not.toContain('ghs_supersecretvalue');
  });
});

describe('project references', () => {
  it.each([
    ['orgs/acme/projects/7', { ownerType: 'orgs', owner: 'acme', number: 7 }],
    ['users/octo-cat/projects/12', { ownerType: 'users', owner: 'octo-cat', number: 12 }],
    ['https://github.com/orgs/acme/projects/7', { ownerType: 'orgs', owner: 'acme', number: 7 }],
    [
      'https://github.com/users/octocat/projects/3/views/1',
      { ownerType: 'users', owner: 'octocat', number: 3 },
    ],
    ['https://ghe.example.com/orgs/acme/projects/7/', { ownerType: 'orgs', owner: 'acme', number: 7 }],
  ])('parses %s', (text, expected) => {
    expect(parseProjectRef(text)).toEqual(expected);
  });

  it.each(['', 'acme/7', 'orgs/acme/projects/x', 'teams/acme/projects/1', 'orgs/-bad/projects/1'])(
    'rejects %j',
    (text) => {
      expect(parseProjectRef(text)).toBeUndefined();
    },
  );
});
