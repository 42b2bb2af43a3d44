import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');

function run(script: string, args: string[]) {
  const [cmd, ...rest] = script.endsWith('.mjs') ? [process.execPath, script] : [tsx, script];
  return spawnSync(cmd!, [...rest, ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 });
}

// Each script must answer --help without starting its work: the help names the options and the duration.
describe.each([
  ['scripts/bench.ts', ['--quick', '--sizes', '--build', '--mode']],
  ['scripts/reliability.ts', ['--in-process']],
  ['scripts/demo.ts', ['--serve', '--port', '--screenshots', '--federation']],
  ['scripts/bench-federation.ts', ['--repositories']],
  ['scripts/bench-attribution.ts', ['--size', '--budget']],
  ['scripts/generate.ts', ['--check']],
  ['scripts/preview.ts', ['--repo', '--stage', '--out', '--api-url']],
  ['scripts/build.mjs', ['OUT_DIR', 'STAGES']],
  ['scripts/check-dist.mjs', []],
  ['packages/emulator/src/cli.ts', ['--port', '--scenario']],
])('%s --help', (script, options) => {
  it('prints its options and how long it takes, and exits 0', () => {
    const result = run(script, ['--help']);
    expect(result.stderr).not.toMatch(/at .*\(.*:\d+:\d+\)/);
    expect(result.status).toBe(0);
    for (const option of options) expect(result.stdout).toContain(option);
    expect(result.stdout).toMatch(/Duration: .+/);
  });
});

describe.each(['scripts/bench.ts', 'scripts/demo.ts', 'scripts/preview.ts'])(
  '%s with a wrong option',
  (script) => {
    it('says what is wrong in one line and exits 2, without a stack trace', () => {
      const result = run(script, ['--no-such-option']);
      expect(result.status).toBe(2);
      expect(result.stderr).toContain("Unknown option '--no-such-option'");
      expect(result.stderr).toContain('--help');
      expect(result.stderr).not.toMatch(/at .*:\d+:\d+/);
    });
  },
);
