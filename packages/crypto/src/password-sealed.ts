import { aeadDecrypt, aeadEncrypt, aeadNonceBytes, aeadTagBytes } from './aead.ts';
import { concatBytes, utf8 } from './encoding.ts';
import { associatedData, envelopeHeader, headerBytes, openEnvelope } from './envelope.ts';
import { CryptoError } from './errors.ts';
import { wipe } from './random.ts';
import { lib } from './sodium.ts';

/**
 * Argon2id work for a password-locked file: the same 64 MiB / 3 passes as the pinned login
 * setting (architecture.md, "Key stretching"), since the file leaves our hands and may be
 * attacked offline for as long as its reader keeps it.
 */
export interface PasswordKdfParams {
  readonly opsLimit: number;
  readonly memLimitBytes: number;
}

export const passwordFileKdfParams: PasswordKdfParams = {
  opsLimit: 3,
  memLimitBytes: 64 * 1024 * 1024,
};

/** Passwords shorter than this are refused: a file offline only has its password. */
export const minFilePasswordChars = 12;

const saltBytes = 16;
const paramBytes = 8;
// A floor under what an envelope may ask of its reader, and a ceiling: a forged header
// can neither weaken the check to nothing nor make the reader allocate gigabytes.
const minOps = 1;
const maxOps = 20;
const minMem = 8 * 1024 * 1024;
const maxMem = 1024 * 1024 * 1024;

function stretch(password: string, salt: Uint8Array, params: PasswordKdfParams): Uint8Array {
  const sodium = lib();
  return sodium.crypto_pwhash(
    32,
    utf8(password.normalize('NFC')),
    salt,
    params.opsLimit,
    params.memLimitBytes,
    sodium.crypto_pwhash_ALG_ARGON2ID13,
  );
}

const u32 = (n: number) => Uint8Array.of(n >>> 24, n >>> 16, n >>> 8, n);
const readU32 = (b: Uint8Array, at: number) =>
  (((b[at] ?? 0) << 24) | ((b[at + 1] ?? 0) << 16) | ((b[at + 2] ?? 0) << 8) | (b[at + 3] ?? 0)) >>>
  0;

/**
 * Encrypts bytes under a password: Argon2id (libsodium `crypto_pwhash`) of the password
 * with a random 16-byte salt gives an XChaCha20-Poly1305 key.
 * Layout: header (2) ‖ opsLimit (4, big-endian) ‖ memLimit in KiB (4) ‖ salt (16) ‖
 * nonce (24) ‖ ciphertext ‖ tag (16). The header, the parameters, the salt and `purpose`
 * are bound as associated data, so none can be changed without the tag failing.
 * @param purpose what the file is (`referral-package`), so one cannot pass for another
 * @throws RangeError for a password shorter than `minFilePasswordChars`
 */
export function encryptWithPassword(
  password: string,
  plaintext: Uint8Array,
  purpose: string,
  params: PasswordKdfParams = passwordFileKdfParams,
): Uint8Array {
  if ([...password].length < minFilePasswordChars) {
    throw new RangeError(`a file password has at least ${minFilePasswordChars} characters`);
  }
  const sodium = lib();
  const salt = sodium.randombytes_buf(saltBytes);
  const nonce = sodium.randombytes_buf(aeadNonceBytes);
  const header = concatBytes(u32(params.opsLimit), u32(Math.floor(params.memLimitBytes / 1024)));
  const key = stretch(password, salt, params);
  try {
    const ad = associatedData('passwordSealed', [
      purpose,
      sodium.to_base64(header),
      sodium.to_base64(salt),
    ]);
    return concatBytes(
      envelopeHeader('passwordSealed'),
      header,
      salt,
      nonce,
      aeadEncrypt(key, nonce, plaintext, ad),
    );
  } finally {
    wipe(key);
  }
}

/**
 * Opens what `encryptWithPassword` made.
 * @throws CryptoError `decryption_failed` (wrong password, other purpose, changed bytes),
 *   `malformed` (too short, or work parameters out of bounds), `unsupported_version`,
 *   `wrong_envelope_type`.
 */
export function decryptWithPassword(
  password: string,
  envelope: Uint8Array,
  purpose: string,
): Uint8Array {
  const body = openEnvelope(
    envelope,
    'passwordSealed',
    paramBytes + saltBytes + aeadNonceBytes + aeadTagBytes,
  );
  const header = body.subarray(0, paramBytes);
  const opsLimit = readU32(header, 0);
  const memLimitBytes = readU32(header, 4) * 1024;
  if (opsLimit < minOps || opsLimit > maxOps || memLimitBytes < minMem || memLimitBytes > maxMem) {
    throw new CryptoError('malformed', 'password work parameters out of bounds');
  }
  const salt = body.subarray(paramBytes, paramBytes + saltBytes);
  const nonce = body.subarray(paramBytes + saltBytes, paramBytes + saltBytes + aeadNonceBytes);
  const sodium = lib();
  const key = stretch(password, salt, { opsLimit, memLimitBytes });
  try {
    const ad = associatedData('passwordSealed', [
      purpose,
      sodium.to_base64(header),
      sodium.to_base64(salt),
    ]);
    return aeadDecrypt(key, nonce, body.subarray(paramBytes + saltBytes + aeadNonceBytes), ad);
  } finally {
    wipe(key);
  }
}

/** Bytes before the ciphertext in a password envelope (for size checks). */
export const passwordSealedOverheadBytes =
  headerBytes + paramBytes + saltBytes + aeadNonceBytes + aeadTagBytes;
