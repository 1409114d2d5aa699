/** The numbers of attachments, in one place. */
export const attachmentPolicy = {
  /**
   * The largest blob, in bytes of ciphertext: 100 MiB. A file's ciphertext is 43 bytes
   * plus 17 per 64 KiB longer than the file (docs/protocol/v1.md, file streams), so a file
   * may be about 99.97 MiB.
   */
  maxBlobBytes: 100 * 1024 * 1024,
  /** The most bytes one chunk request may carry; the client reads each chunk into memory. */
  chunkBytes: 1024 * 1024,
  /** Unfinished uploads one member may have open at once: bounds what one can leave on disk. */
  maxOpenUploads: 8,
  /**
   * An unfinished upload that received no chunk for this long is removed (one chunk a
   * minute is the slowest a connection could be and still finish 100 MiB in two days).
   */
  uploadIdleMs: 60 * 60 * 1000,
  /** A finished blob no event names this long after it finished is removed. */
  attachWindowMs: 60 * 60 * 1000,
} as const;

export type AttachmentPolicy = typeof attachmentPolicy;
