import { AttachmentError } from '../attachment-error.ts';

/**
 * The input of an incremental parser: new bytes join what the last step left unread.
 * Only a parser's few pending header bytes are ever carried over, never a whole chunk's
 * worth, so memory stays bounded whatever the file's size.
 */
export class ByteCursor {
  private bytes: Uint8Array = new Uint8Array(0);
  private at = 0;

  feed(chunk: Uint8Array): void {
    const rest = this.bytes.subarray(this.at);
    if (rest.length === 0) {
      this.bytes = chunk;
    } else {
      const joined = new Uint8Array(rest.length + chunk.length);
      joined.set(rest);
      joined.set(chunk, rest.length);
      this.bytes = joined;
    }
    this.at = 0;
  }

  get available(): number {
    return this.bytes.length - this.at;
  }

  /** The byte `offset` ahead, without taking it; the caller checks `available` first. */
  peek(offset = 0): number {
    return this.bytes[this.at + offset] as number;
  }

  /** Takes up to `n` bytes (a view, not a copy). */
  take(n: number): Uint8Array {
    const end = Math.min(this.bytes.length, this.at + n);
    const out = this.bytes.subarray(this.at, end);
    this.at = end;
    return out;
  }

  /** Where the next `value` byte is, relative to the cursor, or -1. */
  indexOf(value: number): number {
    const index = this.bytes.indexOf(value, this.at);
    return index < 0 ? -1 : index - this.at;
  }
}

export const unreadable = (what: string) =>
  new AttachmentError(
    'image_unreadable',
    `the image cannot be read to remove its metadata: ${what}`,
  );
