import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { codexChildEnv } from '../src/codex/child-env.js';
import { codexExecArgs } from '../src/codex/exec.js';
import { renderConfigTemplate, tomlString } from '../src/codex/home.js';
import { parseReviewOutput, validateReview } from '../src/codex/review.js';
import { decideGuard, pullRequestInfo } from '../src/guards.js';
import { truncateDiff } from '../src/diff.js';
import { planStickyComment } from '../src/comment.js';
import { COMMENT_MARKER, placeholderReview, renderComment, renderReviewMarkdown } from '../src/render.js';
import { API_KEY, REPO, REVIEW_WITH_FINDINGS, ROOT, pullRequestEvent } from './setup.js';

describe('guards', () => {
  const same = pullRequestInfo(pullRequestEvent(3).pull_request, REPO);
  const fork = pullRequestInfo(pullRequestEvent(3, 'someone/widgets').pull_request, REPO);

  it('runs a same-repository pull request with a key', () => {
    expect(decideGuard({ pullRequest: same, repository: REPO, hasKey: true })).toMatchObject({ run: true });
  });
  it('skips a fork before looking at the key', () => {
    const d = decideGuard({ pullRequest: fork, repository: REPO, hasKey: false });
    expect(d).toMatchObject({ run: false, reason: 'fork' });
    if (!d.run) expect(d.message).toMatch(/someone\/widgets/);
  });
  it('treats a deleted fork (head.repo null) as a fork', () => {
    const pr = pullRequestInfo(
      { number: 4, head: { repo: null, sha: 'b' }, base: { repo: { full_name: REPO } } },
      REPO,
    );
    expect(decideGuard({ pullRequest: pr, repository: REPO, hasKey: true })).toMatchObject({
      run: false,
      reason: 'fork',
    });
  });
  it('compares repository names case-insensitively', () => {
    const pr = pullRequestInfo(pullRequestEvent(3, 'Octo-Org/Widgets').pull_request, REPO);
    expect(decideGuard({ pullRequest: pr, repository: REPO, hasKey: true }).run).toBe(true);
  });
  it('skips without a key, and without a pull request', () => {
    expect(decideGuard({ pullRequest: same, repository: REPO, hasKey: false })).toMatchObject({
      run: false,
      reason: 'missing_key',
    });
    expect(decideGuard({ pullRequest: null, repository: REPO, hasKey: true })).toMatchObject({
      run: false,
      reason: 'not_a_pull_request',
    });
  });
});

describe('parseReviewOutput', () => {
  it('accepts a schema-valid review, also inside a code fence', () => {
    const direct = parseReviewOutput(REVIEW_WITH_FINDINGS);
    expect(direct.ok && direct.review.findings).toHaveLength(2);
    const fenced = parseReviewOutput(`Here you go:\n\`\`\`json\n${REVIEW_WITH_FINDINGS}\n\`\`\``);
    expect(fenced.ok).toBe(true);
  });
  it('a parsed answer is a review (ok), whatever status the model claims', () => {
    const r = parseReviewOutput('{"summary":"s","findings":[]}');
    expect(r.ok && r.review.status).toBe('ok');
    for (const claimed of ['skipped', 'failed', 'approved']) {
      const games = parseReviewOutput(
        JSON.stringify({ ...JSON.parse(REVIEW_WITH_FINDINGS), status: claimed }),
      );
      expect(games.ok && games.review.status).toBe('ok');
      expect(games.ok && games.review.findings).toHaveLength(2);
    }
    expect(parseReviewOutput('{"status":"failed"}').ok).toBe(false);
  });
  it.each([
    ['', /no final message/],
    ['I think it is fine.', /no JSON object/],
    ['{"summary": "x", findings: []}', /not valid JSON/],
    ['{"summary":"x","findings":[{"path":"a","line":0,"severity":"high","title":"t","body":"b"}]}', /schema/],
    [
      '{"summary":"x","findings":[{"path":"a","line":1,"severity":"critical","title":"t","body":"b"}]}',
      /schema/,
    ],
  ])('rejects %j', (text, reason) => {
    const r = parseReviewOutput(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(reason);
  });
  it('placeholders validate against the review schema', () => {
    expect(validateReview(placeholderReview('failed', 'x')).valid).toBe(true);
    expect(validateReview(placeholderReview('skipped', 'x')).valid).toBe(true);
  });
});

describe('truncateDiff', () => {
  const file = (n: number) =>
    `diff --git a/f${n} b/f${n}\n--- a/f${n}\n+++ b/f${n}\n@@ -1 +1 @@\n-${'x'.repeat(50)}\n+${'ü'.repeat(50)}\n`;
  const diff = Array.from({ length: 40 }, (_, i) => file(i)).join('');
  it('keeps a small diff as it is', () => {
    expect(truncateDiff(diff, 1_000_000)).toMatchObject({ truncated: false, files: 40, text: diff });
  });
  it('cuts at a line boundary within the byte budget and says so', () => {
    const t = truncateDiff(diff, 1000);
    expect(t.truncated).toBe(true);
    expect(t.totalBytes).toBe(Buffer.byteLength(diff));
    const [shown] = t.text.split('\n[diff truncated');
    expect(Buffer.byteLength(shown ?? '')).toBeLessThanOrEqual(1000);
    expect(shown?.endsWith('\n')).toBe(true);
    expect(t.text).not.toContain('\uFFFD');
    expect(t.text).toMatch(/\[diff truncated: showing \d+ of \d+ bytes; \d+ of 40 file/);
  });
});

describe('sticky comment', () => {
  const body = renderComment('## Codex review\n\nfine\n');
  const bot = { login: 'github-actions[bot]', kind: 'bot' } as const;
  const by = (login: string) => ({ login });
  it('creates when no comment carries the marker', () => {
    expect(planStickyComment([{ id: 1, body: 'LGTM', user: by('github-actions[bot]') }], body, bot)).toEqual({
      action: 'create',
    });
  });
  it('updates the first comment of its own identity with the marker, or leaves identical text alone', () => {
    const comments = [
      { id: 1, body: 'hello', user: by('github-actions[bot]') },
      { id: 2, body: `${COMMENT_MARKER}\nold`, user: by('GitHub-Actions[bot]') },
      { id: 3, body: `${COMMENT_MARKER}\nolder duplicate`, user: by('github-actions[bot]') },
    ];
    expect(planStickyComment(comments, body, bot)).toEqual({ action: 'update', id: 2 });
    expect(planStickyComment([{ id: 2, body, user: by('github-actions[bot]') }], body, bot)).toEqual({
      action: 'unchanged',
      id: 2,
    });
  });
  it('never takes a comment by anyone else for its own, marker or not', () => {
    const planted = [
      { id: 7, body: `${COMMENT_MARKER}\nplanted by a maintainer`, user: by('maintainer') },
      { id: 8, body: `quoted: ${COMMENT_MARKER}`, user: by('github-actions[bot]') },
      { id: 9, body: `${COMMENT_MARKER}\nno author` },
    ];
    expect(planStickyComment(planted, body, bot)).toEqual({ action: 'create' });
    // Without a known identity nothing is provably its own.
    expect(planStickyComment([{ id: 2, body, user: by('github-actions[bot]') }], body, null)).toEqual({
      action: 'create',
    });
  });
  it('renders findings with locations and keeps the marker first', () => {
    const parsed = parseReviewOutput(REVIEW_WITH_FINDINGS);
    if (!parsed.ok) throw new Error(parsed.reason);
    const md = renderReviewMarkdown(parsed.review, {
      repository: REPO,
      pullRequest: 1,
      model: 'm',
      codexVersion: '1.0.0',
      allowedHosts: ['github.com'],
    });
    expect(md).toContain('src/main.ts:2');
    expect(md).toContain('eval of a command-line argument');
    expect(renderComment(md).startsWith(COMMENT_MARKER)).toBe(true);
  });
});

describe('CODEX_HOME config and the Codex process environment', () => {
  it('fills the repository template with TOML strings and refuses a missing value', async () => {
    const template = await readFile(join(ROOT, 'actions/codex-review/assets/config.template.toml'), 'utf8');
    const values = { model: 'gpt-"x"', proxy_base_url: 'http://127.0.0.1:1/v1', env_key: 'T' };
    const toml = renderConfigTemplate(template, values);
    expect(toml).toContain('approval_policy = "never"');
    expect(toml).toContain('sandbox_mode = "read-only"');
    expect(toml).toContain('model = "gpt-\\"x\\""');
    expect(toml).toContain('base_url = "http://127.0.0.1:1/v1"');
    expect(toml).not.toMatch(/\{\{/);
    // No project docs of the (untrusted) checkout, no web search, commands see core variables only.
    expect(toml).toContain('project_doc_max_bytes = 0');
    expect(toml).toContain('web_search = "disabled"');
    expect(toml).toMatch(/\[shell_environment_policy\]\ninherit = "core"\nexclude = \["T", /);
    expect(() => renderConfigTemplate(template, { model: 'm' })).toThrow(/no value for/);
    expect(tomlString('a\nb\\')).toBe('"a\\u000ab\\\\"');
  });
  it('passes only the allow-list: no input, token, unknown variable or value holding a secret', () => {
    const env = codexChildEnv(
      {
        PATH: '/bin',
        HOME: '/home/x',
        LANG: `C.UTF-8-${API_KEY}`,
        'INPUT_OPENAI-API-KEY': API_KEY,
        OPENAI_API_KEY: API_KEY,
        GITHUB_TOKEN: 'ghs_x',
        ACTIONS_RUNTIME_TOKEN: 'rt',
        NPM_TOKEN: 'npm_notarealtokenvalue',
        AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG',
        DEPLOY_PASSWORD: 'hunter2hunter2',
        SOMETHING_HARMLESS: 'hello',
        CODEX_HOME: '/stale/codex-home',
      },
      [API_KEY],
      { CODEX_HOME: '/fresh', CODEX_REVIEW_PROXY_TOKEN: 'nonce' },
    );
    expect(env).toEqual({
      PATH: '/bin',
      HOME: '/home/x',
      CODEX_HOME: '/fresh',
      CODEX_REVIEW_PROXY_TOKEN: 'nonce',
    });
  });
  it('runs codex exec non-interactively with the prompt after --', () => {
    const args = codexExecArgs('/o/last.txt', '-not-an-option');
    expect(args).toEqual([
      'exec',
      '--skip-git-repo-check',
      '--ephemeral',
      '-s',
      'read-only',
      '--json',
      '-o',
      '/o/last.txt',
      '--',
      '-not-an-option',
    ]);
  });
});
