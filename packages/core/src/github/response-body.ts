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
  const bytes = await readAll(body);
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  const utf8 = /;\s*charset="?utf-8"?/i.test(contentType ?? '');
  if (!contentType) return bytes.toString('utf8');
  if (type === 'application/json' || type === 'application/scim+json') {
    const text = bytes.toString('utf8');
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  if (type.startsWith('text/') || (utf8 && type !== 'application/octet-stream'))
    return bytes.toString('utf8');
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
}

/** The stream's bytes (read through its reader: the transport's stream class may not be this realm's). */
async function readAll(body: ReadableStream<Uint8Array>): Promise<Buffer> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}
