/** Where a `uses:` reference points on this machine: the one rule the run and the startup checks share. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { isSelfReference, resolveSelfReference } from './self-reference.js';

export type UsesKind = 'action' | 'workflow';

export interface UsesResolution {
  /** The checkout `./x` resolves in (the caller's workspace). */
  repoRoot: string;
  resolveUses?: (uses: string, kind: UsesKind) => string | undefined;
}

/**
 * `$/x` → `x` in the running workflow's own repository (`ownRoot`), as GitHub resolves it;
 * then the caller's `resolveUses`; then `./x` → `<repoRoot>/x`, and a reusable workflow
 * `owner/repo/x@ref` → `<repoRoot>/x` when that file exists. An action `owner/repo/x@ref` is never
 * mapped to the checkout by default: that ref is not the code under test.
 */
export function resolveUsesPath(
  opts: UsesResolution,
  ownRoot: string,
  uses: string,
  kind: UsesKind,
): string | undefined {
  if (isSelfReference(uses)) return resolveSelfReference(ownRoot, uses);
  const custom = opts.resolveUses?.(uses, kind);
  if (custom !== undefined) return custom;
  if (uses.startsWith('./')) return path.resolve(opts.repoRoot, uses);
  const m = /^([^/@]+)\/([^/@]+)\/([^@]+)@(.+)$/.exec(uses);
  if (m && kind === 'workflow') {
    const p = path.resolve(opts.repoRoot, m[3]!);
    if (existsSync(p)) return p;
  }
  return undefined;
}
