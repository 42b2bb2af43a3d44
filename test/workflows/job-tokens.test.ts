import { startEmulator } from '@codex-suite/emulator/server';
import { workflowTokenPermissions } from '@codex-suite/emulator/workflow-permissions';
import { expandPermissions } from '@codex-suite/harness/permissions';
import { afterEach, describe, expect, it } from 'vitest';
import { jobTokenMinter } from './pipeline-run.js';

const REPO = 'octo-org/widgets';
let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

describe("a job's GITHUB_TOKEN in the emulator", () => {
  it('a `pull-requests: write` job token can comment on a pull request, and only there', async () => {
    const emulator = await startEmulator({ secondaryLimit: false });
    close = () => emulator.close();
    emulator.state.addRepo(REPO);
    const pr = emulator.state.addPullRequest(REPO, {
      title: 'Change',
      head: { ref: 'feature', sha: 'a'.repeat(40) },
    });
    const issue = emulator.state.addIssue(REPO, { title: 'Bug' });
    // The block as the workflow writes it, expanded as the runner does (every other scope none).
    const token = jobTokenMinter(
      emulator,
      '1',
    )({
      id: 'publish',
      permissions: expandPermissions({ 'pull-requests': 'write' })!,
    });
    const comment = (number: number) =>
      fetch(`${emulator.url}/repos/${REPO}/issues/${number}/comments`, {
        method: 'POST',
        headers: { authorization: `token ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ body: 'review' }),
      }).then((r) => r.status);
    expect(await comment(pr.number)).toBe(201);
    expect(await comment(issue.number)).toBe(403);
  });

  it('converts the workflow spelling in one place and refuses a scope GitHub does not know', () => {
    expect(
      workflowTokenPermissions({
        'pull-requests': 'read',
        contents: 'write',
        issues: 'none',
        statuses: 'write',
      }),
    ).toEqual({ pull_requests: 'read', contents: 'write' });
    expect(() => workflowTokenPermissions({ pull_requests: 'write' })).toThrow(/not a GITHUB_TOKEN scope/);
  });
});
