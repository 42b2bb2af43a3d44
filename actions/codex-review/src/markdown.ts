/**
 * The model's text as data in GitHub-flavoured markdown: it reads as written, but can do nothing.
 * No raw HTML (so no `<!--` that hides what follows, no `<img>`), no markdown links or images
 * (brackets and parentheses are escaped), no autolinks off GitHub, no headings, fences, tables or
 * block quotes of its own, and `@` mentions and `#123` references that notify nobody.
 */

/** Characters with markdown meaning, backslash-escaped (CommonMark allows it for any ASCII punctuation). */
const MARKDOWN_PUNCTUATION = /[\\`*_{}[\]()#!|~^]/g;
/** Control characters, and the bidirectional overrides that make text read other than it is. */
const INVISIBLE_TRICKS = /[\u0000-\u0008\u000b-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g;
/** Zero-width space: breaks a mention, reference or autolink without changing how the text reads. */
const BREAK = '\u200b';

export interface MarkdownContext {
  /** hosts whose links may stay links (github.com, or the GitHub Enterprise host) */
  readonly allowedHosts: readonly string[];
}

function hostAllowed(host: string, allowed: readonly string[]): boolean {
  const h = host.toLowerCase();
  return allowed.some((a) => h === a || h.endsWith(`.${a}`));
}

/** Breaks bare URLs and `www.` names off GitHub so GitHub does not turn them into links. */
function defangUrls(text: string, ctx: MarkdownContext): string {
  return text
    .replace(/\b([a-z][a-z0-9+.-]*):\/\/([^\s/?#]+)/gi, (whole, scheme: string, host: string) =>
      /^https?$/i.test(scheme) && hostAllowed(host.replace(/:\d+$/, '').replace(/^.*@/, ''), ctx.allowedHosts)
        ? whole
        : `${scheme}:${BREAK}//${host}`,
    )
    .replace(/\bwww\./gi, (w) => `${w.slice(0, 3)}${BREAK}.`);
}

/** One line of model text (a title, a path, a table cell): newlines become spaces. */
export function inlineText(text: string, ctx: MarkdownContext): string {
  return blockText(text.replace(/\r?\n|\r/g, ' '), ctx);
}

/** Model text that may span lines (a summary, a finding's body): each line escaped. */
export function blockText(text: string, ctx: MarkdownContext): string {
  const escaped = defangUrls(text.replace(INVISIBLE_TRICKS, ''), ctx)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(MARKDOWN_PUNCTUATION, (c) => `\\${c}`)
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

/** Cuts text to `max` characters, saying how much was left out. */
export function bounded(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length - max} more characters)`;
}
