/**
 * Why a cryptographic operation refused. Every failure of this package is a
 * `CryptoError` with one of these codes; none returns partial plaintext.
 */
export type CryptoErrorCode =
  /** `initCrypto()` has not finished. */
  | 'not_initialised'
  /** Wrong key, tampered ciphertext, or associated data that does not match. */
  | 'decryption_failed'
  /** OPAQUE: the password is wrong, the account unknown, or a message was tampered with. */
  | 'authentication_failed'
  /** The signature does not verify for this key and message. */
  | 'invalid_signature'
  /** Bytes too short or otherwise not in the expected layout. */
  | 'malformed'
  /** The envelope's version byte is one this code cannot read. */
  | 'unsupported_version'
  /** The envelope holds another kind of thing than the caller asked to open. */
  | 'wrong_envelope_type'
  /** A key of the wrong length, or a wrapped key of another kind than expected. */
  | 'invalid_key'
  /** An encrypted stream ended before its final chunk. */
  | 'stream_truncated'
  /** Text that is not a well-formed receipt or recovery code. */
  | 'invalid_code';

export class CryptoError extends Error {
  override readonly name = 'CryptoError';
  constructor(
    readonly code: CryptoErrorCode,
    message: string,
  ) {
    super(message);
  }
}
