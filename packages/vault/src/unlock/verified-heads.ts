import { fromBase64, sign, toBase64, utf8, verify } from '@corridor/crypto';
import {
  getVerifiedHeadsRoute,
  putVerifiedHeadsRoute,
  verifiedHeadsPurpose,
} from '@corridor/protocol';
import { z } from 'zod';
import { CorridorApiError } from '../api/api-client.ts';
import type { MemberSession } from '../auth/log-in.ts';
import type { ChainHead } from '../cases/case-events.ts';

/** Each case's head as this member last verified it, by case id. */
export type VerifiedHeads = ReadonlyMap<string, ChainHead>;

/** What reading them back found: heads to rely on, or why there are none. */
export interface LoadedHeads {
  readonly heads: VerifiedHeads;
  /**
   * `none`: never saved (a first unlock); `forged`: the server answered a statement
   * this member did not sign, or one of another member: nothing in it is used.
   */
  readonly state: 'loaded' | 'none' | 'forged';
}

const Statement = z.tuple([
  z.literal(verifiedHeadsPurpose),
  z.string(),
  z.string(),
  z.array(z.tuple([z.string(), z.number().int().min(0), z.string()])),
]);

/**
 * Reads back the member's own signed verified heads. Only a statement with their own
 * signature, naming their own account, is used: the server can withhold or replay an
 * older one (which costs signatures checked again, not trust), but not make one.
 */
export async function loadVerifiedHeads(session: MemberSession): Promise<LoadedHeads> {
  let saved: { statement: string; signature: string };
  try {
    saved = await session.api.call(getVerifiedHeadsRoute);
  } catch (error) {
    if (error instanceof CorridorApiError && error.code === 'not_found') {
      return { heads: new Map(), state: 'none' };
    }
    throw error;
  }
  const forged = { heads: new Map(), state: 'forged' } as const;
  let signed = false;
  try {
    signed = verify(
      session.keys.sign.publicKey,
      verifiedHeadsPurpose,
      utf8(saved.statement),
      fromBase64(saved.signature),
    );
  } catch {
    signed = false;
  }
  if (!signed) return forged;
  const parsed = Statement.safeParse(JSON.parse(saved.statement));
  if (!parsed.success || parsed.data[1] !== session.account.id) return forged;
  return {
    heads: new Map(parsed.data[3].map(([caseId, version, hash]) => [caseId, { version, hash }])),
    state: 'loaded',
  };
}

/** Signs and saves the heads this member has verified, replacing what was saved before. */
export async function saveVerifiedHeads(
  session: MemberSession,
  heads: VerifiedHeads,
  at: Date = new Date(),
): Promise<void> {
  const statement = JSON.stringify([
    verifiedHeadsPurpose,
    session.account.id,
    at.toISOString(),
    [...heads].map(([caseId, head]) => [caseId, head.version, head.hash]),
  ]);
  const signature = toBase64(
    sign(session.keys.sign.secretKey, verifiedHeadsPurpose, utf8(statement)),
  );
  await session.api.call(putVerifiedHeadsRoute, { body: { statement, signature } });
}
