// The funds ledger's tables as Kysely sees them (migration 0025-funds), kept beside the
// feature; storage/schema.ts lists them in `Database`.

/** What the server knows of one expense: ids, the signed flag and the decision. Never the amount. */
export interface CaseExpenseTable {
  id: string;
  case_id: string;
  /** The seq of the `expense.added` event. */
  added_seq: number;
  added_by: string;
  added_at: string;
  /** 1 when its author signed that it needs a second member's approval. */
  needs_approval: number;
  state: 'pending' | 'approved' | 'rejected' | 'not_needed';
  decided_seq: number | null;
  decided_by: string | null;
  decided_at: string | null;
}

/** The organisation's approval threshold: at most one row (singleton 1). */
export interface FundsSettingTable {
  singleton: number;
  threshold_minor: number;
  threshold_currency: string;
  updated_by: string | null;
  updated_at: string;
}
