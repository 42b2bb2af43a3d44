/** The text of a request body a test's fetch was given: a string, bytes or a Blob (base64-body.ts). */
export async function requestBodyText(body: unknown): Promise<string> {
  if (body instanceof Blob) return body.text();
  if (body instanceof Uint8Array)
    return Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
  return String(body);
}
