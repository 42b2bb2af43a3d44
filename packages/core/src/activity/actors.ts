/**
 * Who counts as a person. An actor is human unless it is a bot account (`type: Bot`, a login
 * ending in `[bot]`, or GraphQL's `Bot` type), the suite's own identity, or a login listed in
 * `activity-ignore-actors` (machine users that are plain accounts). Logins compare without letter
 * case, as GitHub compares them. A missing actor (a deleted account answers `null`) is not a
 * person the suite can name, so it does not count either.
 */
export interface ActorRules {
  /** the suite's own login (the token's identity), when known */
  readonly self?: string;
  /** logins that never count, lower-cased */
  readonly ignored: ReadonlySet<string>;
}

export interface ActorLike {
  readonly login?: unknown;
  readonly type?: unknown;
  readonly __typename?: unknown;
}

export function actorRules(self: string | undefined, ignore: readonly string[]): ActorRules {
  const ignored = new Set(ignore.map((login) => login.trim().toLowerCase()).filter((login) => login !== ''));
  return self ? { self, ignored } : { ignored };
}

export function isHumanActor(
  actor: ActorLike | null | undefined,
  rules: ActorRules,
): actor is ActorLike & {
  login: string;
} {
  if (!actor || typeof actor.login !== 'string' || actor.login === '') return false;
  if (actor.type === 'Bot' || actor.__typename === 'Bot') return false;
  const login = actor.login.toLowerCase();
  if (login.endsWith('[bot]')) return false;
  if (rules.self && login === rules.self.toLowerCase()) return false;
  return !rules.ignored.has(login);
}

/** `a, b ,c` → `['a', 'b', 'c']` (the form of the `activity-ignore-actors` setting). */
export function parseActorList(text: string): string[] {
  return text
    .split(',')
    .map((login) => login.trim().replace(/^@/, ''))
    .filter((login) => login !== '');
}

/** The rules as one string: attributions read under other rules are read again. */
export function attributionRulesKey(rules: ActorRules): string {
  return JSON.stringify([rules.self?.toLowerCase() ?? '', ignoredPart(rules.ignored)]);
}

/**
 * Whether a saved key was made with another ignore list. Known without a request (the identity
 * part needs one), so a changed setting is noticed even on a run with nothing else to read.
 */
export function ignoreListChanged(savedKey: string | undefined, ignore: readonly string[]): boolean {
  if (savedKey === undefined) return false;
  try {
    const saved = JSON.parse(savedKey) as unknown;
    const part = Array.isArray(saved) ? saved[1] : undefined;
    return JSON.stringify(part) !== JSON.stringify(ignoredPart(actorRules(undefined, ignore).ignored));
  } catch {
    return true;
  }
}

function ignoredPart(ignored: ReadonlySet<string>): string[] {
  return [...ignored].sort();
}
