import { parseCommandLine } from '@codex-suite/harness/commands';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { controlCharacters, logLine, logText, visibleControls } from '../src/log-safe.js';

/** The lines the runner would read from `text` (.NET ReadLine: LF, CR, CRLF). */
const runnerLines = (text: string) => text.split(/\r\n|\r|\n/);
/** What the runner would run: a `::` command (after trimming) or the legacy `##[` anywhere. */
const isCommand = (line: string) => parseCommandLine(line) !== undefined || line.includes('##[');

describe('logLine: one inert line', () => {
  it.each([
    ['LF then a command', 'x\n::add-mask::hunter2', 'x\\n::add-mask::hunter2'],
    ['lone CR then a command', 'x\r::error::boom', 'x\\r::error::boom'],
    ['CRLF', 'a\r\nb', 'a\\r\\nb'],
    ['a leading command', '::error title=x::pwned', '\\::error title=x::pwned'],
    ['a command after white space', '  \t::warning::w', '  \t\\::warning::w'],
    ['the legacy form anywhere', 'title ##[add-mask]secret', 'title ##\\[add-mask]secret'],
    ['line and paragraph separators, NEL', 'a\u2028b\u2029c\u0085d', 'a\\u2028b\\u2029c\\u0085d'],
    ['NUL, ESC and bidi overrides', 'a\u0000b\u001b[31mc\u202ed', 'a\\u0000b\\u001b[31mc\\u202ed'],
  ])('%s', (_name, input, expected) => {
    expect(logLine(input)).toBe(expected);
    expect(runnerLines(logLine(input))).toHaveLength(1);
    expect(isCommand(logLine(input))).toBe(false);
  });

  it('leaves ordinary text (tabs, unicode, colons inside) alone', () => {
    const text = 'setting main-milestone (CODEX_MAIN_MILESTONE) = Sprint 1\t(env) — ✅ a::b';
    expect(logLine(text)).toBe(text);
  });

  it('never yields a line break or a command, and is idempotent, for any text', () => {
    const hostile = fc.oneof(
      fc.string({ unit: 'grapheme' }),
      fc
        .array(fc.constantFrom('::', '##[', '\n', '\r', '\u2028', ' ', 'error', 'add-mask', '::x::', 'a'), {
          maxLength: 12,
        })
        .map((parts) => parts.join('')),
    );
    fc.assert(
      fc.property(hostile, (text) => {
        const line = logLine(text);
        expect(runnerLines(line)).toHaveLength(1);
        expect(isCommand(line)).toBe(false);
        expect(logLine(line)).toBe(line);
      }),
    );
  });
});

describe('logText: annotations keep their lines, each inert', () => {
  it('splits on every line break and neutralises each line', () => {
    const text = logText('first\r::add-mask::x\u2028##[error]y\r\nlast');
    expect(text).toBe('first\n\\::add-mask::x\n##\\[error]y\nlast');
    for (const line of runnerLines(text)) expect(isCommand(line)).toBe(false);
  });
});

describe('controlCharacters', () => {
  it('names each kind once, tab included; ordinary text has none', () => {
    expect(controlCharacters('Sprint\n1\n\t\u202e')).toEqual(['\\n', '\\t', '\\u202e']);
    expect(controlCharacters('Sprint 1 — Dashboard ✅')).toEqual([]);
    expect(visibleControls('a\u0007b')).toBe('a\\u0007b');
  });
});
