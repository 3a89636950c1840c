/** A received message's bytes, or the news that it is larger than we read. */
export type CappedBytes = { kind: 'read'; bytes: Uint8Array<ArrayBuffer> } | { kind: 'too_large' };

/**
 * Reads a stream whole, up to `maxBytes`: past that it stops and cancels the stream, so an over-size
 * message (a raw download, an Email Worker's `message.raw`) is never held in memory whole.
 */
export async function readCappedBytes(stream: ReadableStream<Uint8Array>, maxBytes: number): Promise<CappedBytes> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      return { kind: 'too_large' };
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { kind: 'read', bytes };
}
