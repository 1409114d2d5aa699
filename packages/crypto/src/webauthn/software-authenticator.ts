// A FIDO2 authenticator in software, for tests in Node where no browser holds one:
// P-256 keys, discoverable credentials, "none" attestation, a signature counter.
// End-to-end tests use Chromium's own virtual authenticator instead.
import { createHash, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { type CBORType, encodeCBOR } from '@levischuck/tiny-cbor';
import { concatBytes, fromBase64, toBase64, utf8 } from '../encoding.ts';
import { randomBytes } from '../random.ts';
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from './webauthn-server.ts';

/** What it reads of `PublicKeyCredentialCreationOptionsJSON`. */
export interface CreationRequest {
  readonly challenge: string;
  readonly rp: { readonly id?: string | undefined };
  readonly user: { readonly id: string };
}

/** What it reads of `PublicKeyCredentialRequestOptionsJSON`. */
export interface AssertionRequest {
  readonly challenge: string;
  readonly rpId?: string | undefined;
}

interface HeldCredential {
  readonly id: Uint8Array;
  readonly rpId: string;
  readonly userHandle: string;
  readonly privateKey: KeyObject;
  counter: number;
}

const flags = { userPresent: 0x01, userVerified: 0x04, attestedData: 0x40 };

const sha256 = (bytes: Uint8Array) => new Uint8Array(createHash('sha256').update(bytes).digest());

function uint32(value: number): Uint8Array {
  const bytes = new Uint8Array(4);
  new DataView(bytes.buffer).setUint32(0, value);
  return bytes;
}

/** The COSE_Key (RFC 9053) of a P-256 public key: kty EC2, alg ES256, crv P-256, x, y. */
function coseKey(publicKey: KeyObject): Uint8Array {
  const jwk = publicKey.export({ format: 'jwk' });
  return encodeCBOR(
    new Map<number, number | Uint8Array>([
      [1, 2],
      [3, -7],
      [-1, 1],
      [-2, fromBase64(jwk.x as string)],
      [-3, fromBase64(jwk.y as string)],
    ]),
  );
}

export class SoftwareAuthenticator {
  readonly #credentials: HeldCredential[] = [];

  /** @param origin the origin this "browser" reports in its client data */
  constructor(readonly origin: string) {}

  /** How many credentials it holds. */
  get size(): number {
    return this.#credentials.length;
  }

  /** `navigator.credentials.create`, answering as a browser would in JSON. */
  create(options: CreationRequest): RegistrationResponseJSON {
    const rpId = options.rp.id ?? new URL(this.origin).hostname;
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const id = randomBytes(16);
    this.#credentials.push({ id, rpId, userHandle: options.user.id, privateKey, counter: 0 });
    const clientData = this.#clientData('webauthn.create', options.challenge);
    const authData = concatBytes(
      sha256(utf8(rpId)),
      Uint8Array.of(flags.userPresent | flags.userVerified | flags.attestedData),
      uint32(0),
      new Uint8Array(16),
      Uint8Array.of(id.length >> 8, id.length & 0xff),
      id,
      coseKey(publicKey),
    );
    const attestationObject = encodeCBOR(
      new Map<string, CBORType>([
        ['fmt', 'none'],
        ['attStmt', new Map()],
        ['authData', authData],
      ]),
    );
    return {
      id: toBase64(id),
      rawId: toBase64(id),
      type: 'public-key',
      response: {
        clientDataJSON: toBase64(clientData),
        attestationObject: toBase64(attestationObject),
        transports: ['internal'],
      },
      clientExtensionResults: {},
    };
  }

  /** `navigator.credentials.get` with a discoverable credential for the relying party. */
  get(options: AssertionRequest): AuthenticationResponseJSON {
    const rpId = options.rpId ?? new URL(this.origin).hostname;
    const credential = this.#credentials.find((c) => c.rpId === rpId);
    if (!credential) throw new Error('NotAllowedError: no credential for this relying party');
    credential.counter += 1;
    const clientData = this.#clientData('webauthn.get', options.challenge);
    const authData = concatBytes(
      sha256(utf8(rpId)),
      Uint8Array.of(flags.userPresent | flags.userVerified),
      uint32(credential.counter),
    );
    const signature = sign(
      'sha256',
      concatBytes(authData, sha256(clientData)),
      credential.privateKey,
    );
    return {
      id: toBase64(credential.id),
      rawId: toBase64(credential.id),
      type: 'public-key',
      response: {
        clientDataJSON: toBase64(clientData),
        authenticatorData: toBase64(authData),
        signature: toBase64(new Uint8Array(signature)),
        userHandle: credential.userHandle,
      },
      clientExtensionResults: {},
    };
  }

  /** Forgets every credential's counter, as a cloned authenticator would. */
  rewindCounters(): void {
    for (const credential of this.#credentials) credential.counter = 0;
  }

  #clientData(type: string, challenge: string): Uint8Array {
    return utf8(JSON.stringify({ type, challenge, origin: this.origin, crossOrigin: false }));
  }
}
