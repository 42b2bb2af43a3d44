import { describe, expect, it } from 'vitest';
import {
  type Read,
  attempt,
  pagesAccessCheck,
  pagesBranchUnreadable,
  projectCheck,
  tokenCheck,
  writeAccessCheck,
} from '../src/checks.js';
import type { RepoInfo } from '../src/repo-lookups.js';

const httpError = (status: number): Read<never> => ({
  ok: false,
  error: Object.assign(new Error(`HTTP ${status}: nope`), { status }),
});
const info = (permissions: RepoInfo['permissions']): RepoInfo => ({
  fullName: 'octo-org/widgets',
  defaultBranch: 'main',
  permissions,
});
const REPO = 'octo-org/widgets';
const PROJECT = { ownerType: 'orgs', owner: 'octo-org', number: 1 } as const;

describe('attempt', () => {
  it('keeps a value or the error, never throws', async () => {
    expect(await attempt(async () => 3)).toEqual({ ok: true, value: 3 });
    const error = new Error('down');
    expect(
      await attempt(async () => {
        throw error;
      }),
    ).toEqual({ ok: false, error });
  });
});

describe('tokenCheck', () => {
  it.each([
    [401, /^The token was rejected \(HTTP 401: bad credentials\)\. Renew the GH_CI_PAT secret/],
    [403, /^The token cannot read octo-org\/widgets \(HTTP 403\)\. Check the repository input/],
    [404, /^The token cannot read octo-org\/widgets \(HTTP 404\)\./],
    [500, /^Could not read octo-org\/widgets: HTTP 500: nope\.$/],
  ])('HTTP %i fails with its fix', (status, message) => {
    expect(tokenCheck(REPO, httpError(status))).toEqual({
      name: 'token',
      ok: false,
      message: expect.stringMatching(message),
    });
  });

  it('names the permissions GitHub reports, and none when it reports none', () => {
    expect(tokenCheck(REPO, { ok: true, value: info({ push: true, pull: true }) }).message).toBe(
      'The token can read octo-org/widgets (permissions: push, pull).',
    );
    expect(tokenCheck(REPO, { ok: true, value: info(undefined) }).message).toBe(
      'The token can read octo-org/widgets.',
    );
  });
});

describe('push access: one message for diagnostics and self-test', () => {
  it('a token that may not push fails both, with the same words', () => {
    const denied = info({ push: false, pull: true });
    const write = writeAccessCheck(REPO, 'gh-pages', denied);
    const pages = pagesAccessCheck(REPO, 'gh-pages', denied, { ok: true, value: true });
    expect(write).toMatchObject({ name: 'token write access', ok: false });
    expect(pages).toMatchObject({ name: 'pages write access', ok: false });
    expect(pages.message).toBe(write.message);
    expect(write.message).toMatch(/may not push to octo-org\/widgets .*cannot be published to gh-pages/);
  });

  it('unknown push permission passes, saying so', () => {
    expect(writeAccessCheck(REPO, 'gh-pages', info({})).ok).toBe(true);
    expect(pagesAccessCheck(REPO, 'gh-pages', info({}), { ok: true, value: false })).toEqual({
      name: 'pages write access',
      ok: true,
      message:
        'The gh-pages branch does not exist yet (the first telemetry publish creates it) and GitHub does not report push permission for this token.',
    });
  });

  it('an unreadable pages branch fails with the message diagnostics gives', () => {
    const error = new Error('HTTP 403: forbidden');
    expect(pagesAccessCheck(REPO, 'gh-pages', info({ push: true }), { ok: false, error })).toEqual({
      name: 'pages write access',
      ok: false,
      message: pagesBranchUnreadable('gh-pages', error),
    });
  });
});

describe('projectCheck', () => {
  it.each([
    [404, /not found with this token\. Check CODEX_PROJECT/],
    [401, /may not read the project orgs\/octo-org\/projects\/1 \(HTTP 401\)/],
    [403, /\(HTTP 403\).*GITHUB_TOKEN cannot read Projects v2/],
    [502, /^Could not read the project orgs\/octo-org\/projects\/1: HTTP 502: nope\.$/],
  ])('HTTP %i fails with its fix, under the name the stage gives it', (status, message) => {
    expect(projectCheck('project access', PROJECT, httpError(status))).toEqual({
      name: 'project access',
      ok: false,
      message: expect.stringMatching(message),
    });
  });

  it('passes with the project title', () => {
    expect(projectCheck('project', PROJECT, { ok: true, value: { title: 'Codex' } })).toEqual({
      name: 'project',
      ok: true,
      message: 'The project orgs/octo-org/projects/1 ("Codex") exists and is reachable.',
    });
  });
});

describe('the token setting named in the messages', () => {
  it('is the github-token input, wherever a message tells to pass another token', () => {
    expect(tokenCheck(REPO, httpError(401)).message).toMatch(/or pass a valid github-token\.$/);
    expect(writeAccessCheck(REPO, 'gh-pages', info({ push: false })).message).toMatch(
      /Pass a GH_CI_PAT with repo and project scopes as github-token, or grant/,
    );
    expect(projectCheck('project', PROJECT, httpError(403)).message).toMatch(
      /\(read:project to check, project to add items\) as github-token; GITHUB_TOKEN/,
    );
  });
});
