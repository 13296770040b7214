/**
 * Reads an HTTP response body up to a byte cap, in chunks, cancelling the download as soon as the cap is passed (or
 * at once when Content-Length already says it is too big): an oversized or endless body never sits in memory.
 * Shared by every adapter that reads an outside body (feeds, the LLM endpoint). The caller supplies its own errors,
 * so each one says which setting to raise.
 */
export interface CappedBodyOptions {
  maxBytes: number;
  /** The error for a body over the cap; `declared` is Content-Length when that alone gave it away. */
  tooLarge: (declared?: number) => Error;
  /** The error for a failed read (connection lost, bad compression); AbortErrors pass through unchanged. */
  readFailed?: (error: unknown) => Error;
}

export async function readCappedBody(response: Response, options: CappedBodyOptions): Promise<Buffer> {
  const { maxBytes } = options;
  const declared = Number(response.headers.get('content-length'));
  // Content-Length counts encoded bytes: with gzip it says nothing of the decoded size, so only the stream decides.
  const encoded = (response.headers.get('content-encoding') ?? 'identity') !== 'identity';
  if (!encoded && Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw options.tooLarge(declared);
  }
  if (!response.body) return Buffer.alloc(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    let chunk: Awaited<ReturnType<typeof reader.read>>;
    try {
      chunk = await reader.read();
    } catch (error) {
      if ((error instanceof Error && error.name === 'AbortError') || !options.readFailed) throw error;
      throw options.readFailed(error);
    }
    const { done, value } = chunk;
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw options.tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, total);
}
