import { visibleControls } from './log-safe.js';

/**
 * Untrusted text inside GitHub-flavoured markdown (job summaries, comments). A string is always
 * text: HTML, links, images, emphasis, `@` mentions, `#123` references, `<!--`, math and table
 * pipes in it render as the characters they are. Markup the suite writes itself is a
 * {@link Markdown} value, made only by the helpers below, so escaping cannot be forgotten: a
 * plain string given where markdown goes is escaped.
 */
class Markdown {
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
function truncate(text: string, max: number): string {
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
 * Text another party wrote at length (a model's review) reads as written but can do nothing:
 * besides what {@link mdText} does, every ASCII punctuation with markdown meaning is escaped (no
 * link or image syntax at all), URLs off the allowed hosts are broken so GitHub does not autolink
 * them, and `#123` references notify nobody.
 */
export interface LinkPolicy {
  /** hosts whose links may stay links (github.com, or the GitHub Enterprise host) */
  readonly allowedHosts: readonly string[];
}

/** Characters with markdown meaning, backslash-escaped (CommonMark allows it for any ASCII punctuation). */
const ALL_PUNCTUATION = /[\\`*_{}[\]()#!|~^]/g;
/** Control characters, and the bidirectional overrides that make text read other than it is. */
const INVISIBLE_TRICKS = /[\u0000-\u0008\u000b-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g;
/** Zero-width space: breaks a mention, reference or autolink without changing how the text reads. */
const BREAK = '\u200b';

function hostAllowed(host: string, allowed: readonly string[]): boolean {
  const h = host.toLowerCase();
  return allowed.some((a) => h === a || h.endsWith(`.${a}`));
}

/** Bare URLs and `www.` names off the allowed hosts, broken so GitHub does not turn them into links. */
function breakForeignLinks(text: string, policy: LinkPolicy): string {
  return text
    .replace(/\b([a-z][a-z0-9+.-]*):\/\/([^\s/?#]+)/gi, (whole, scheme: string, host: string) =>
      /^https?$/i.test(scheme) &&
      hostAllowed(host.replace(/:\d+$/, '').replace(/^.*@/, ''), policy.allowedHosts)
        ? whole
        : `${scheme}:${BREAK}//${host}`,
    )
    .replace(/\bwww\./gi, (w) => `${w.slice(0, 3)}${BREAK}.`);
}

/** Free text that may span lines (a review's summary, a finding's body): each line escaped. */
export function mdBlock(text: string, policy: LinkPolicy): string {
  const escaped = breakForeignLinks(text.replace(INVISIBLE_TRICKS, ''), policy)
    .replace(/[&<>]/g, (ch) => HTML_ENTITY[ch] ?? ch)
    .replace(ALL_PUNCTUATION, (c) => `\\${c}`)
    // A mention or reference needs its sigil right before the name: a zero-width space defuses it.
    .replace(/@(?=[A-Za-z0-9])/g, `@${BREAK}`)
    .replace(/#(?=\d)/g, `#${BREAK}`);
  // At the start of a line "-", "+", "=" and "1." would open a list or underline a heading, and
  // indentation would open a code block.
  return escaped
    .split(/\r?\n|\r/)
    .map((line) =>
      line
        .replace(/^\s+/, '')
        .replace(/^[-+=]/, (c) => `\\${c}`)
        .replace(/^(\d+)([.)])/, '$1\\$2'),
    )
    .join('\n');
}

/** One line of such text (a title, a path): line breaks become spaces. */
export function mdLine(text: string, policy: LinkPolicy): string {
  return mdBlock(text.replace(/\r?\n|\r/g, ' '), policy);
}

/** Cuts text to `max` characters, saying how much was left out. */
export function bounded(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length - max} more characters)`;
}

/** A table cell: markup as written, anything else as text (cut to {@link CELL_MAX_CHARS}); one line, pipes escaped. */
export function cell(value: unknown): string {
  if (value instanceof Markdown) {
    return value.markdown.replace(/\r\n|[\n\r\v\f\u0085\u2028\u2029]/g, ' ').replace(/(?<!\\)\|/g, '\\|');
  }
  return mdText(value, CELL_MAX_CHARS);
}

/**
 * A markdown table; every cell goes through {@link cell}. Empty when there are no rows. The rows
 * may come one at a time (a generator): each is made into its line and let go, so a table of
 * 50,000 rows never holds their cells all at once.
 */
export function table(headers: readonly unknown[], rows: Iterable<readonly unknown[]>): string {
  const lines: string[] = [];
  for (const r of rows) lines.push(tableLine(r));
  if (lines.length === 0) return '';
  return `${tableHead(headers)}${lines.join('\n')}\n`;
}

/**
 * {@link table} of the first rows that fit in `budget.bytes` (UTF-8, its head included), which it
 * takes off the budget. No row is made after the first one that does not fit (the generator is
 * closed there); `shown` says how many rows the table has. Empty when not even one row fits.
 */
export function tableWithin(
  headers: readonly unknown[],
  rows: Iterable<readonly unknown[]>,
  budget: { bytes: number },
): { text: string; shown: number } {
  const head = tableHead(headers);
  let used = Buffer.byteLength(head, 'utf8');
  const lines: string[] = [];
  for (const r of rows) {
    const line = tableLine(r);
    // each line with the line break after it
    const size = Buffer.byteLength(line, 'utf8') + 1;
    if (used + size > budget.bytes) break;
    used += size;
    lines.push(line);
  }
  if (lines.length === 0) return { text: '', shown: 0 };
  budget.bytes -= used;
  return { text: `${head}${lines.join('\n')}\n`, shown: lines.length };
}

function tableHead(headers: readonly unknown[]): string {
  return `| ${headers.map(cell).join(' | ')} |\n| ${headers.map(() => '---').join(' | ')} |\n`;
}

function tableLine(cells: readonly unknown[]): string {
  return `| ${cells.map(cell).join(' | ')} |`;
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
  // The first `room` bytes are within the first `room` characters: only those are encoded, not a
  // copy of a summary of several MB.
  const head = Buffer.from(markdown.slice(0, room), 'utf8')
    .subarray(0, room)
    .toString('utf8')
    .replace(/\uFFFD$/, '');
  const lastBreak = head.lastIndexOf('\n');
  return `${lastBreak > 0 ? head.slice(0, lastBreak) : ''}${note}`;
}
