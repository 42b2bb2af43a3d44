/**
 * Writes packages/emulator/openapi/github-subset.json: the operations of GitHub's REST description
 * that the emulator implements, plus every component they reference (transitively).
 *
 * The full description ships in @octokit/openapi (hundreds of MB installed), so it is not a
 * dependency: its tarball is fetched on demand with `npm pack` into a temporary directory.
 *
 *   npx tsx scripts/openapi-subset.ts [--spec path/to/api.github.com.json]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const OPENAPI_PACKAGE = '@octokit/openapi@23.0.2';

/** [method, path] of every operation the emulator implements. */
export const OPERATIONS: Array<[string, string]> = [
  ['get', '/rate_limit'],
  ['get', '/repos/{owner}/{repo}'],
  ['get', '/user'],
  ['get', '/orgs/{org}/repos'],
  ['get', '/repos/{owner}/{repo}/pages'],
  ['get', '/repos/{owner}/{repo}/issues'],
  ['post', '/repos/{owner}/{repo}/issues'],
  ['get', '/repos/{owner}/{repo}/issues/{issue_number}'],
  ['patch', '/repos/{owner}/{repo}/issues/{issue_number}'],
  ['get', '/repos/{owner}/{repo}/issues/{issue_number}/labels'],
  ['post', '/repos/{owner}/{repo}/issues/{issue_number}/labels'],
  ['put', '/repos/{owner}/{repo}/issues/{issue_number}/labels'],
  ['delete', '/repos/{owner}/{repo}/issues/{issue_number}/labels'],
  ['delete', '/repos/{owner}/{repo}/issues/{issue_number}/labels/{name}'],
  ['get', '/repos/{owner}/{repo}/issues/{issue_number}/comments'],
  ['get', '/repos/{owner}/{repo}/issues/{issue_number}/timeline'],
  ['post', '/repos/{owner}/{repo}/issues/{issue_number}/comments'],
  ['get', '/repos/{owner}/{repo}/issues/comments/{comment_id}'],
  ['patch', '/repos/{owner}/{repo}/issues/comments/{comment_id}'],
  ['delete', '/repos/{owner}/{repo}/issues/comments/{comment_id}'],
  ['get', '/repos/{owner}/{repo}/labels'],
  ['post', '/repos/{owner}/{repo}/labels'],
  ['get', '/repos/{owner}/{repo}/labels/{name}'],
  ['patch', '/repos/{owner}/{repo}/labels/{name}'],
  ['delete', '/repos/{owner}/{repo}/labels/{name}'],
  ['get', '/repos/{owner}/{repo}/milestones'],
  ['post', '/repos/{owner}/{repo}/milestones'],
  ['get', '/repos/{owner}/{repo}/milestones/{milestone_number}'],
  ['patch', '/repos/{owner}/{repo}/milestones/{milestone_number}'],
  ['delete', '/repos/{owner}/{repo}/milestones/{milestone_number}'],
  ['get', '/orgs/{org}/projectsV2/{project_number}'],
  ['get', '/orgs/{org}/projectsV2/{project_number}/items'],
  ['post', '/orgs/{org}/projectsV2/{project_number}/items'],
  ['get', '/orgs/{org}/projectsV2/{project_number}/items/{item_id}'],
  ['delete', '/orgs/{org}/projectsV2/{project_number}/items/{item_id}'],
  ['get', '/users/{username}/projectsV2/{project_number}'],
  ['get', '/users/{username}/projectsV2/{project_number}/items'],
  ['post', '/users/{username}/projectsV2/{project_number}/items'],
  ['get', '/users/{username}/projectsV2/{project_number}/items/{item_id}'],
  ['delete', '/users/{username}/projectsV2/{project_number}/items/{item_id}'],
  ['get', '/repos/{owner}/{repo}/git/ref/{ref}'],
  ['get', '/repos/{owner}/{repo}/git/matching-refs/{ref}'],
  ['post', '/repos/{owner}/{repo}/git/refs'],
  ['patch', '/repos/{owner}/{repo}/git/refs/{ref}'],
  ['delete', '/repos/{owner}/{repo}/git/refs/{ref}'],
  ['get', '/repos/{owner}/{repo}/git/commits/{commit_sha}'],
  ['post', '/repos/{owner}/{repo}/git/commits'],
  ['get', '/repos/{owner}/{repo}/git/trees/{tree_sha}'],
  ['post', '/repos/{owner}/{repo}/git/trees'],
  ['get', '/repos/{owner}/{repo}/git/blobs/{file_sha}'],
  ['post', '/repos/{owner}/{repo}/git/blobs'],
  ['get', '/repos/{owner}/{repo}/contents/{path}'],
  ['put', '/repos/{owner}/{repo}/contents/{path}'],
  ['get', '/repos/{owner}/{repo}/actions/variables'],
  ['post', '/repos/{owner}/{repo}/actions/variables'],
  ['get', '/repos/{owner}/{repo}/actions/variables/{name}'],
  ['patch', '/repos/{owner}/{repo}/actions/variables/{name}'],
  ['delete', '/repos/{owner}/{repo}/actions/variables/{name}'],
  ['get', '/repos/{owner}/{repo}/pulls/{pull_number}'],
  ['get', '/repos/{owner}/{repo}/pulls/{pull_number}/files'],
];

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Drops examples (large, unused by validation) from a piece of the description. */
function withoutExamples(value: Json): Json {
  if (Array.isArray(value)) return value.map(withoutExamples);
  if (value && typeof value === 'object') {
    const out: { [key: string]: Json } = {};
    for (const [key, child] of Object.entries(value)) {
      if (key === 'examples' || key === 'example') continue;
      out[key] = withoutExamples(child);
    }
    return out;
  }
  return value;
}

function collectRefs(value: Json, into: Set<string>): void {
  if (Array.isArray(value)) {
    for (const child of value) collectRefs(child, into);
  } else if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      if (key === '$ref' && typeof child === 'string') into.add(child);
      else collectRefs(child, into);
    }
  }
}

export function subset(spec: { [key: string]: Json }): { [key: string]: Json } {
  const paths = spec.paths as { [path: string]: { [method: string]: Json } };
  const components = spec.components as { [kind: string]: { [name: string]: Json } };
  const outPaths: { [path: string]: { [method: string]: Json } } = {};
  const pending = new Set<string>();
  for (const [method, path] of OPERATIONS) {
    const operation = paths[path]?.[method];
    if (!operation) throw new Error(`operation ${method.toUpperCase()} ${path} is not in the description`);
    const cleaned = withoutExamples(operation);
    outPaths[path] ??= {};
    outPaths[path][method] = cleaned;
    collectRefs(cleaned, pending);
  }
  const outComponents: { [kind: string]: { [name: string]: Json } } = {};
  const done = new Set<string>();
  while (pending.size > 0) {
    const ref = pending.values().next().value as string;
    pending.delete(ref);
    if (done.has(ref)) continue;
    done.add(ref);
    const match = /^#\/components\/([^/]+)\/(.+)$/.exec(ref);
    if (!match) throw new Error(`unsupported $ref ${ref}`);
    const [, kind = '', name = ''] = match;
    const target = components[kind]?.[name];
    if (target === undefined) throw new Error(`dangling $ref ${ref}`);
    const cleaned = withoutExamples(target);
    outComponents[kind] ??= {};
    outComponents[kind][name] = cleaned;
    const refs = new Set<string>();
    collectRefs(cleaned, refs);
    for (const next of refs) if (!done.has(next)) pending.add(next);
  }
  const sortKeys = (obj: { [key: string]: Json }): { [key: string]: Json } =>
    Object.fromEntries(
      Object.keys(obj)
        .sort()
        .map((key) => [key, obj[key] as Json]),
    );
  return {
    openapi: spec.openapi as Json,
    info: { ...(spec.info as { [key: string]: Json }), 'x-subset-of': OPENAPI_PACKAGE },
    paths: sortKeys(outPaths),
    components: sortKeys(
      Object.fromEntries(Object.entries(outComponents).map(([kind, items]) => [kind, sortKeys(items)])),
    ),
  };
}

function fetchSpec(): { [key: string]: Json } {
  const dir = mkdtempSync(join(tmpdir(), 'openapi-'));
  try {
    const output = execFileSync('npm', ['pack', OPENAPI_PACKAGE, '--pack-destination', dir, '--silent'], {
      encoding: 'utf8',
    });
    const tarball = join(dir, output.trim().split('\n').pop() ?? '');
    execFileSync('tar', ['-xzf', tarball, '-C', dir, 'package/generated/api.github.com.json']);
    return JSON.parse(readFileSync(join(dir, 'package/generated/api.github.com.json'), 'utf8'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function main(): void {
  const specIndex = process.argv.indexOf('--spec');
  const specPath = specIndex >= 0 ? process.argv[specIndex + 1] : undefined;
  const spec = specPath ? JSON.parse(readFileSync(specPath, 'utf8')) : fetchSpec();
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  const target = join(root, 'packages/emulator/openapi/github-subset.json');
  const result = subset(spec);
  writeFileSync(target, `${JSON.stringify(result, null, 1)}\n`);
  const count = Object.values(result.components as { [kind: string]: object }).reduce(
    (n, c) => n + Object.keys(c).length,
    0,
  );
  console.log(`wrote ${target}: ${OPERATIONS.length} operations, ${count} components`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
