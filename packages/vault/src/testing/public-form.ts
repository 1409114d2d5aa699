// An applicant's browser with JavaScript off, reduced to what it sends: form posts to
// the public listener, and the HTML it gets back.
import { createHash } from 'node:crypto';

export interface FormAnswer {
  readonly status: number;
  readonly html: string;
  readonly headers: Headers;
}

export async function postForm(
  publicUrl: string,
  path: string,
  fields: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<FormAnswer> {
  const response = await fetch(new URL(path, publicUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields).toString(),
  });
  return { status: response.status, html: await response.text(), headers: response.headers };
}

/** The receipt code a page shows, or undefined. */
export const receiptCodeIn = (html: string): string | undefined =>
  /<p class="code" id="receipt-code">([0-9A-Z-]+)<\/p>/.exec(html)?.[1];

/** Solves the page's ALTCHA challenge as /intake.js would (SHA-256 of salt and number). */
export function solveChallengeIn(html: string): string | undefined {
  const encoded = /data-challenge="([^"]+)"/.exec(html)?.[1];
  if (!encoded) return undefined;
  const challenge = JSON.parse(Buffer.from(encoded, 'base64').toString('utf8')) as {
    algorithm: string;
    challenge: string;
    maxnumber: number;
    salt: string;
    signature: string;
  };
  for (let n = 0; n <= challenge.maxnumber; n++) {
    const digest = createHash('sha256').update(`${challenge.salt}${n}`).digest('hex');
    if (digest === challenge.challenge) {
      return Buffer.from(
        JSON.stringify({
          algorithm: challenge.algorithm,
          challenge: challenge.challenge,
          number: n,
          salt: challenge.salt,
          signature: challenge.signature,
        }),
      ).toString('base64');
    }
  }
  return undefined;
}
