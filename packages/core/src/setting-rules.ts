import { describeSetting } from './config.js';
import { type SettingDef, type SettingDefs, repositorySettings, verdictSettings } from './settings.js';

/**
 * Rules across settings, in one table. A stage is bound by every rule whose settings it reads
 * (the runner checks them before the stage runs, as invalid values); diagnostics reads the
 * settings of every rule, so whatever makes a stage fail makes diagnostics fail too.
 */
export interface SettingRule {
  /** the settings the rule compares */
  readonly reads: readonly SettingDef[];
  /** the rule in words, for the configuration reference */
  readonly text: string;
  /** the message when the values break the rule, given in the order of `reads` */
  check(values: readonly number[]): string | undefined;
}

/** Escalation is a later stage of staleness, so its threshold may not come first. */
function escalationNotBeforeStale(stale: SettingDef, escalation: SettingDef): SettingRule {
  return {
    reads: [stale, escalation],
    text: `\`${escalation.input}\` is at least \`${stale.input}\``,
    check: ([staleDays, escalationDays]) =>
      escalationDays! < staleDays!
        ? `${describeSetting(escalation)} is ${escalationDays}, below ${describeSetting(stale)} ${staleDays}: escalation days must be at least the stale days.`
        : undefined,
  };
}

/** A yellow threshold above its red one would make yellow unreachable (0 turns a rule off). */
function yellowNotAboveRed(yellow: SettingDef, red: SettingDef): SettingRule {
  return {
    reads: [yellow, red],
    text: `\`${yellow.input}\` is at most \`${red.input}\` (unless either is 0, which turns its rule off)`,
    check: ([y, r]) =>
      y! > 0 && r! > 0 && y! > r!
        ? `${yellow.input} is ${y}, above ${red.input} ${r}: the yellow threshold must not exceed the red one (0 turns a rule off).`
        : undefined,
  };
}

export const SETTING_RULES: readonly SettingRule[] = [
  escalationNotBeforeStale(repositorySettings.mainStaleDays, repositorySettings.mainEscalationDays),
  escalationNotBeforeStale(repositorySettings.dashboardStaleDays, repositorySettings.dashboardEscalationDays),
  yellowNotAboveRed(verdictSettings.yellowStalePercent, verdictSettings.redStalePercent),
  yellowNotAboveRed(verdictSettings.yellowEscalatedCount, verdictSettings.redEscalatedCount),
  yellowNotAboveRed(verdictSettings.yellowDriftCount, verdictSettings.redDriftCount),
];

/**
 * The messages of every rule whose settings are all among `defs`, checked against the resolved
 * `values` (keyed as `defs` is). Settings are matched by input name, whatever key a stage uses.
 */
export function settingRuleErrors(
  defs: SettingDefs,
  values: Readonly<Record<string, unknown>>,
  rules: readonly SettingRule[] = SETTING_RULES,
): string[] {
  const keyOf = new Map(Object.entries(defs).map(([key, def]) => [def.input, key]));
  return rules.flatMap((rule) => {
    const keys = rule.reads.map((def) => keyOf.get(def.input));
    if (keys.some((key) => key === undefined)) return [];
    const message = rule.check(keys.map((key) => Number(values[key!])));
    return message === undefined ? [] : [message];
  });
}

/** Every setting some rule reads, keyed as the settings schema keys it (diagnostics reads them all). */
export const RULE_SETTINGS: SettingDefs = Object.fromEntries(
  Object.entries({ ...repositorySettings, ...verdictSettings }).filter(([, def]) =>
    SETTING_RULES.some((rule) => rule.reads.includes(def)),
  ),
);
