/**
 * Reads a successful answer's body the way @octokit/request would (JSON parsed, text as a string,
 * anything else as bytes), but with the platform's `JSON.parse`. @octokit/request parses every
 * JSON answer through a reviver called for each value (to turn large integers into BigInt), which
 * was half of project-sync's CPU time on a 10,000-issue first pass; GitHub's ids and numbers are
 * far below 2^53, where a plain parse is exact.
 */
export async function readResponseBody(
  body: ReadableStream<Uint8Array> | null | undefined,
  contentType: string | undefined,
): Promise<unknown> {
  if (!body) return '';
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  const utf8 = /;\s*charset="?utf-8"?/i.test(contentType ?? '');
  if (!contentType) return readText(body);
  if (type === 'application/json' || type === 'application/scim+json') {
    const text = await readText(body);
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  if (type.startsWith('text/') || (utf8 && type !== 'application/octet-stream')) return readText(body);
  const bytes = await readAll(body);
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
}

/**
 * The stream's text, decoded chunk by chunk as it arrives (a character split between chunks is
 * completed by the next one; a byte-order mark is kept, as `Buffer#toString` keeps it). No copy of
 * the whole body as bytes is made: a list page of 100 issues is about 0.4 MB, and one such copy per
 * page sat outside the heap until a collection noticed it.
 */
async function readText(body: ReadableStream<Uint8Array>): Promise<string> {
  const reader = body.getReader();
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
  }
  return text + decoder.decode();
}

/** The stream's bytes (read through its reader: the transport's stream class may not be this realm's). */
export async function readAll(body: ReadableStream<Uint8Array>): Promise<Buffer> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}
