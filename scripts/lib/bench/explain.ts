/**
 * Why a stage spent more than its lower bound, read from its request log. Heuristic but
 * concrete: each finding names the routes and counts it rests on. Pure.
 */
import { listPages, type PipelineStage } from './lower-bound.js';
import type { StageResult } from './results.js';

const ISSUE_LIST = 'GET /repos/{owner}/{repo}/issues';
const GIT_WRITES = [
  'POST /repos/{owner}/{repo}/git/blobs',
  'POST /repos/{owner}/{repo}/git/trees',
  'POST /repos/{owner}/{repo}/git/commits',
  'PATCH /repos/{owner}/{repo}/git/refs/{ref}',
  'POST /repos/{owner}/{repo}/git/refs',
];

/** Counted-ish requests per route template (status ignored). */
export function routeTotals(byRoute: Record<string, number>): Map<string, number> {
  const totals = new Map<string, number>();
  for (const [key, n] of Object.entries(byRoute)) {
    const route = key.replace(/ \d{3}$/, '');
    totals.set(route, (totals.get(route) ?? 0) + n);
  }
  return totals;
}

/** Reads a stage makes that its lower bound does not count, and why they are not needed. */
const EXTRA_READS: Partial<Record<PipelineStage, Record<string, string>>> = {
  'self-test': {
    'GET /repos/{owner}/{repo}/git/ref/{ref}':
      'a pages-branch lookup for the write-access check, which in pipeline mode (publish: none, contents: read) proves nothing the run needs',
  },
  cleaner: {
    'GET /repos/{owner}/{repo}': 'a repository lookup the cleanup does not need',
    'GET /repos/{owner}/{repo}/milestones':
      'a milestones page (each listed issue carries its milestone title; the self-test list needs no milestone number)',
  },
  'project-sync': {
    'GET /repos/{owner}/{repo}/labels':
      'a labels page the bound does not count (a repair names labels by name; diagnostics checks that they exist)',
  },
  diagnostics: {
    'GET /repos/{owner}/{repo}': 'a repository lookup besides the five checks',
    'GET /repos/{owner}/{repo}/git/ref/{ref}':
      'a ref lookup before the layout read (GET git/trees takes the branch name)',
  },
};

export function explainStage(st: StageResult): string[] {
  const out: string[] = [];
  if (st.status === 'not run') return [`could not run: ${st.failure ?? 'unknown'}`];
  if (/not implemented/i.test(st.summary))
    out.push(
      'the stage is still a stub ("not implemented yet"): what it spends is the runner’s fixed cost alone',
    );
  const routes = routeTotals(st.requests.byRoute);
  const listed = routes.get(ISSUE_LIST) ?? 0;
  const full = listPages(st.facts.openListed);
  if (listed >= full && st.facts.indexExists && st.bound.formula.includes('index read'))
    out.push(
      `walks the whole issue list (${listed} × ${ISSUE_LIST}, the full list is ${full} pages) although the saved index plus a since-list would need ${st.bound.reads} read(s)`,
    );
  else if (listed > full * 1.1 + 1)
    out.push(`lists ${listed} issue pages where one full walk is ${full}: the list is walked more than once`);
  const perIssue = routes.get('GET /repos/{owner}/{repo}/issues/{issue_number}') ?? 0;
  if (perIssue > 3) out.push(`${perIssue} per-issue GETs (GET /issues/{n}) on top of the list`);
  const gitWrites = GIT_WRITES.reduce((n, r) => n + (routes.get(r) ?? 0), 0);
  const commits = routes.get('POST /repos/{owner}/{repo}/git/commits') ?? 0;
  const pipeline = st.mode === 'pipeline';
  if (commits > 0) {
    const refReads = routes.get('GET /repos/{owner}/{repo}/git/ref/{ref}') ?? 0;
    const commitReads = routes.get('GET /repos/{owner}/{repo}/git/commits/{commit_sha}') ?? 0;
    const treeReads = routes.get('GET /repos/{owner}/{repo}/git/trees/{tree_sha}') ?? 0;
    const what =
      pipeline && st.stage !== 'telemetry-merge'
        ? ' (state on the pages branch: nothing is published in the pipeline)'
        : '';
    out.push(
      `${commits} commit(s) to the pages branch${what}: ${gitWrites} git writes + ${refReads} ref, ${commitReads} commit and ${treeReads} tree reads` +
        (commits > 1 ? ' — several commits in one run where one would do' : '') +
        (st.stage === 'project-sync'
          ? '; the issue index is one file: one contents PUT with the blob sha its read returned would save it'
          : '; the least for one multi-file commit is 1 ref read + 3 writes (tree, commit, ref update)' +
            (commitReads > 0
              ? `, the head’s tree coming from the stage’s own tree listing (${commitReads} × GET git/commits here)`
              : '')),
    );
    const blobWrites = routes.get('POST /repos/{owner}/{repo}/git/blobs') ?? 0;
    if (blobWrites > 0)
      out.push(
        `${blobWrites} × POST git/blobs: files over the store's inline limit uploaded separately before the tree`,
      );
  }
  const puts = routes.get('PUT /repos/{owner}/{repo}/contents/{path}') ?? 0;
  // The issue index is saved with one contents PUT, which the bound counts ("1 index save").
  const indexSaves = Number(/(\d+) index save/.exec(st.bound.formula)?.[1] ?? 0);
  if (pipeline && st.stage !== 'telemetry-merge' && puts > indexSaves)
    out.push(
      indexSaves > 0
        ? `${puts - indexSaves} × PUT contents beyond the index save, in pipeline mode, where the stage publishes nothing`
        : `${puts} × PUT contents in pipeline mode, where the stage publishes nothing`,
    );
  const treeReads = st.requests.byRoute['GET /repos/{owner}/{repo}/git/trees/{tree_sha} 200'] ?? 0;
  if (st.stage === 'cleaner' && st.facts.telemetryPrune + st.facts.selftestRetire > 0 && treeReads > 1)
    out.push(
      `${treeReads - 1} × tree listing of the head the prune commit lands on: the plan is made again on that head, so a file rewritten after the first listing is not touched (the bound counts one listing)`,
    );
  const refMisses = st.requests.byRoute['GET /repos/{owner}/{repo}/git/ref/{ref} 404'] ?? 0;
  if (refMisses > 1) out.push(`${refMisses} × GET git/ref → 404: the missing branch is looked up repeatedly`);
  const blobs = routes.get('GET /repos/{owner}/{repo}/git/blobs/{file_sha}') ?? 0;
  const contents = routes.get('GET /repos/{owner}/{repo}/contents/{path}') ?? 0;
  if (blobs + contents > 2) {
    let where = '';
    if (st.stage === 'telemetry-merge')
      where = pipeline
        ? `, where ${st.facts.localComponents} component(s) came from the local telemetry folder and only ${st.facts.branchOnlyComponents} component(s) need their newest branch file (+ dashboard.json)`
        : `, where ${st.facts.componentsToMerge} component(s) have a file newer than the last merge`;
    out.push(`${blobs + contents} file reads from the pages branch (blobs/contents)${where}`);
  }
  for (const [route, why] of Object.entries(EXTRA_READS[st.stage] ?? {})) {
    if (route.endsWith('/git/ref/{ref}') && st.stage === 'self-test' && !pipeline) continue;
    const count = routes.get(route) ?? 0;
    if (count > 0) out.push(`${count} × \`${route}\`: ${why}`);
  }
  const projectItems =
    (routes.get('GET /orgs/{org}/projectsV2/{project_number}/items') ?? 0) +
    (routes.get('GET /users/{username}/projectsV2/{project_number}/items') ?? 0);
  if (projectItems > listPages(st.facts.projectItems) + 1)
    out.push(`${projectItems} project item pages where the project has ${st.facts.projectItems} items`);
  if (st.requests.writes > st.bound.writes)
    out.push(`${st.requests.writes} writes where ${st.bound.writes} are needed (${st.bound.formula})`);
  return out;
}
