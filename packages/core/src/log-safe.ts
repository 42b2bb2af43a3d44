/**
 * Text the suite did not write (titles, bodies, file names, setting values, error messages that
 * quote them) made safe for the job log.
 *
 * The runner reads an action's stdout line by line (.NET `ReadLine`: LF, CR and CRLF each end a
 * line) and runs a line as a workflow command when, after leading white space, it starts with
 * `::`, or when it holds `##[` anywhere (the legacy form). So one call prints one line: every
 * line break and control character becomes a visible escape, a leading `::` and every `##[` are
 * broken up. The result is idempotent: neutralising it again changes nothing.
 */

/** Characters that end a line somewhere (the runner, a terminal, a browser's log view). */
const LINE_BREAK = '\\n\\r\\v\\f\\u0085\\u2028\\u2029';
/**
 * Control characters that are never part of a name or a sentence: C0 (tab aside), DEL, C1, the
 * line breaks above, and the bidirectional embeddings, overrides and isolates that make text read
 * in another order than it is stored.
 */
const CONTROL = `\\u0000-\\u0008${LINE_BREAK}\\u000e-\\u001f\\u007f-\\u009f\\u061c\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069`;
const CONTROL_RE = new RegExp(`[${CONTROL}]`, 'g');
const CONTROL_OR_TAB_RE = new RegExp(`[\\t${CONTROL}]`, 'g');
const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** `\n`, `\r`, `\u2028`…: what a control character looks like once escaped. */
function escapeControl(ch: string): string {
  return NAMED[ch] ?? `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** The control characters in `text`, tab included, as escapes, in order of first appearance. */
export function controlCharacters(text: string): string[] {
  return [...new Set(text.match(CONTROL_OR_TAB_RE) ?? [])].map(escapeControl);
}

/** `text` with every control character (tab excepted) replaced by its visible escape. */
export function visibleControls(text: string): string {
  return text.replace(CONTROL_RE, escapeControl);
}

/**
 * One inert log line: control characters escaped, a leading `::` (after white space, as the
 * runner trims it) prefixed with a backslash, every `##[` written `##\[`.
 */
export function logLine(text: string): string {
  return visibleControls(text)
    .replace(/^([\s\u180e\u200b-\u200d\u2060\ufeff]*)::/u, '$1\\::')
    .replace(/##\[/g, '##\\[');
}

/**
 * Text for an annotation: it may span lines (the toolkit encodes them into the one command
 * line), so line breaks become LF and every line is made inert as {@link logLine} does.
 */
export function logText(text: string): string {
  return text
    .split(/\r\n|[\n\r\v\f\u0085\u2028\u2029]/)
    .map(logLine)
    .join('\n');
}
