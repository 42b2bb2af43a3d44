export interface RepositoryRef {
  readonly owner: string;
  readonly repo: string;
}

const REPOSITORY = /^([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))\/([A-Za-z0-9._-]{1,100})$/;

export function parseRepositoryRef(text: string): RepositoryRef | undefined {
  const match = REPOSITORY.exec(text.trim());
  if (!match || match[2] === '.' || match[2] === '..') return undefined;
  return { owner: match[1]!, repo: match[2]! };
}

export function formatRepositoryRef(ref: RepositoryRef): string {
  return `${ref.owner}/${ref.repo}`;
}
