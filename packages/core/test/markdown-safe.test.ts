import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CELL_MAX_CHARS,
  cell,
  code,
  fitSummary,
  issueLink,
  markup,
  mdText,
  STEP_SUMMARY_LIMIT_BYTES,
  TITLE_MAX_CHARS,
  table,
  title,
} from '../src/markdown-safe.js';

/** Cells of one table row as GFM splits them: on every pipe not preceded by a backslash. */
const cellsOf = (row: string) => row.replace(/^\| | \|$/g, '').split(/(?<!\\)\|/);
/** Characters that may only appear escaped in rendered untrusted text. */
const unescaped = (md: string) =>
  md.replace(/\\[\\`*_~[\]|$#+\-=.)]/g, '').replace(/&(amp|lt|gt|#8203);/g, '');

describe('mdText: untrusted text renders as the characters it is', () => {
  it.each([
    [
      'HTML',
      '<img src=x onerror=alert(1)><b>bold</b>',
      '&lt;img src=x onerror=alert(1)&gt;&lt;b&gt;bold&lt;/b&gt;',
    ],
    ['a hidden comment', 'ok <!-- hide the rest', 'ok &lt;!-- hide the rest'],
    ['a link', '[click](https://evil.example)', '\\[click\\](https://evil.example)'],
    ['an image', '![x](https://evil.example/t.png)', '!\\[x\\](https://evil.example/t.png)'],
    [
      'a team mention',
      'ping @octo-org/security and @alice',
      'ping @&#8203;octo-org/security and @&#8203;alice',
    ],
    ['emphasis, code and math', '*a* `b` ~~c~~ $x$ _d_', '\\*a\\* \\`b\\` \\~\\~c\\~\\~ \\$x\\$ \\_d\\_'],
    ['an entity', '&lt;script&gt;', '&amp;lt;script&amp;gt;'],
    ['line breaks, lone CR included', 'a\rb\nc\r\nd\u2028e', 'a b c d e'],
    ['a list or heading at the start', '- item', '\\- item'],
    ['a heading', '# Title', '\\# Title'],
    ['a numbered list', '1. first', '1\\. first'],
  ])('%s', (_name, input, expected) => {
    expect(mdText(input)).toBe(expected);
  });

  it('keeps ordinary names readable', () => {
    expect(mdText('add_codex_label, #12, Sprint 1 — ✅')).toBe('add_codex_label, #12, Sprint 1 — ✅');
  });

  it('for any text: one line, no raw HTML or markdown punctuation, no live mention', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (text) => {
        const md = mdText(text);
        expect(md).not.toMatch(/[\r\n\u2028\u2029\u0085]/);
        expect(unescaped(md)).not.toMatch(/[<>[\]`*~|$]/);
        expect(md).not.toMatch(/@[\p{L}\p{N}]/u);
      }),
    );
  });
});

describe('table cells', () => {
  it('a hostile title stays inside its cell', () => {
    const hostile = 'a | b | c\r<!--\n@team [x](y) ![i](j) <b>';
    const row = table(['issue', 'title'], [[issueLink(7, 'https://github.com/o/r/issues/7'), title(hostile)]])
      .trim()
      .split('\n')[2]!;
    expect(cellsOf(row)).toHaveLength(2);
    expect(row).toContain('[#7](https://github.com/o/r/issues/7)');
    expect(row).not.toMatch(/\r|<!--|<b>|@team|(?<!\\)\[x/);
  });

  it('titles are cut to 120 characters with an ellipsis, other text at 500', () => {
    const long = 'x'.repeat(10_000);
    expect(title(long).markdown).toBe(`${'x'.repeat(TITLE_MAX_CHARS - 1)}…`);
    expect(cell(long)).toBe(`${'x'.repeat(CELL_MAX_CHARS - 1)}…`);
    expect(cell('short')).toBe('short');
  });

  it('markup passes as written, with line breaks and bare pipes made safe', () => {
    expect(cell(markup('no `codex`, wrong track'))).toBe('no `codex`, wrong track');
    expect(cell(markup('a|b\nc'))).toBe('a\\|b c');
    expect(cell(42)).toBe('42');
  });

  it('code spans survive backticks and pipes', () => {
    expect(code('telemetry/a`b|c.json').markdown).toBe('``telemetry/a`b|c.json``');
    expect(cell(code('a|b'))).toBe('`a\\|b`');
  });
});

describe('fitSummary', () => {
  it('leaves a summary that fits alone', () => {
    expect(fitSummary('# ok\n', 100)).toBe('# ok\n');
  });

  it('cuts at a line boundary and says so, within the limit', () => {
    const rows = Array.from({ length: 50_000 }, (_, i) => `| #${i} | ${'é'.repeat(20)} |`).join('\n');
    const fitted = fitSummary(rows, STEP_SUMMARY_LIMIT_BYTES);
    expect(Buffer.byteLength(fitted, 'utf8')).toBeLessThanOrEqual(STEP_SUMMARY_LIMIT_BYTES);
    expect(fitted).toContain('This summary was shortened');
    const kept = fitted.slice(0, fitted.indexOf('\n\n> [!WARNING]')).split('\n');
    expect(kept.length).toBeGreaterThan(1000);
    for (const line of kept) expect(line).toMatch(/^\| #\d+ \| (é){20} \|$/);
  });

  it('cuts exactly where a cut of the whole summary as bytes would, whatever the characters at the edge', () => {
    // the cut of the whole text encoded, as it was made before only the head was encoded
    const reference = (markdown: string, maxBytes: number): string => {
      const size = Buffer.byteLength(markdown, 'utf8');
      if (size <= maxBytes) return markdown;
      const note = `\n\n> [!WARNING]\n> This summary was shortened: it was ${Math.ceil(size / 1024)} KiB, over GitHub's limit of ${STEP_SUMMARY_LIMIT_BYTES / 1024} KiB for one step. The telemetry file has everything.\n`;
      const room = maxBytes - Buffer.byteLength(note, 'utf8');
      if (room <= 0) return '';
      const head = Buffer.from(markdown, 'utf8')
        .subarray(0, room)
        .toString('utf8')
        .replace(/\uFFFD$/, '');
      const lastBreak = head.lastIndexOf('\n');
      return `${lastBreak > 0 ? head.slice(0, lastBreak) : ''}${note}`;
    };
    const piece = fc.constantFrom('a', 'é', '€', '😀', '\n', '| x |', '\uD83D', '\uDE00');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 400 }), fc.integer({ min: 150, max: 900 }), (pieces, max) => {
        const markdown = pieces.join('');
        expect(fitSummary(markdown, max)).toBe(reference(markdown, max));
      }),
      { numRuns: 500 },
    );
  });
});

describe('table rows given one at a time', () => {
  it('a generator of rows makes the same table as the array of them, and none is an empty table', () => {
    const rows = [
      [1, 'a|b'],
      [2, code('x')],
    ];
    function* oneByOne() {
      yield* rows;
    }
    expect(table(['n', 'text'], oneByOne())).toBe(table(['n', 'text'], rows));
    expect(table(['n', 'text'], oneByOne())).toBe(
      '| n | text |\n| --- | --- |\n| 1 | a\\|b |\n| 2 | `x` |\n',
    );
    expect(table(['n'], (function* () {})())).toBe('');
  });
});
