/** Bytes arriving in chunks of any size, taken out in chunks of the size a reader needs. */
export class ByteQueue {
  private chunks: Uint8Array[] = [];
  private head = 0; // index of the first unread chunk in `chunks`
  private offset = 0; // read position in chunks[head]
  length = 0;

  push(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    this.chunks.push(bytes);
    this.length += bytes.length;
  }

  /** Removes and returns the first `n` bytes; `n` must not exceed `length`. */
  take(n: number): Uint8Array {
    if (n > this.length) throw new RangeError('not enough bytes queued');
    const out = new Uint8Array(n);
    let filled = 0;
    while (filled < n) {
      const chunk = this.chunks[this.head] as Uint8Array;
      const count = Math.min(n - filled, chunk.length - this.offset);
      out.set(chunk.subarray(this.offset, this.offset + count), filled);
      filled += count;
      this.offset += count;
      if (this.offset === chunk.length) {
        this.head += 1;
        this.offset = 0;
      }
    }
    // Drop consumed chunks in one go, not one shift() per chunk (quadratic on many small pushes).
    if (this.head > 1024 || this.head === this.chunks.length) {
      this.chunks = this.chunks.slice(this.head);
      this.head = 0;
    }
    this.length -= n;
    return out;
  }
}
