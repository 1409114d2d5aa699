/** Bytes from any of the shapes a caller may have: a stream (a File's), or an iterable. */
export type ByteSource =
  | ReadableStream<Uint8Array>
  | AsyncIterable<Uint8Array>
  | Iterable<Uint8Array>;

/** A source as a ReadableStream, read only as fast as it is consumed. */
export function streamOf(source: ByteSource): ReadableStream<Uint8Array> {
  if (source instanceof ReadableStream) return source;
  const iterator =
    Symbol.asyncIterator in source
      ? source[Symbol.asyncIterator]()
      : (source as Iterable<Uint8Array>)[Symbol.iterator]();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const next = await iterator.next();
        if (next.done) controller.close();
        else controller.enqueue(next.value);
      },
      async cancel(reason) {
        await iterator.return?.(reason);
      },
    },
    { highWaterMark: 0 },
  );
}

/** A pass-through transform that shows every chunk to `see` (a hasher, a counter). */
export function tap(see: (chunk: Uint8Array) => void): TransformStream<Uint8Array, Uint8Array> {
  return new TransformStream({
    transform(chunk, controller) {
      see(chunk);
      controller.enqueue(chunk);
    },
  });
}

/**
 * Cuts a stream into pieces of exactly `size` bytes (the last may be shorter), copying
 * into one buffer that is handed to `send` and reused once `send` resolves: one piece
 * in memory at a time, whatever the file's size.
 */
export async function inPieces(
  stream: ReadableStream<Uint8Array>,
  size: number,
  send: (piece: Uint8Array<ArrayBuffer>) => Promise<void>,
): Promise<void> {
  const buffer = new Uint8Array(size);
  let filled = 0;
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      let at = 0;
      while (at < value.length) {
        const count = Math.min(size - filled, value.length - at);
        buffer.set(value.subarray(at, at + count), filled);
        filled += count;
        at += count;
        if (filled === size) {
          await send(buffer);
          filled = 0;
        }
      }
    }
    if (filled > 0) await send(buffer.subarray(0, filled));
  } catch (error) {
    await reader.cancel(error).catch(() => {});
    throw error;
  } finally {
    reader.releaseLock();
  }
}
