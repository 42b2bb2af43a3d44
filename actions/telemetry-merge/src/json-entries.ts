/**
 * The top-level entries of a JSON object's text, each value as the range of the text it spans,
 * found without building any value: a caller parses only the entries it needs. The whole text is
 * checked as `JSON.parse` checks it (RFC 8259: whitespace, strings with their escapes and no
 * control characters, numbers, literals); undefined when it is not valid JSON or not an object
 * (the caller then parses it whole, for `JSON.parse`'s own answer). A key given twice keeps its
 * last value, as `JSON.parse` does.
 */
export function objectEntries(text: string): Map<string, { start: number; end: number }> | undefined {
  const scanner = new Scanner(text);
  scanner.space();
  if (text.charCodeAt(scanner.at) !== OPEN_OBJECT) return undefined;
  const entries = new Map<string, { start: number; end: number }>();
  const ok = scanner.object(0, (key, start, end) => entries.set(key, { start, end }));
  if (!ok) return undefined;
  scanner.space();
  return scanner.at === text.length ? entries : undefined;
}

const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const QUOTE = 0x22;
const COMMA = 0x2c;
const COLON = 0x3a;
/** nesting deeper than this is left to JSON.parse (the caller's fallback) */
const MAX_DEPTH = 512;

const SPACE = /[ \t\n\r]*/y;
/** a string's characters up to its closing quote: no control character, only JSON's escapes */
const STRING_BODY = /(?:[^"\\\u0000-\u001f]+|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const LITERAL = /true|false|null/y;

class Scanner {
  at = 0;

  constructor(private readonly text: string) {}

  space(): void {
    SPACE.lastIndex = this.at;
    SPACE.test(this.text);
    this.at = SPACE.lastIndex;
  }

  private match(pattern: RegExp): boolean {
    pattern.lastIndex = this.at;
    if (!pattern.test(this.text)) return false;
    this.at = pattern.lastIndex;
    return true;
  }

  /** at a quote: the string, past its closing quote */
  private string(): boolean {
    this.at += 1;
    return this.match(STRING_BODY);
  }

  value(depth: number): boolean {
    this.space();
    const c = this.text.charCodeAt(this.at);
    if (c === QUOTE) return this.string();
    if (c === OPEN_OBJECT) return this.object(depth + 1);
    if (c === OPEN_ARRAY) return this.array(depth + 1);
    return this.match(NUMBER) || this.match(LITERAL);
  }

  /** at `{`: the object, past its `}`; `entry` is told each key and the range of its value */
  object(depth: number, entry?: (key: string, start: number, end: number) => void): boolean {
    if (depth > MAX_DEPTH) return false;
    if (this.opened(CLOSE_OBJECT)) return true;
    for (;;) {
      this.space();
      if (this.text.charCodeAt(this.at) !== QUOTE) return false;
      const keyStart = this.at;
      if (!this.string()) return false;
      const keyEnd = this.at;
      this.space();
      if (this.text.charCodeAt(this.at) !== COLON) return false;
      this.at += 1;
      this.space();
      const start = this.at;
      if (!this.value(depth)) return false;
      entry?.(JSON.parse(this.text.slice(keyStart, keyEnd)) as string, start, this.at);
      const closed = this.separator(CLOSE_OBJECT);
      if (closed !== false) return closed === true;
    }
  }

  /** at `[`: the array, past its `]` */
  private array(depth: number): boolean {
    if (depth > MAX_DEPTH) return false;
    if (this.opened(CLOSE_ARRAY)) return true;
    for (;;) {
      if (!this.value(depth)) return false;
      const closed = this.separator(CLOSE_ARRAY);
      if (closed !== false) return closed === true;
    }
  }

  /** past the opening bracket; true when `close` follows at once (consumed: the value is empty) */
  private opened(close: number): boolean {
    this.at += 1;
    this.space();
    if (this.text.charCodeAt(this.at) !== close) return false;
    this.at += 1;
    return true;
  }

  /** after a member: true past `close`, false past a comma, undefined at anything else */
  private separator(close: number): boolean | undefined {
    this.space();
    const c = this.text.charCodeAt(this.at);
    this.at += 1;
    return c === close ? true : c === COMMA ? false : undefined;
  }
}
