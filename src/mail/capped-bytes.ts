/** A received message's bytes, or the news that it is larger than we read. */
export type CappedBytes = { kind: 'read'; bytes: Uint8Array<ArrayBuffer> } | { kind: 'too_large' };

/**
 * Reads a stream whole, up to `maxBytes`: past that it stops, which cancels a web stream and destroys a
 * Node one, so an over-size message (a raw download, an Email Worker's `message.raw`, the CLI's standard
 * input) is never held in memory whole.
 */
export async function readCappedBytes(stream: AsyncIterable<Uint8Array>, maxBytes: number): Promise<CappedBytes> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += chunk.byteLength;
    // Leaving the loop ends the stream: the web streams' iterator cancels it, a Node stream is destroyed.
    if (size > maxBytes) return { kind: 'too_large' };
    chunks.push(chunk);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { kind: 'read', bytes };
}
