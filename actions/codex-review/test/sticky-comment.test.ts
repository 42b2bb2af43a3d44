import { createGitHubClient } from '@codex-suite/core/github/client';
import type { StageContext } from '@codex-suite/core/stage';
import { WriteGuard } from '@codex-suite/core/write-guard';
import { type Emulator, startEmulator } from '@codex-suite/emulator/server';
import { afterEach, describe, expect, it } from 'vitest';
import { upsertStickyComment } from '../src/comment.js';
import { COMMENT_MARKER } from '../src/render.js';

const TOKEN = 'ghp_stickyCommentPagesToken00000000001';
const REPO = 'acme/widgets';

let emulator: Emulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

describe('upsertStickyComment', () => {
  it('finds its comment on the second page of 121 and updates it instead of adding another', async () => {
    emulator = await startEmulator({ secondaryLimit: false });
    const { state } = emulator;
    state.addToken(TOKEN, {
      login: 'codex-bot',
      permissions: { issues: 'write', pull_requests: 'write', contents: 'read' },
    });
    state.addRepo(REPO);
    const pull = state.addPullRequest(REPO, {
      title: 'busy pull request',
      head: { ref: 'feature', sha: 'a'.repeat(40) },
    });
    for (let i = 0; i < 120; i += 1) state.addComment(REPO, pull.number, `discussion ${i}`, 'alice');
    const mine = state.addComment(REPO, pull.number, `${COMMENT_MARKER}\nold review`, 'codex-bot');
    const client = createGitHubClient({ token: TOKEN, baseUrl: emulator.url, retryBaseMs: 5 });
    const ctx = {
      github: client.reader,
      repo: { owner: 'acme', repo: 'widgets' },
      writes: new WriteGuard({ dryRun: false, maxWrites: 10, github: client.octokit }),
    } as unknown as StageContext;

    const result = await upsertStickyComment(ctx, pull.number, `${COMMENT_MARKER}\nnew review`, {
      login: 'codex-bot',
      kind: 'user',
    });

    expect(result.outcome).toBe('updated');
    const ours = [...state.repo(REPO).comments.values()].filter((c) => c.body.startsWith(COMMENT_MARKER));
    expect(ours.map((c) => [c.id, c.body])).toEqual([[mine.id, `${COMMENT_MARKER}\nnew review`]]);
    const pages = emulator.log.filter(
      (e) => e.route === 'GET /repos/{owner}/{repo}/issues/{issue_number}/comments',
    );
    expect(pages).toHaveLength(2);
  });
});
