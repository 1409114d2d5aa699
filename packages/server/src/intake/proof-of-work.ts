import { createChallenge, extractParams, verifySolution } from 'altcha-lib/v1';

/**
 * ALTCHA proof of work (altcha-lib, decision 0030): the page carries a challenge signed
 * with a server key; the browser's small script (/intake.js) finds the number whose
 * SHA-256 with the salt matches, and sends it with the form. A solved challenge earns
 * the looser limits. Each is accepted once, until it expires.
 */
export interface ProofOfWork {
  challenge(now: Date): Promise<string>;
  /** True for a valid, unexpired solution not seen before; then it is spent. */
  redeem(payload: string, now: Date): Promise<boolean>;
}

/** About 50,000 SHA-256 on average: a second or two in a phone's browser, nothing to a person. */
const maxNumber = 100_000;
const lifetimeMs = 30 * 60_000;

export function createProofOfWork(hmacKey: string): ProofOfWork {
  const spent = new Map<string, number>();
  return {
    async challenge(now) {
      const challenge = await createChallenge({
        hmacKey,
        maxNumber,
        expires: new Date(now.getTime() + lifetimeMs),
      });
      return Buffer.from(JSON.stringify(challenge)).toString('base64');
    },
    async redeem(payload, now) {
      if (payload.length === 0 || payload.length > 1000) return false;
      let parsed: { signature?: unknown };
      try {
        parsed = JSON.parse(Buffer.from(payload, 'base64').toString('utf8'));
      } catch {
        return false;
      }
      const signature = typeof parsed.signature === 'string' ? parsed.signature : '';
      if (!signature || spent.has(signature)) return false;
      // altcha-lib checks expiry against the real clock; ours may be moved by tests.
      const expires = Number(extractParams(payload).expires) * 1000;
      if (!(expires > now.getTime())) return false;
      let valid = false;
      try {
        valid = await verifySolution(payload, hmacKey, false);
      } catch {
        valid = false;
      }
      if (!valid) return false;
      for (const [key, until] of spent) if (until <= now.getTime()) spent.delete(key);
      spent.set(signature, expires);
      return true;
    },
  };
}
