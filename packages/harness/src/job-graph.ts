/** The jobs graph: `needs`, the order jobs run in, and the jobs a job depends on. */
import type { Obj } from './workflow-model.js';

/** Orders jobs so every job comes after its `needs` (stable: declaration order otherwise). */
export function orderJobs(jobs: Record<string, Obj>): string[] {
  const ids = Object.keys(jobs);
  const needs = new Map(ids.map((id) => [id, needsOf(jobs[id]!)]));
  for (const [id, ns] of needs) {
    for (const n of ns) if (!(n in jobs)) throw new Error(`Job '${id}' depends on unknown job '${n}'`);
  }
  const done = new Set<string>();
  const order: string[] = [];
  while (order.length < ids.length) {
    const next = ids.find((id) => !done.has(id) && needs.get(id)!.every((n) => done.has(n)));
    if (!next)
      throw new Error(`Jobs have a dependency cycle: ${ids.filter((id) => !done.has(id)).join(', ')}`);
    done.add(next);
    order.push(next);
  }
  return order;
}

export function needsOf(job: Obj): string[] {
  const n = job.needs;
  if (n === undefined) return [];
  return Array.isArray(n) ? n.map(String) : [String(n)];
}

export function ancestors(jobs: Record<string, Obj>, id: string, seen = new Set<string>()): Set<string> {
  for (const n of needsOf(jobs[id] ?? {})) {
    if (!seen.has(n)) {
      seen.add(n);
      ancestors(jobs, n, seen);
    }
  }
  return seen;
}
