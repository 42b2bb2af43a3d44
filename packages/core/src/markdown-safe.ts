import { visibleControls } from './log-safe.js';

/**
 * Untrusted text inside GitHub-flavoured markdown (job summaries, comments). A string is always
 * text: HTML, links, images, emphasis, `@` mentions, `#123` references, `<!--`, math and table
 * pipes in it render as the characters they are. Markup the suite writes itself is a
 * {@link Markdown} value, made only by the helpers below, so escaping cannot be forgotten: a
 * plain string given where markdown goes is escaped.
 */
export class Markdown {
  constructor(readonly markdown: string) {}
  toString(): string {
    return this.markdown;
  }
}

/** Markup the suite wrote itself, with no untrusted text in it (untrusted parts go through {@link mdText}). */
export function markup(markdown: string): Markdown {
  return new Markdown(markdown);
}

/** Titles in tables and lists are cut to this many characters, with an ellipsis. */
export const TITLE_MAX_CHARS = 120;
/** Any other untrusted text in a table cell is cut here: a cell is a glance, the telemetry has all. */
export const CELL_MAX_CHARS = 500;

/** `text` cut to at most `max` characters (code points), the last one an ellipsis when cut. */
export function truncate(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, Math.max(0, max - 1)).join('')}…`;
}

/** HTML's own characters, as entities: no tag, no comment (`<!--`), no entity of the text's own. */
const HTML_ENTITY: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };
/** Markdown punctuation that opens code, emphasis, strikethrough, links, images, math or a cell. */
const PUNCTUATION = /[\\`*~[\]|$]/g;
/** `_` emphasises only at a word's edge (`add_codex_label` stays as it is). */
const EDGE_UNDERSCORE = /(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu;
/** What would open a list item, a heading or a setext underline when the text starts a line. */
const BLOCK_START = /^(?:[-+=]|#{1,6}(?=\s|$)|\d{1,9}[.)])/;

/**
 * Untrusted text as inline markdown: one line (line breaks, lone CR included, become spaces;
 * other control characters visible escapes), HTML characters as entities, markdown punctuation
 * backslash-escaped, and a zero-width space after `@` so that no user or team is mentioned
 * (notified). `max` cuts it first, with an ellipsis.
 */
export function mdText(text: unknown, max?: number): string {
  const raw = String(text ?? '');
  const cut = max === undefined ? raw : truncate(raw, max);
  return visibleControls(cut.replace(/\r\n|[\n\r\v\f\u0085\u2028\u2029]/g, ' '))
    .trimStart()
    .replace(/[&<>]/g, (ch) => HTML_ENTITY[ch] ?? ch)
    .replace(PUNCTUATION, '\\$&')
    .replace(EDGE_UNDERSCORE, '\\_')
    .replace(BLOCK_START, (start) => `${start.slice(0, -1)}\\${start.slice(-1)}`)
    .replace(/@(?=[\p{L}\p{N}])/gu, '@&#8203;');
}

/** An issue or pull-request title: text, cut to {@link TITLE_MAX_CHARS}. */
export function title(text: unknown): Markdown {
  return new Markdown(mdText(text, TITLE_MAX_CHARS));
}

/** `#12` linked to the issue (the number is the suite's, so it is not escaped). */
export function issueLink(issueNumber: number, url: string | undefined): Markdown {
  const label = `#${Math.trunc(issueNumber)}`;
  return url && /^https?:\/\//i.test(url)
    ? new Markdown(`[${label}](${encodeUrl(url)})`)
    : new Markdown(label);
}

/** Characters that would end a link destination or a table cell, percent-encoded. */
function encodeUrl(url: string): string {
  return url.replace(
    /[\s()<>|[\]`"'\\]/g,
    (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`,
  );
}

/** Inline code of untrusted text: a fence longer than any backtick run in it; one line. */
export function code(text: unknown): Markdown {
  const body = visibleControls(String(text ?? '').replace(/\r\n|[\n\r\v\f\u0085\u2028\u2029]/g, ' '));
  const longest = Math.max(0, ...(body.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = body.startsWith('`') || body.endsWith('`') || body === '' ? ' ' : '';
  return new Markdown(`${fence}${pad}${body}${pad}${fence}`);
}

/**
 * A link with an untrusted label. Only http(s) URLs become links (anything else is shown as the
 * label alone); characters that would end the destination are percent-encoded.
 */
export function link(label: unknown, url: string | undefined): Markdown {
  const text = mdText(label);
  if (!url || !/^https?:\/\//i.test(url)) return new Markdown(text);
  return new Markdown(`[${text}](${encodeUrl(url)})`);
}

/** A table cell: markup as written, anything else as text (cut to {@link CELL_MAX_CHARS}); one line, pipes escaped. */
export function cell(value: unknown): string {
  if (value instanceof Markdown) {
    return value.markdown.replace(/\r\n|[\n\r\v\f\u0085\u2028\u2029]/g, ' ').replace(/(?<!\\)\|/g, '\\|');
  }
  return mdText(value, CELL_MAX_CHARS);
}

/** A markdown table; every cell goes through {@link cell}. Empty when there are no rows. */
export function table(headers: readonly unknown[], rows: readonly (readonly unknown[])[]): string {
  if (rows.length === 0) return '';
  const head = `| ${headers.map(cell).join(' | ')} |\n| ${headers.map(() => '---').join(' | ')} |\n`;
  return `${head}${rows.map((r) => `| ${r.map(cell).join(' | ')} |`).join('\n')}\n`;
}

/** GitHub refuses the whole summary of a step above 1024 KiB (the runner reports "upload aborted"). */
export const STEP_SUMMARY_LIMIT_BYTES = 1024 * 1024;

/**
 * `markdown` cut at a line boundary so that it fits in `maxBytes` (UTF-8) together with a note
 * that says it was shortened; unchanged when it fits.
 */
export function fitSummary(markdown: string, maxBytes: number): string {
  const size = Buffer.byteLength(markdown, 'utf8');
  if (size <= maxBytes) return markdown;
  const note = `\n\n> [!WARNING]\n> This summary was shortened: it was ${Math.ceil(size / 1024)} KiB, over GitHub's limit of ${STEP_SUMMARY_LIMIT_BYTES / 1024} KiB for one step. The telemetry file has everything.\n`;
  const room = maxBytes - Buffer.byteLength(note, 'utf8');
  if (room <= 0) return '';
  // Cut by bytes, then back to the last whole line (a cut inside a character or a table row is lost).
  const head = Buffer.from(markdown, 'utf8')
    .subarray(0, room)
    .toString('utf8')
    .replace(/\uFFFD$/, '');
  const lastBreak = head.lastIndexOf('\n');
  return `${lastBreak > 0 ? head.slice(0, lastBreak) : ''}${note}`;
}
