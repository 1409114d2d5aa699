/**
 * A shelter at its latest version: code and team in the clear (occupancy needs them),
 * the address, rules and contact as a record sealed to the shelter team's key.
 */
export interface ShelterTable {
  id: string;
  team_id: string;
  code: string;
  version: number;
  team_key_version: number;
  sealed_key: string;
  payload: string;
  signature: string;
  author_id: string;
  created_at: string;
  updated_at: string;
}

/** One bed of a shelter, with its short label (a room label, not an address). */
export interface ShelterBedTable {
  shelter_id: string;
  id: string;
  label: string;
  /** Its place in the shelter's list. */
  position: number;
}

/**
 * A request to place a case in a shelter, and what became of it. Server knowledge: which
 * case is in which bed from when to when (docs/decisions, shelters). The address reaches
 * the requesting team sealed to its key.
 */
export interface ShelterPlacementTable {
  id: string;
  shelter_id: string;
  case_id: string;
  requesting_team_id: string;
  requested_by: string;
  status: string;
  bed_id: string | null;
  from_day: string;
  to_day: string | null;
  decided_by: string | null;
  decided_at: string | null;
  address_team_key_version: number | null;
  address_sealed_key: string | null;
  address_payload: string | null;
  address_signature: string | null;
  created_at: string;
  updated_at: string;
}
