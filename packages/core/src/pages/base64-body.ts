import { randomUUID } from 'node:crypto';

/** characters of a content encoded per step: at most 3 UTF-8 bytes each */
const STEP_CHARS = 16_384;

/**
 * A JSON request body that carries file contents in base64 (a `createCommitOnBranch`, a contents
 * PUT, a blob): `build` returns the body with each content given as `base64(content)`. The same
 * bytes as `JSON.stringify` of that body with the contents base64-encoded, but never held whole:
 * the body is a Blob whose bytes are made a step at a time while fetch reads them (its size, known
 * in advance, is the Content-Length), and made again should the request be sent again (a retry).
 *
 * Neither the base64 text of a content, its UTF-8 bytes nor the body as one string or Buffer is
 * made: a commit of the dashboard and the run's telemetry files at 50,000 open issues is about
 * 30 MB of base64, which was alive as one Buffer for the whole request (and fetch, given a Buffer,
 * copied it once more before sending it).
 */
export function jsonBodyWithBase64(build: (base64: (content: string) => string) => unknown): Blob {
  const mark = `b64-${randomUUID()}-`;
  const contents: string[] = [];
  const json = JSON.stringify(build((content) => `${mark}${contents.push(content) - 1}${mark}`));
  // Even pieces are JSON text, odd ones the index of a content (its placeholder is a JSON string's text).
  const pieces = json.split(mark);
  const parts = pieces.map((piece, i) => (i % 2 === 0 ? piece : { content: contents[Number(piece)]! }));
  return new Base64JsonBody(parts);
}

type Part = string | { readonly content: string };

/** The body's bytes, made on each read of its stream (Blob's own parts stay empty). */
class Base64JsonBody extends Blob {
  readonly #parts: readonly Part[];
  readonly #size: number;

  constructor(parts: readonly Part[]) {
    super([]);
    this.#parts = parts;
    this.#size = parts.reduce(
      (n, part) =>
        n +
        (typeof part === 'string'
          ? Buffer.byteLength(part)
          : 4 * Math.ceil(Buffer.byteLength(part.content) / 3)),
      0,
    );
  }

  override get size(): number {
    return this.#size;
  }

  override get type(): string {
    return '';
  }

  override stream(): ReadableStream<Uint8Array<ArrayBuffer>> {
    const chunks = this.#chunks();
    return new ReadableStream<Uint8Array<ArrayBuffer>>({
      pull(controller) {
        const next = chunks.next();
        if (next.done) controller.close();
        else controller.enqueue(next.value);
      },
      cancel() {
        chunks.return(undefined);
      },
    });
  }

  override async arrayBuffer(): Promise<ArrayBuffer> {
    const all = this.#whole();
    return all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength) as ArrayBuffer;
  }

  override async bytes(): Promise<Uint8Array<ArrayBuffer>> {
    return new Uint8Array(await this.arrayBuffer());
  }

  override async text(): Promise<string> {
    return this.#whole().toString('utf8');
  }

  override slice(start?: number, end?: number, type?: string): Blob {
    return new Blob([new Uint8Array(this.#whole())]).slice(start, end, type);
  }

  #whole(): Buffer {
    return Buffer.concat([...this.#chunks()]);
  }

  *#chunks(): Generator<Uint8Array<ArrayBuffer>, void, undefined> {
    for (const part of this.#parts) {
      if (typeof part === 'string') yield Buffer.from(part);
      else yield* base64Steps(part.content);
    }
  }
}

/** The base64 of `text`'s UTF-8 bytes, a step at a time. */
function* base64Steps(text: string): Generator<Uint8Array<ArrayBuffer>, void, undefined> {
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
    yield Buffer.from(scratch.toString('base64', 0, whole), 'latin1');
    carry = filled - whole;
    scratch.copy(scratch, 0, whole, filled);
  }
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
