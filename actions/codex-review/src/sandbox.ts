import { execFile } from 'node:child_process';

/**
 * Whether Codex's sandbox can start on this runner, asked the way Codex itself runs a command:
 * `codex sandbox -- true` under the run's config. On Ubuntu 24.04 its bubblewrap needs
 * unprivileged user namespaces, which AppArmor restricts by default; without them every command
 * the model runs fails and the review silently shrinks to the diff alone. Better said plainly.
 */
export type SandboxCheck =
  | { readonly state: 'ok' }
  | { readonly state: 'unavailable'; readonly message: string }
  | { readonly state: 'not_checked'; readonly message: string };

export const SANDBOX_FIX =
  'Allow unprivileged user namespaces on the runner before the review step (Ubuntu 24.04: `sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0`; the reusable workflow codex-review.yml does this in its review job).';

/** The words bubblewrap, landlock and seccomp use when they cannot set a sandbox up. */
const SANDBOX_FAILURE =
  /bwrap|bubblewrap|namespace|uid map|RTM_NEWADDR|landlock|seccomp|sandbox.*(denied|not permitted|failed)/i;

export function classifySandboxProbe(exitCode: number | null, stderr: string): SandboxCheck {
  if (exitCode === 0) return { state: 'ok' };
  const firstLine =
    stderr
      .split('\n')
      .map((l) => l.trim())
      .find((l) => SANDBOX_FAILURE.test(l)) ?? '';
  if (firstLine)
    return {
      state: 'unavailable',
      message: `Codex's sandbox cannot start on this runner (${firstLine.slice(0, 300)}): commands of the review cannot run, so it covers the diff only. ${SANDBOX_FIX}`,
    };
  return {
    state: 'not_checked',
    message: `The sandbox check ended with ${exitCode === null ? 'no exit code' : `exit code ${exitCode}`} and no sandbox error; the review runs as usual.`,
  };
}

export function probeSandbox(options: {
  readonly entry: string;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  readonly timeoutMs?: number;
}): Promise<SandboxCheck> {
  if (process.platform === 'win32')
    return Promise.resolve({ state: 'not_checked', message: 'No sandbox check on Windows.' });
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [options.entry, 'sandbox', '-c', 'sandbox_mode="read-only"', '--', 'true'],
      { env: options.env, cwd: options.cwd, timeout: options.timeoutMs ?? 60_000 },
      (error, _stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        resolve(classifySandboxProbe(code, String(stderr)));
      },
    );
  });
}
