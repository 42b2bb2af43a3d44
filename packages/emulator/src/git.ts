import { createHash } from 'node:crypto';

/** A content-addressed git object store with real git SHA-1 ids, plus refs. */
export type GitObjectType = 'blob' | 'tree' | 'commit';

export interface TreeEntry {
  mode: string; // 100644 | 100755 | 040000 | 120000
  type: 'blob' | 'tree';
  name: string;
  sha: string;
}

export interface Signature {
  name: string;
  email: string;
  date: number; // ms
}

export interface CommitData {
  tree: string;
  parents: string[];
  author: Signature;
  committer: Signature;
  message: string;
}

interface StoredObject {
  type: GitObjectType;
  data: Buffer;
}

/** A file as seen through a flattened tree. */
export interface FlatEntry {
  mode: string;
  sha: string;
}

export class GitStore {
  private readonly objects = new Map<string, StoredObject>();
  readonly refs = new Map<string, string>(); // 'refs/heads/main' -> commit sha

  static hash(type: GitObjectType, data: Buffer): string {
    return createHash('sha1').update(`${type} ${data.length}\0`).update(data).digest('hex');
  }

  has(sha: string): boolean {
    return this.objects.has(sha);
  }

  typeOf(sha: string): GitObjectType | undefined {
    return this.objects.get(sha)?.type;
  }

  put(type: GitObjectType, data: Buffer): string {
    const sha = GitStore.hash(type, data);
    if (!this.objects.has(sha)) this.objects.set(sha, { type, data });
    return sha;
  }

  putBlob(content: Buffer | string): string {
    return this.put('blob', typeof content === 'string' ? Buffer.from(content, 'utf8') : content);
  }

  blob(sha: string): Buffer | undefined {
    const object = this.objects.get(sha);
    return object?.type === 'blob' ? object.data : undefined;
  }

  putTree(entries: TreeEntry[]): string {
    const sorted = [...entries].sort((a, b) => compareTreeNames(a, b));
    const parts: Buffer[] = [];
    for (const entry of sorted) {
      const mode = entry.type === 'tree' ? '40000' : entry.mode;
      parts.push(Buffer.from(`${mode} ${entry.name}\0`, 'utf8'), Buffer.from(entry.sha, 'hex'));
    }
    return this.put('tree', Buffer.concat(parts));
  }

  tree(sha: string): TreeEntry[] | undefined {
    const object = this.objects.get(sha);
    if (object?.type !== 'tree') return undefined;
    const entries: TreeEntry[] = [];
    const data = object.data;
    let offset = 0;
    while (offset < data.length) {
      const space = data.indexOf(0x20, offset);
      const nul = data.indexOf(0x00, space);
      const rawMode = data.subarray(offset, space).toString('utf8');
      const name = data.subarray(space + 1, nul).toString('utf8');
      const sha = data.subarray(nul + 1, nul + 21).toString('hex');
      const type = rawMode === '40000' ? 'tree' : 'blob';
      entries.push({ mode: type === 'tree' ? '040000' : rawMode, type, name, sha });
      offset = nul + 21;
    }
    return entries;
  }

  putCommit(commit: CommitData): string {
    const lines = [`tree ${commit.tree}`];
    for (const parent of commit.parents) lines.push(`parent ${parent}`);
    lines.push(
      `author ${formatSignature(commit.author)}`,
      `committer ${formatSignature(commit.committer)}`,
      '',
      commit.message,
    );
    return this.put('commit', Buffer.from(lines.join('\n'), 'utf8'));
  }

  commit(sha: string): CommitData | undefined {
    const object = this.objects.get(sha);
    if (object?.type !== 'commit') return undefined;
    const text = object.data.toString('utf8');
    const split = text.indexOf('\n\n');
    const header = text.slice(0, split).split('\n');
    const message = text.slice(split + 2);
    const commit: CommitData = {
      tree: '',
      parents: [],
      author: { name: '', email: '', date: 0 },
      committer: { name: '', email: '', date: 0 },
      message,
    };
    for (const line of header) {
      const space = line.indexOf(' ');
      const key = line.slice(0, space);
      const value = line.slice(space + 1);
      if (key === 'tree') commit.tree = value;
      else if (key === 'parent') commit.parents.push(value);
      else if (key === 'author') commit.author = parseSignature(value);
      else if (key === 'committer') commit.committer = parseSignature(value);
    }
    return commit;
  }

  /** Whether `ancestor` is reachable from `descendant` through parents (or equal). */
  isAncestor(ancestor: string, descendant: string): boolean {
    const seen = new Set<string>();
    const queue = [descendant];
    while (queue.length > 0) {
      const sha = queue.pop() as string;
      if (sha === ancestor) return true;
      if (seen.has(sha)) continue;
      seen.add(sha);
      const commit = this.commit(sha);
      if (commit) queue.push(...commit.parents);
    }
    return false;
  }

  /** Every blob under a tree, keyed by its full path. */
  flatten(treeSha: string, prefix = '', into = new Map<string, FlatEntry>()): Map<string, FlatEntry> {
    for (const entry of this.tree(treeSha) ?? []) {
      const path = prefix + entry.name;
      if (entry.type === 'tree') this.flatten(entry.sha, `${path}/`, into);
      else into.set(path, { mode: entry.mode, sha: entry.sha });
    }
    return into;
  }

  /** Builds nested tree objects from a flat path map and returns the root tree sha. */
  buildTree(files: Map<string, FlatEntry>): string {
    interface Dir {
      files: TreeEntry[];
      dirs: Map<string, Dir>;
    }
    const root: Dir = { files: [], dirs: new Map() };
    for (const [path, entry] of files) {
      const parts = path.split('/').filter((part) => part !== '');
      const name = parts.pop();
      if (name === undefined) continue;
      let dir = root;
      for (const part of parts) {
        let next = dir.dirs.get(part);
        if (!next) {
          next = { files: [], dirs: new Map() };
          dir.dirs.set(part, next);
        }
        dir = next;
      }
      dir.files.push({ mode: entry.mode, type: 'blob', name, sha: entry.sha });
    }
    const write = (dir: Dir): string => {
      const entries = [...dir.files];
      for (const [name, sub] of dir.dirs)
        entries.push({ mode: '040000', type: 'tree', name, sha: write(sub) });
      return this.putTree(entries);
    };
    return write(root);
  }

  /** Resolves a tree-ish (tree sha, commit sha, branch name or full ref) to a tree sha. */
  resolveTree(treeish: string): string | undefined {
    const type = this.typeOf(treeish);
    if (type === 'tree') return treeish;
    if (type === 'commit') return this.commit(treeish)?.tree;
    const ref =
      this.refs.get(treeish) ??
      this.refs.get(`refs/heads/${treeish}`) ??
      this.refs.get(`refs/tags/${treeish}`);
    return ref ? this.commit(ref)?.tree : undefined;
  }

  /** Resolves a commit-ish (commit sha, branch, tag or full ref) to a commit sha. */
  resolveCommit(commitish: string): string | undefined {
    if (this.typeOf(commitish) === 'commit') return commitish;
    return (
      this.refs.get(commitish) ??
      this.refs.get(`refs/heads/${commitish}`) ??
      this.refs.get(`refs/tags/${commitish}`)
    );
  }
}

function compareTreeNames(a: TreeEntry, b: TreeEntry): number {
  const nameA = a.type === 'tree' ? `${a.name}/` : a.name;
  const nameB = b.type === 'tree' ? `${b.name}/` : b.name;
  return Buffer.compare(Buffer.from(nameA, 'utf8'), Buffer.from(nameB, 'utf8'));
}

function formatSignature(signature: Signature): string {
  return `${signature.name} <${signature.email}> ${Math.floor(signature.date / 1000)} +0000`;
}

function parseSignature(value: string): Signature {
  const match = /^(.*) <(.*)> (\d+) [+-]\d{4}$/.exec(value);
  if (!match) return { name: value, email: '', date: 0 };
  return { name: match[1] ?? '', email: match[2] ?? '', date: Number(match[3]) * 1000 };
}
