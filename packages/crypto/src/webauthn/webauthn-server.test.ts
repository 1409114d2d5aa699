import { describe, expect, it } from 'vitest';
import { fromBase64, toBase64 } from '../encoding.ts';
import { initCrypto } from '../init.ts';
import { everyBitFlip } from '../testing.ts';
import { SoftwareAuthenticator } from './software-authenticator.ts';
import {
  authenticationOptions,
  type RelyingParty,
  registrationOptions,
  type StoredCredential,
  verifyAuthentication,
  verifyRegistration,
  webauthnChallenge,
} from './webauthn-server.ts';

await initCrypto();

const rp: RelyingParty = { id: 'localhost', name: 'Corridor', origin: 'http://localhost:8081' };

async function rejection(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'no error';
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
}

async function enrolled(): Promise<{ key: SoftwareAuthenticator; credential: StoredCredential }> {
  const key = new SoftwareAuthenticator(rp.origin);
  const challenge = webauthnChallenge();
  const options = await registrationOptions(rp, challenge, []);
  const credential = await verifyRegistration(rp, challenge, key.create(options));
  return { key, credential };
}

describe('WebAuthn second factor', () => {
  it('asks for a discoverable credential and names existing ones to exclude', async () => {
    const { credential } = await enrolled();
    const options = await registrationOptions(rp, webauthnChallenge(), [credential]);
    expect(options.authenticatorSelection?.residentKey).toBe('required');
    expect(options.attestation).toBe('none');
    expect(options.excludeCredentials?.map((c) => c.id)).toEqual([credential.id]);
    expect(options.rp).toEqual({ id: 'localhost', name: 'Corridor' });
    // Nothing on the key names the member.
    expect(options.user.name).toBe('Corridor');
    const again = await registrationOptions(rp, webauthnChallenge(), []);
    expect(again.user.id).not.toBe(options.user.id);
  });

  it('enrols an authenticator and accepts its assertions, counter moving forward', async () => {
    const { key, credential } = await enrolled();
    expect(credential.counter).toBe(0);
    expect(fromBase64(credential.publicKey).length).toBeGreaterThan(64);
    const challenge = webauthnChallenge();
    const options = await authenticationOptions(rp, challenge);
    expect(options.allowCredentials ?? []).toEqual([]);
    const first = await verifyAuthentication(rp, challenge, key.get(options), credential);
    expect(first.counter).toBe(1);
    const next = webauthnChallenge();
    const second = await verifyAuthentication(
      rp,
      next,
      key.get(await authenticationOptions(rp, next)),
      { ...credential, counter: first.counter },
    );
    expect(second.counter).toBe(2);
  });

  it('refuses an enrolment for another challenge or origin', async () => {
    const key = new SoftwareAuthenticator(rp.origin);
    const options = await registrationOptions(rp, webauthnChallenge(), []);
    expect(await rejection(verifyRegistration(rp, webauthnChallenge(), key.create(options)))).toBe(
      'authentication_failed',
    );
    const phishing = new SoftwareAuthenticator('http://localhost:9999');
    const challenge = webauthnChallenge();
    const forged = phishing.create(await registrationOptions(rp, challenge, []));
    expect(await rejection(verifyRegistration(rp, challenge, forged))).toBe(
      'authentication_failed',
    );
  });

  it('refuses an assertion for another challenge, origin, credential or an old counter', async () => {
    const { key, credential } = await enrolled();
    const challenge = webauthnChallenge();
    const options = await authenticationOptions(rp, challenge);
    const answer = key.get(options);
    expect(await rejection(verifyAuthentication(rp, webauthnChallenge(), answer, credential))).toBe(
      'authentication_failed',
    );
    const other = await enrolled();
    expect(await rejection(verifyAuthentication(rp, challenge, answer, other.credential))).toBe(
      'authentication_failed',
    );
    const elsewhere = { ...rp, origin: 'https://corridor.example.org' };
    expect(await rejection(verifyAuthentication(elsewhere, challenge, answer, credential))).toBe(
      'authentication_failed',
    );
    // The store already saw counter 5: an answer with counter 1 comes from a clone.
    expect(
      await rejection(verifyAuthentication(rp, challenge, answer, { ...credential, counter: 5 })),
    ).toBe('authentication_failed');
  });

  it('fails closed on every flipped bit of the authenticator data and of r and s', async () => {
    const { key, credential } = await enrolled();
    const challenge = webauthnChallenge();
    const answer = key.get(await authenticationOptions(rp, challenge));
    const signature = fromBase64(answer.response.signature);
    // DER: 30 len 02 rLen r… 02 sLen s…. The decoder is lenient about the framing bytes
    // (tag class, outer length), which can only re-wrap the same (r, s) — nothing new is
    // proved, and the challenge is single-use. Every bit of r and s, and of the data
    // signed, must count.
    const rLength = signature[3] as number;
    const valueBits = (bit: number) => {
      const at = bit >> 3;
      return (at >= 4 && at < 4 + rLength) || at >= 6 + rLength;
    };
    const accepted: string[] = [];
    for (const part of ['signature', 'authenticatorData'] as const) {
      for (const [tampered, bit] of everyBitFlip(fromBase64(answer.response[part]))) {
        if (part === 'signature' && !valueBits(bit)) continue;
        const changed = { ...answer, response: { ...answer.response, [part]: toBase64(tampered) } };
        const code = await rejection(verifyAuthentication(rp, challenge, changed, credential));
        if (code !== 'authentication_failed') accepted.push(`${part} bit ${bit}`);
      }
    }
    expect(accepted).toEqual([]);
  });
});
