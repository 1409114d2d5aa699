import { type Base64, toBase64, utf8 } from './encoding.ts';
import { lib } from './sodium.ts';

/**
 * What the server stores of a bearer token (session, invitation, backup code): its
 * BLAKE2b-256, so a copy of the database cannot be replayed as a login. Tokens carry
 * ≥ 128 bits, so no stretching is needed.
 */
export function tokenDigest(purpose: string, token: string): Base64 {
  return toBase64(lib().crypto_generichash(32, utf8(token), utf8(`corridor/v1/token/${purpose}`)));
}
