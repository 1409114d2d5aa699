/** Bytes arriving in chunks of any size, taken out in chunks of the size a reader needs. */
export class ByteQueue {
  private chunks: Uint8Array[] = [];
  private offset = 0; // read position in chunks[0]
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
      const head = this.chunks[0] as Uint8Array;
      const count = Math.min(n - filled, head.length - this.offset);
      out.set(head.subarray(this.offset, this.offset + count), filled);
      filled += count;
      this.offset += count;
      if (this.offset === head.length) {
        this.chunks.shift();
        this.offset = 0;
      }
    }
    this.length -= n;
    return out;
  }
}
