import { createGitHubClient } from '@codex-suite/core/github/client';
import { type Emulator, startEmulator } from '@codex-suite/emulator/server';
import { afterEach, describe, expect, it } from 'vitest';
import { listProjectItems } from '../src/snapshot.js';

const TOKEN = 'ghp_projectItemsPagesToken0000000000001';
const REPO = 'acme/widgets';

let emulator: Emulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

describe('listProjectItems', () => {
  it('reads every cursor page: 150 items, the last 50 from the second page', async () => {
    emulator = await startEmulator({ secondaryLimit: false });
    const { state } = emulator;
    state.addToken(TOKEN, { login: 'codex-bot', permissions: { issues: 'write', projects: 'write' } });
    state.addRepo(REPO);
    const project = state.addProject({ owner: 'org', login: 'acme', number: 1, title: 'Codex' });
    const ids = Array.from({ length: 150 }, (_, i) => {
      const issue = state.addIssue(REPO, { title: `issue ${i}` });
      state.addProjectItem(project, issue);
      return issue.id;
    });
    const github = createGitHubClient({ token: TOKEN, baseUrl: emulator.url, retryBaseMs: 5 }).octokit;

    const items = await listProjectItems(github, { ownerType: 'orgs', owner: 'acme', number: 1 });

    expect(items.count).toBe(150);
    expect([...items.contentIds].sort((a, b) => a - b)).toEqual([...ids].sort((a, b) => a - b));
    const pages = emulator.log.filter((e) => e.route === 'GET /orgs/{org}/projectsV2/{project_number}/items');
    expect(pages).toHaveLength(2);
    expect(pages[1]!.path).toMatch(/[?&]after=/);
  });
});
