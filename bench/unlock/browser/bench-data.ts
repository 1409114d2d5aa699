// What the bench server hands the page, beside the caseload batches themselves
// (`/batch/<n>`, each `CaseDetail[]` as JSON, as the server serves a bulk sync).

export interface BenchData {
  readonly cases: number;
  readonly batches: number;
  readonly rounds: number;
  /** Search rounds over the last index (each runs every query once). */
  readonly searchRounds: number;
  /** Unlock workers to start; 0 for one per core (navigator.hardwareConcurrency, at most 8). */
  readonly threads: number;
  /** The team's key pair, base64: throwaway keys made for this run. */
  readonly team: {
    readonly id: string;
    readonly publicKey: string;
    readonly secretKey: string;
  };
  /** Each author's Ed25519 public key, base64. */
  readonly signKeys: Readonly<Record<string, string>>;
  /** Per batch: each case's compartment keys (version 1, base64), for the raw baseline. */
  readonly keys: readonly Readonly<Record<string, Readonly<Record<string, string>>>>[];
}

/** What the page measured; times in milliseconds. */
export interface PageResult {
  readonly cases: number;
  readonly events: number;
  readonly threads: number;
  /** Each round's time from keys unwrapped to every case checked, decrypted and indexed. */
  readonly ms: readonly number[];
  /** Each round's time decrypting every payload alone on the page's thread. */
  readonly rawMs: readonly number[];
  /** From the same start as `ms`, until every signature is verified too (last round). */
  readonly verifiedMs: number;
  /** The same for a returning member, whose verified heads vouch for the last unlock. */
  readonly verifiedReturningMs: number;
  readonly startMs: readonly number[];
  readonly keysMs: readonly number[];
  readonly searchMs: readonly number[];
  readonly hits: number;
}
