import type { StageContext } from '@codex-suite/core/stage';
import type { Writer } from '@codex-suite/core/write-guard';
import type { Repair, RepairRecord } from './repairs.js';

type RepairContext = Pick<StageContext, 'repo' | 'writes'>;

/**
 * Applies the repairs one at a time through the write guard, which alone decides whether each
 * is made (dry run: planned; over the budget: deferred). Returns one record per repair, in order.
 */
export async function applyRepairs(ctx: RepairContext, repairs: readonly Repair[]): Promise<RepairRecord[]> {
  const records: RepairRecord[] = [];
  for (const repair of repairs) {
    const { kind, target, description, cost } = repair;
    const change = cost === undefined ? { kind, target, description } : { kind, target, description, cost };
    const result = await ctx.writes.apply(change, (writer) => perform(writer, ctx, repair));
    records.push({
      kind,
      target,
      description,
      outcome: result.outcome,
      ...(result.outcome === 'failed' ? { error: result.error.message } : {}),
    });
  }
  return records;
}

function perform({ github, pages }: Writer, ctx: RepairContext, repair: Repair): Promise<unknown> {
  switch (repair.kind) {
    case 'label.create':
      return github.rest.issues.createLabel({
        ...ctx.repo,
        name: repair.label.name,
        color: repair.label.color,
        description: repair.label.description,
      });
    case 'milestone.create':
      return github.rest.issues.createMilestone({
        ...ctx.repo,
        title: repair.title,
        description: repair.about,
      });
    case 'pages.commit':
      return pages.commit({ ...repair.files }, repair.message);
  }
}
