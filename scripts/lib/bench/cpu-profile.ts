/** Summaries of V8 CPU profiles (`node --cpu-prof`): where a stage's CPU time goes. Pure. */

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly children?: readonly number[];
}

/** The `.cpuprofile` JSON that node writes. */
export interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

export interface ProfileFrame {
  /** function name (`(anonymous)`, or a V8 pseudo-frame such as `(garbage collector)`) */
  readonly name: string;
  /** file name and line, e.g. `index.js:1234`, or '' for pseudo-frames */
  readonly where: string;
  /** time spent in the function itself, ms */
  readonly selfMs: number;
  /** share of the sampled time, % */
  readonly share: number;
}

export interface ProfileSummary {
  readonly sampledMs: number;
  /** self time of the process's idle frame (waiting for the network) */
  readonly idleMs: number;
  /** the busiest frames by self time, idle and `(program)` excluded */
  readonly top: readonly ProfileFrame[];
}

/** Self time per frame (same function at the same place summed), busiest first. */
export function summarizeCpuProfile(profile: CpuProfile, top = 15): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const delta = Math.max(0, profile.timeDeltas[i] ?? 0);
    total += delta;
    selfUs.set(id, (selfUs.get(id) ?? 0) + delta);
  });
  const frames = new Map<string, { name: string; where: string; us: number }>();
  let idleUs = 0;
  for (const [id, us] of selfUs) {
    const frame = byId.get(id)?.callFrame;
    if (!frame) continue;
    if (frame.functionName === '(idle)') {
      idleUs += us;
      continue;
    }
    const name = frame.functionName || '(anonymous)';
    const file = frame.url ? (frame.url.split('/').pop() ?? frame.url) : '';
    const where = file ? `${file}:${frame.lineNumber + 1}` : '';
    const key = `${name}@${where}`;
    const entry = frames.get(key) ?? { name, where, us: 0 };
    entry.us += us;
    frames.set(key, entry);
  }
  const busy = total - idleUs;
  const sorted = [...frames.values()]
    .filter((f) => f.name !== '(program)')
    .sort((a, b) => b.us - a.us)
    .slice(0, top)
    .map((f) => ({
      name: f.name,
      where: f.where,
      selfMs: Math.round(f.us / 100) / 10,
      share: busy > 0 ? Math.round((f.us / busy) * 1000) / 10 : 0,
    }));
  return { sampledMs: Math.round(total / 1000), idleMs: Math.round(idleUs / 1000), top: sorted };
}
