/** A Projects (v2) project, as the REST `projectsV2` endpoints address it. */
export interface ProjectRef {
  readonly ownerType: 'orgs' | 'users';
  readonly owner: string;
  readonly number: number;
}

const LOGIN = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})';
const SHORT_FORM = new RegExp(`^(orgs|users)/(${LOGIN})/projects/(\\d+)$`);
const URL_FORM = new RegExp(`^https?://[^/]+/(orgs|users)/(${LOGIN})/projects/(\\d+)(?:/.*)?$`);

/** Parses `orgs/<org>/projects/<n>`, `users/<user>/projects/<n>` or the project's URL; `undefined` when malformed. */
export function parseProjectRef(text: string): ProjectRef | undefined {
  const trimmed = text.trim().replace(/\/+$/, '');
  const match = SHORT_FORM.exec(trimmed) ?? URL_FORM.exec(trimmed);
  if (!match) return undefined;
  const number = Number(match[3]);
  if (!Number.isSafeInteger(number) || number < 1) return undefined;
  return { ownerType: match[1] as 'orgs' | 'users', owner: match[2]!, number };
}

export function formatProjectRef(ref: ProjectRef): string {
  return `${ref.ownerType}/${ref.owner}/projects/${ref.number}`;
}
