export { blindIndex } from './blind-index.ts';
export type { Brand } from './brand.ts';
export {
  caseEventDigest,
  caseGenesisDigest,
  caseKeyId,
  casePayloadDigest,
} from './case-chain.ts';
export {
  type CheckinWordKdf,
  checkinWordDigest,
  checkinWordKdf,
  checkinWordSalt,
  normaliseCheckinWord,
} from './checkin-word.ts';
export { contentDigest } from './content-digest.ts';
export {
  type Base64,
  concatBytes,
  fromBase64,
  fromHex,
  fromUtf8,
  type Hex,
  toBase64,
  toHex,
  utf8,
} from './encoding.ts';
export { CryptoError, type CryptoErrorCode } from './errors.ts';
export {
  decryptFileStream,
  encryptedFileSize,
  encryptFileStream,
  type FileContext,
  fileChunkBytes,
} from './file-stream.ts';
export { initCrypto } from './init.ts';
export { keyFingerprint } from './key-fingerprint.ts';
export {
  openSealedBoxSecretKey,
  openSealedKey,
  type SealedKey,
  sealBoxSecretKey,
  sealKey,
  unwrapKey,
  type WrappedKey,
  wrapKey,
} from './key-wrapping.ts';
export {
  asBoxPublicKey,
  asSignPublicKey,
  asSymmetricKey,
  type BlindIndexKey,
  type BoxKeyPair,
  type BoxPublicKey,
  type BoxSecretKey,
  boxKeyPairFromSeed,
  type FileKey,
  generateBoxKeyPair,
  generateSignKeyPair,
  generateSymmetricKey,
  type RecordKey,
  type SignKeyPair,
  type SignPublicKey,
  type SignSecretKey,
  type SymmetricKey,
  type SymmetricKeyKind,
  type WrappingKey,
} from './keys.ts';
export {
  type ClientLoginResult,
  type ClientLoginStart,
  type ClientRegistrationResult,
  type ClientRegistrationStart,
  finishLogin as finishOpaqueLogin,
  finishRegistration as finishOpaqueRegistration,
  startLogin as startOpaqueLogin,
  startRegistration as startOpaqueRegistration,
} from './opaque/opaque-client.ts';
export {
  createServerSetup as createOpaqueServerSetup,
  finishServerLogin as finishOpaqueServerLogin,
  registrationResponse as opaqueRegistrationResponse,
  type ServerLoginStart,
  startServerLogin as startOpaqueServerLogin,
} from './opaque/opaque-server.ts';
export { type PasswordStretching, pinnedPasswordStretching } from './opaque/password-stretching.ts';
export {
  decryptWithPassword,
  encryptWithPassword,
  minFilePasswordChars,
  type PasswordKdfParams,
  passwordFileKdfParams,
} from './password-sealed.ts';
export { randomBytes, randomToken, wipe } from './random.ts';
export {
  asReceiptServerKey,
  deriveReceiptKeys,
  generateReceiptCode,
  parseReceiptCode,
  type ReceiptCode,
  type ReceiptKdfParams,
  type ReceiptKeys,
  type ReceiptServerKey,
  receiptKdfParams,
  receiptVerifier,
} from './receipt-code.ts';
export { createRecordReader, type RecordReader } from './record-reader.ts';
export {
  decryptRecord,
  encryptRecord,
  type RecordContext,
  type RecordEnvelope,
} from './records.ts';
export {
  generateBackupCode,
  generateRecoveryCode,
  parseBackupCode,
  parseRecoveryCode,
  type RecoveryCode,
  wrappingKeyFromRecoveryCode,
} from './recovery-code.ts';
export { openSealed, type SealedEnvelope, sealTo } from './sealed.ts';
export { createSha256, type Sha256Hasher, sha256 } from './sha256.ts';
export {
  assertSignature,
  ed25519Verify,
  type Signature,
  sign,
  verify,
} from './signatures.ts';
export { deriveSubkey, keyedTokenDigest, tokenDigest } from './token-digest.ts';
export { generateTotpSecret, type TotpSecret, totpCode, totpUri, verifyTotp } from './totp.ts';
export {
  generateUserKeys,
  type UserKeys,
  unwrapUserKeys,
  type WrappedUserKeys,
  wrappingKeyFromExportKey,
  wrapUserKeys,
} from './user-keys.ts';
