import { randomUUID } from 'node:crypto';

/** characters of a content encoded per step: at most 3 UTF-8 bytes each */
const STEP_CHARS = 16_384;

/**
 * A JSON request body that carries file contents in base64 (a `createCommitOnBranch`, a contents
 * PUT, a blob), built straight into one Buffer: `build` returns the body with each content given
 * as `base64(content)`. The same bytes as `JSON.stringify` of that body with the contents
 * base64-encoded, without ever making the base64 text of a content, its UTF-8 bytes or the body
 * as one string: for a file of 10 MB those were 13 MB, 10 MB and 13 MB more alive at once.
 */
export function jsonBodyWithBase64(build: (base64: (content: string) => string) => unknown): Buffer {
  const mark = `b64-${randomUUID()}-`;
  const contents: string[] = [];
  const json = JSON.stringify(build((content) => `${mark}${contents.push(content) - 1}${mark}`));
  // Even pieces are JSON text, odd ones the index of a content (its placeholder is a JSON string's text).
  const pieces = json.split(mark);
  const contentOf = (i: number) => contents[Number(pieces[i])]!;
  let size = 0;
  for (let i = 0; i < pieces.length; i += 1)
    size += i % 2 === 0 ? Buffer.byteLength(pieces[i]!) : 4 * Math.ceil(Buffer.byteLength(contentOf(i)) / 3);
  const body = Buffer.allocUnsafe(size);
  let at = 0;
  for (let i = 0; i < pieces.length; i += 1)
    at = i % 2 === 0 ? at + body.write(pieces[i]!, at) : writeBase64(body, at, contentOf(i));
  return body;
}

/** The base64 of `text`'s UTF-8 bytes written into `target` at `at`, a step at a time; returns the end. */
function writeBase64(target: Buffer, at: number, text: string): number {
  // a step's bytes, after the 0-2 bytes the previous step left over (base64 goes in groups of 3)
  const scratch = Buffer.allocUnsafe(3 * STEP_CHARS + 2);
  let carry = 0;
  for (let start = 0; start < text.length; ) {
    let end = Math.min(start + STEP_CHARS, text.length);
    // A surrogate pair stays in one step (split, each half would be encoded as U+FFFD).
    if (end < text.length && isHighSurrogate(text.charCodeAt(end - 1))) end -= 1;
    const filled = carry + scratch.write(text.slice(start, end), carry);
    start = end;
    const whole = start < text.length ? filled - (filled % 3) : filled;
    at += target.write(scratch.toString('base64', 0, whole), at, 'latin1');
    carry = filled - whole;
    scratch.copy(scratch, 0, whole, filled);
  }
  return at;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
