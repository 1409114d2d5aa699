// Builds the benchmark's caseload: made-up cases of 20 events each, signed, chained and
// encrypted by the vault's own writeEvent, served as CaseDetail batches (JSON, as the
// server would send them). Runs in a worker thread per core: signing and sealing a
// large caseload takes minutes on one.
import type { BoxKeyPair, RecordKey, SignKeyPair } from '@corridor/crypto';
import { randomToken } from '@corridor/crypto';
import { syntheticCaseDetail } from '@corridor/vault/synthetic-cases';
import { randomSource, syntheticCaseText } from './synthetic-text.ts';

export interface BuildRequest {
  readonly seed: number;
  readonly cases: number;
  readonly batchSize: number;
  readonly team: { readonly id: string; readonly name: string; readonly keys: BoxKeyPair };
  readonly authors: readonly { readonly id: string; readonly sign: SignKeyPair }[];
}

export interface BuiltBatch {
  /** `CaseDetail[]` as JSON. */
  readonly json: string;
  /** Each case's compartment keys (version 1), for the libsodium-only baseline. */
  readonly keys: Record<string, Record<string, RecordKey>>;
}

/** 20 events: opened, four compartments, ten notes, three moves, a new address, a grant. */
export function buildBatches(request: BuildRequest): BuiltBatch[] {
  const random = randomSource(request.seed);
  const batches: BuiltBatch[] = [];
  for (let first = 0; first < request.cases; first += request.batchSize) {
    const details = [];
    const keys: BuiltBatch['keys'] = {};
    for (let i = first; i < Math.min(request.cases, first + request.batchSize); i++) {
      const text = syntheticCaseText(random, 10);
      const { detail, keys: caseKeys } = syntheticCaseDetail(request.team, request.authors, {
        caseId: randomToken(16),
        title: text.title,
        details: {
          identity: text.identity,
          situation: text.situation,
          location: text.location,
          testimony: text.testimony,
        },
        notes: text.notes,
        stages: ['triage', 'verification', 'evacuation'],
        updates: { location: { ...text.location, safeHouse: text.movedTo } },
        grantAccess: true,
      });
      details.push(detail);
      keys[detail.summary.id] = Object.fromEntries(
        [...caseKeys].map(([compartment, versions]) => [compartment, versions.get(1) as RecordKey]),
      );
    }
    batches.push({ json: JSON.stringify(details), keys });
  }
  return batches;
}
