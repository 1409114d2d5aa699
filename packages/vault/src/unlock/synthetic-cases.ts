// Cases made without a server, byte for byte as the vault writes them (writeEvent, the
// compartment keys sealed to a team) and as the server then serves them (CaseDetail with
// payload digests): for the unlock tests and the bench:unlock benchmark.
import {
  type BoxKeyPair,
  caseKeyId,
  casePayloadDigest,
  fromBase64,
  type SignKeyPair,
  toBase64,
} from '@corridor/crypto';
import {
  type CaseDetail,
  type Compartment,
  type EventKind,
  noVerification,
} from '@corridor/protocol';
import type { z } from 'zod';
import type { MemberSession } from '../auth/log-in.ts';
import {
  type ChainHead,
  genesisHead,
  type WorkflowChange,
  writeEvent,
} from '../cases/case-events.ts';
import { type CompartmentKeys, newCompartmentKey, sealCompartmentKey } from '../cases/case-keys.ts';
import type { CaseFields } from '../cases/cases.ts';

type Detail = z.infer<typeof CaseDetail>;

export interface SyntheticAuthor {
  readonly id: string;
  readonly sign: SignKeyPair;
}

export interface SyntheticTeam {
  readonly id: string;
  readonly name: string;
  readonly keys: BoxKeyPair;
}

export interface SyntheticCase {
  readonly caseId: string;
  readonly title: string;
  readonly details: Partial<Record<Compartment, CaseFields>>;
  /** Later fields of a compartment, recorded after the notes (a move, a new phone). */
  readonly updates?: Partial<Record<Compartment, CaseFields>>;
  readonly notes: readonly string[];
  /** Stages the case moves through after opening (each a `workflow.changed`). */
  readonly stages?: readonly NonNullable<WorkflowChange['stage']>[];
  /** Ends with an `access.granted` event naming the team (as sharing a compartment does). */
  readonly grantAccess?: boolean;
}

/** writeEvent reads only the author's account id and signing key from the session. */
const sessionOf = (author: SyntheticAuthor) =>
  ({ account: { id: author.id }, keys: { sign: author.sign } }) as unknown as MemberSession;

/**
 * One case as the server would serve it to a member of `team`, which holds every
 * compartment: signed, hash-chained events by the given authors in turn, and the case's
 * compartment keys (what the member's team key opens).
 */
export function syntheticCaseDetail(
  team: SyntheticTeam,
  authors: readonly SyntheticAuthor[],
  input: SyntheticCase,
  createdAt = new Date('2026-11-25T10:00:00Z'),
): { detail: Detail; keys: CompartmentKeys } {
  const { caseId } = input;
  const compartments: Compartment[] = ['general', 'identity', 'situation', 'location', 'testimony'];
  const fresh = new Map(compartments.map((compartment) => [compartment, newCompartmentKey()]));
  const keyOf = (compartment: Compartment) => {
    const key = fresh.get(compartment);
    if (!key) throw new Error(`no ${compartment} key`);
    return key;
  };
  const keys: CompartmentKeys = new Map(
    compartments.map((compartment) => [compartment, new Map([[1, keyOf(compartment)]])]),
  );
  const events: Detail['events'] = [];
  let head: ChainHead = genesisHead(caseId);
  let stage: NonNullable<WorkflowChange['stage']> = 'new';

  const append = (
    compartment: Compartment,
    kind: EventKind,
    content: unknown,
    workflow: WorkflowChange | null = null,
    keyIds?: Parameters<typeof writeEvent>[9],
  ) => {
    const author = authors[events.length % authors.length];
    if (!author) throw new Error('a synthetic case needs an author');
    const { event, hash } = writeEvent(
      sessionOf(author),
      caseId,
      head,
      compartment,
      { version: 1, key: keyOf(compartment) },
      kind,
      content,
      workflow,
      undefined,
      keyIds,
    );
    events.push({
      ...event,
      authorId: author.id,
      createdAt: new Date(createdAt.getTime() + events.length * 60_000).toISOString(),
      payloadDigest: casePayloadDigest(fromBase64(event.payload)),
    });
    head = { version: event.seq, hash };
  };

  // As createCase does: the opening event names every first key, so clients use no other.
  append(
    'general',
    'case.opened',
    { title: input.title },
    { stage: 'new', riskLevel: 3 },
    compartments.map((compartment) => ({
      compartment,
      keyVersion: 1,
      keyId: caseKeyId(keyOf(compartment)),
    })),
  );
  for (const [compartment, fields] of Object.entries(input.details) as [
    Compartment,
    CaseFields,
  ][]) {
    append(compartment, 'compartment.updated', { fields });
  }
  for (const [index, text] of input.notes.entries()) {
    append('general', 'note.added', { text });
    const next = input.stages?.[index];
    if (next) {
      append('general', 'workflow.changed', { note: '' }, { stage: next });
      stage = next;
    }
  }
  for (const [compartment, fields] of Object.entries(input.updates ?? {}) as [
    Compartment,
    CaseFields,
  ][]) {
    append(compartment, 'compartment.updated', { fields });
  }

  if (input.grantAccess) {
    append('general', 'access.granted', { compartment: 'location', teamId: team.id });
  }

  const last = events.at(-1)?.createdAt ?? createdAt.toISOString();
  const detail: Detail = {
    summary: {
      id: caseId,
      stage,
      closedReason: null,
      assigneeId: null,
      riskLevel: 3,
      version: events.length,
      createdAt: createdAt.toISOString(),
      updatedAt: last,
      compartments,
      openTasks: 0,
      nextDueAt: null,
      verification: noVerification,
    },
    keys: compartments.map((compartment) => ({
      compartment,
      keyVersion: 1,
      teamId: team.id,
      teamKeyVersion: 1,
      sealedKey: sealCompartmentKey(
        toBase64(team.keys.publicKey),
        keyOf(compartment),
        caseId,
        compartment,
        1,
      ),
    })),
    keyChain: [],
    access: compartments.map((compartment) => ({
      compartment,
      teamId: team.id,
      teamName: team.name,
    })),
    events,
    tasks: [],
  };
  return { detail, keys };
}
