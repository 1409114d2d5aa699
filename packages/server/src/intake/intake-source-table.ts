/**
 * A source message already stored (migration 0020): the keyed blind index of its source
 * identity, written with the sealed message in one transaction (`acceptInbound`'s
 * `sourceIndex`), so a redelivery stores nothing twice.
 */
export interface IntakeSourceTable {
  source_index: string;
  conversation_id: string;
  message_id: string;
  created_at: string;
}
