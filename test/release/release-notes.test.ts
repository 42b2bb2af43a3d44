import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { planRelease, releaseNotes } from '../../scripts/lib/release-notes.js';

const root = path.resolve(import.meta.dirname, '../..');
const CHANGELOG = [
  '# Changelog',
  '',
  '## [Unreleased]',
  '',
  '- next thing',
  '',
  '## [1.2.0] - 2026-11-30',
  '',
  '### Added',
  '- the thing',
  '',
  '## [1.1.0] - 2026-10-01',
  '',
  '- older',
  '',
].join('\n');

describe('release notes from CHANGELOG.md', () => {
  it('takes the version’s section, up to the next heading', () => {
    expect(releaseNotes(CHANGELOG, '1.2.0')).toBe('### Added\n- the thing\n');
    expect(releaseNotes(CHANGELOG, '1.1.0')).toBe('- older\n');
  });

  it('refuses a version without a section, and never matches a longer one', () => {
    expect(() => releaseNotes(CHANGELOG, '1.3.0')).toThrow(/no "## \[1\.3\.0\]" section/);
    expect(() => releaseNotes(`${CHANGELOG}\n## [1.2.00]\n- x\n`, '1.2.0')).not.toThrow();
    expect(() => releaseNotes('## [1x2x0]\n- x\n', '1.2.0')).toThrow(/no "## \[1\.2\.0\]"/);
  });

  it('plans vX.Y.Z and the moving vX, only when package.json agrees', () => {
    expect(planRelease('1.2.0', '1.2.0', CHANGELOG)).toEqual({
      tag: 'v1.2.0',
      major: 'v1',
      notes: '### Added\n- the thing\n',
    });
    expect(() => planRelease('1.2.0', '1.1.0', CHANGELOG)).toThrow(/package.json says 1.1.0/);
    expect(() => planRelease('v1.2.0', 'v1.2.0', CHANGELOG)).toThrow(/not a version/);
    expect(() => planRelease('1.2', '1.2', CHANGELOG)).toThrow(/not a version/);
  });

  it('the repository’s own CHANGELOG has notes for the version package.json names', () => {
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
    const changelog = readFileSync(path.join(root, 'CHANGELOG.md'), 'utf8');
    expect(planRelease(pkg.version, pkg.version, changelog).notes.length).toBeGreaterThan(0);
  });
});

describe('what a published repository carries', () => {
  const read = (f: string) => readFileSync(path.join(root, f), 'utf8');

  it('a LICENSE that is the licence package.json names', () => {
    const pkg = JSON.parse(read('package.json')) as { license: string };
    expect(pkg.license).toBe('MIT');
    expect(read('LICENSE').split('\n')[0]).toBe('MIT License');
  });

  it('a security policy that says how to report privately, and a contributing guide', () => {
    expect(read('SECURITY.md')).toMatch(/Report a vulnerability/);
    expect(read('CONTRIBUTING.md')).toMatch(/CHANGELOG\.md/);
  });

  it('Dependabot for the pinned actions and for npm', () => {
    const config = parse(read('.github/dependabot.yml')) as {
      updates: Array<{ 'package-ecosystem': string }>;
    };
    expect(config.updates.map((u) => u['package-ecosystem']).sort()).toEqual(['github-actions', 'npm']);
  });
});
