import {
  actorRules,
  attributionRulesKey,
  ignoreListChanged,
  parseActorList,
} from '@codex-suite/core/activity/actors';
import {
  type AttributionRun,
  attributeActivity,
  attributionCandidates,
} from '@codex-suite/core/activity/attribution';
import type { ActivityThresholds } from '@codex-suite/core/activity/classify';
import { trackOfTitle } from '@codex-suite/core/contract';
import { resolveTokenIdentity } from '@codex-suite/core/github/identity';
import {
  type IndexedIssue,
  type IssueIndex,
  useAttributionRules,
} from '@codex-suite/core/issues/issue-index';
import type { SettingDefs } from '@codex-suite/core/settings';
import type { StageContext } from '@codex-suite/core/stage';

type Ctx = Pick<StageContext<SettingDefs>, 'github' | 'repo' | 'io' | 'now'>;

/**
 * Reads the timelines of the managed issues whose status depends on who acted last, within the
 * run's read budget, and records what they show in the index. Without the token's identity the
 * suite could take its own edits for a person's, so nothing is attributed then (every issue keeps
 * today's rule).
 */
export async function attributeManagedIssues(
  ctx: Ctx,
  index: IssueIndex,
  issues: readonly IndexedIssue[],
  thresholds: ActivityThresholds,
  options: { readonly budget: number; readonly ignoreActors: string },
): Promise<AttributionRun> {
  const candidatesOf = () =>
    attributionCandidates(issues, (i) => thresholds[trackOfTitle(i.title)], ctx.now());
  const ignore = parseActorList(options.ignoreActors);
  const rulesChanged = ignoreListChanged(index.attribution_rules, ignore);
  let candidates = candidatesOf();
  const skipped = (reason?: string): AttributionRun => {
    if (reason)
      ctx.io.warning(
        `Activity attribution skipped: ${reason}; ${candidates.length} issue(s) keep today's rule.`,
      );
    return {
      candidates: candidates.length,
      attributed: [],
      pending: candidates.map((i) => i.number),
      timelinePages: 0,
      editLookups: 0,
      budget: options.budget,
    };
  };
  if (options.budget === 0 || (candidates.length === 0 && !rulesChanged)) return skipped();
  const identity = await resolveTokenIdentity(ctx.github);
  if (!identity.known) return skipped(`the token's identity is unknown (${identity.reason})`);
  const rules = actorRules(identity.identity.login, ignore);
  const dropped = useAttributionRules(index, attributionRulesKey(rules));
  if (dropped > 0) {
    ctx.io.info(
      `Activity attribution: who counts changed; ${dropped} earlier attribution(s) are read afresh.`,
    );
    candidates = candidatesOf();
  }
  return attributeActivity(ctx, index, candidates, rules, options.budget);
}
