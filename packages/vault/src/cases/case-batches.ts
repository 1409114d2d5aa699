import { getCaseBatchRoute, maxCaseBatch } from '@corridor/protocol';
import { CorridorApiError } from '../api/api-client.ts';
import type { MemberSession } from '../auth/log-in.ts';

/** `{"cases": […]}`, as the batch route answers: what lies between is the batch. */
const envelope = /^\s*\{\s*"cases"\s*:(?<cases>[\s\S]*)\}\s*$/;

/**
 * Fetches cases in batches for the unlock workers (`loadCaseload`): each string is one
 * batch's `CaseDetail[]` as JSON, cut from the server's answer without parsing it, so the
 * main thread never holds the caseload as objects. The workers parse and check every
 * case against the protocol; a server that answers anything but an array there only
 * makes a batch fail to load.
 *
 * Cases the member's teams do not hold, and ids that do not exist, are simply absent, so
 * a batch may be `[]`. Repeated ids are asked for once.
 * @param batchSize ids per request, 1 to 250 (`maxCaseBatch`)
 * @returns one JSON string per request, in the order of `ids`
 * @throws CorridorApiError as the server refuses a request (e.g. `rate_limited`), or
 *   `bad_response` when an answer is not shaped `{"cases": …}`; RangeError for a bad batch size
 */
export async function fetchCaseBatches(
  session: Pick<MemberSession, 'api'>,
  ids: readonly string[],
  batchSize: number = maxCaseBatch,
): Promise<string[]> {
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > maxCaseBatch) {
    throw new RangeError(`batchSize must be from 1 to ${maxCaseBatch}, not ${batchSize}`);
  }
  const unique = [...new Set(ids)];
  const batches: string[] = [];
  for (let start = 0; start < unique.length; start += batchSize) {
    const text = await session.api.callText(getCaseBatchRoute, {
      body: { ids: unique.slice(start, start + batchSize) },
    });
    const cases = envelope.exec(text)?.groups?.cases;
    if (cases === undefined) {
      throw new CorridorApiError('bad_response', 200, 'a malformed getCaseBatch answer');
    }
    batches.push(cases);
  }
  return batches;
}
