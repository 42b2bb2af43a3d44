import { chmod, mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * A CODEX_HOME that belongs to one run: made with mkdtemp (a name nobody else has, so a folder
 * left by an earlier run or another job is never reused), mode 0700, with its config.toml
 * written from a template before Codex starts. Codex writes its state (sqlite files, sessions,
 * installation id) here; the run removes it afterwards.
 */
export interface CodexHome {
  readonly path: string;
  readonly configFile: string;
}

export async function createCodexHome(parent: string, configToml: string): Promise<CodexHome> {
  await mkdir(parent, { recursive: true });
  const path = await mkdtemp(join(parent, 'codex-home-'));
  await chmod(path, 0o700);
  const configFile = join(path, 'config.toml');
  await writeFile(configFile, configToml, { mode: 0o600, flag: 'wx' });
  return { path, configFile };
}

export async function removeCodexHome(home: CodexHome): Promise<void> {
  await rm(home.path, { recursive: true, force: true });
}

/** Top-level entries of a folder with sizes, for a diagnosable log (`name (n bytes)`). */
export async function listFolder(path: string): Promise<string[]> {
  try {
    const entries = await readdir(path, { withFileTypes: true });
    const lines: string[] = [];
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.isDirectory()) lines.push(`${entry.name}/`);
      else {
        const size = await stat(join(path, entry.name)).then(
          (s) => s.size,
          () => 0,
        );
        lines.push(`${entry.name} (${size} bytes)`);
      }
    }
    return lines;
  } catch (error) {
    return [`(cannot list: ${(error as NodeJS.ErrnoException).code ?? String(error)})`];
  }
}

/** A TOML basic string: quotes, backslashes and control characters escaped. */
export function tomlString(value: string): string {
  let out = '"';
  for (const ch of value) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (code < 0x20 || code === 0x7f) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/**
 * Fills `{{name}}` placeholders of a config template with TOML strings. An unknown or missing
 * placeholder is an error: a half-filled config must never reach Codex.
 */
export function renderConfigTemplate(template: string, values: Readonly<Record<string, string>>): string {
  const missing = new Set<string>();
  const text = template.replace(/\{\{\s*([a-z_]+)\s*\}\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) {
      missing.add(name);
      return '';
    }
    return tomlString(value);
  });
  if (missing.size > 0) throw new Error(`config template: no value for ${[...missing].join(', ')}`);
  return text;
}
