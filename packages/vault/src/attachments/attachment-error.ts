/**
 * Why an attachment could not be sent or opened. Stable codes, translated by the UI
 * like the API's error codes.
 */
export type AttachmentErrorCode =
  /** An image whose structure could not be read, so its metadata could not be removed: not sent. */
  | 'image_unreadable'
  /**
   * The file brought more or fewer bytes than its size said (it changed while being
   * read), or the server counted the upload otherwise than sent.
   */
  | 'size_mismatch'
  /** What was downloaded and decrypted is not the file that was attached (SHA-256 differs). */
  | 'digest_mismatch'
  /** The server answered a download with bytes from elsewhere than asked. */
  | 'download_broken';

export class AttachmentError extends Error {
  override readonly name = 'AttachmentError';
  constructor(
    readonly code: AttachmentErrorCode,
    message: string,
  ) {
    super(message);
  }
}
