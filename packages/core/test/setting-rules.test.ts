import { describe, expect, it } from 'vitest';
import { RULE_SETTINGS, SETTING_RULES, settingRuleErrors } from '../src/setting-rules.js';
import { repositorySettings, type SettingDefs, verdictSettings } from '../src/settings.js';

/** Every setting at its documented default: no rule is broken. */
const defaults = (defs: SettingDefs) =>
  Object.fromEntries(Object.entries(defs).map(([key, def]) => [key, def.default]));
const days = defaults(repositorySettings);
const verdict = defaults(verdictSettings);
const all = { ...repositorySettings, ...verdictSettings };

describe('escalation days not before stale days', () => {
  it('accepts escalation days equal to stale days', () => {
    expect(settingRuleErrors(all, { ...days, ...verdict, mainEscalationDays: 14 })).toEqual([]);
  });
  it('names both settings of each track whose escalation comes first', () => {
    expect(
      settingRuleErrors(all, { ...days, ...verdict, mainEscalationDays: 13, dashboardEscalationDays: 2 }),
    ).toEqual([
      'main-escalation-days (CODEX_MAIN_ESCALATION_DAYS) is 13, below main-stale-days (CODEX_MAIN_STALE_DAYS) 14: escalation days must be at least the stale days.',
      'dashboard-escalation-days (CODEX_DASHBOARD_ESCALATION_DAYS) is 2, below dashboard-stale-days (CODEX_DASHBOARD_STALE_DAYS) 14: escalation days must be at least the stale days.',
    ]);
  });
});

describe('yellow thresholds not above red ones', () => {
  it('refuses a yellow threshold above its red one, naming both; equal or off (0) is fine', () => {
    const check = (v: Record<string, number>) => settingRuleErrors(all, { ...days, ...verdict, ...v });
    expect(check({})).toEqual([]);
    expect(check({ yellowDriftCount: 10, redDriftCount: 10 })).toEqual([]);
    expect(check({ yellowStalePercent: 0, redStalePercent: 10 })).toEqual([]);
    expect(check({ yellowStalePercent: 60 })).toEqual([
      'yellow-stale-percent is 60, above red-stale-percent 50: the yellow threshold must not exceed the red one (0 turns a rule off).',
    ]);
    expect(check({ yellowEscalatedCount: 4, yellowDriftCount: 11 })).toHaveLength(2);
  });
});

describe('which rules bind a stage', () => {
  it('only rules whose settings it reads all of, matched by input name whatever the key', () => {
    const onlyMain = {
      stale: repositorySettings.mainStaleDays,
      escalation: repositorySettings.mainEscalationDays,
    };
    expect(settingRuleErrors(onlyMain, { stale: 20, escalation: 10 })).toHaveLength(1);
    expect(settingRuleErrors({ stale: repositorySettings.mainStaleDays }, { stale: 20 })).toEqual([]);
  });

  it('RULE_SETTINGS holds every setting a rule reads, under its schema key', () => {
    const read = new Set(SETTING_RULES.flatMap((rule) => rule.reads.map((def) => def.input)));
    expect(new Set(Object.values(RULE_SETTINGS).map((def) => def.input))).toEqual(read);
    expect(RULE_SETTINGS.mainStaleDays).toBe(repositorySettings.mainStaleDays);
    expect(RULE_SETTINGS.redDriftCount).toBe(verdictSettings.redDriftCount);
  });
});
