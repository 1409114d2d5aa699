import { caseEventDigest, caseKeyId, type RecordKey, randomToken } from '@corridor/crypto';
import {
  appendCaseEventRoute,
  type CaseDetail,
  type CaseOperation,
  type CaseSummarySchema,
  type Compartment,
  caseEventStatement,
  createCaseRoute,
  type EventKind,
  getAccountKeysRoute,
  getCaseRoute,
  grantCaseAccessRoute,
  listCasesRoute,
  revokeCaseAccessRoute,
  type TeamDirectory,
  type VerificationChange,
} from '@corridor/protocol';
import type { z } from 'zod';
import type { MemberSession } from '../auth/log-in.ts';
import {
  type ChainHead,
  genesisHead,
  readTimeline,
  signKeyCache,
  type TaskChange,
  type Timeline,
  type TimelineEntry,
  type WorkflowChange,
  writeEvent,
} from './case-events.ts';
import {
  type CompartmentKeys,
  dropUncommittedKeys,
  newCompartmentKey,
  openCompartmentKeys,
  sealCompartmentKey,
  type TeamKeyring,
  wrapPreviousKey,
} from './case-keys.ts';
import { pause, rateLimitWait } from './write-pacing.ts';

export type CaseSummary = z.infer<typeof CaseSummarySchema>;
export type DirectoryTeam = z.infer<typeof TeamDirectory>['teams'][number];
/** A compartment's fields as the member typed them: name, alias, phone, town… */
export type CaseFields = Record<string, string>;

/** A case as the member sees it once opened and checked. */
/** What a reader of one kind of event needs of a case: its checked, decrypted timeline. */
export interface CaseEntries {
  readonly timeline: { readonly entries: readonly TimelineEntry[] };
}

export interface CaseView {
  readonly summary: CaseSummary;
  readonly timeline: Timeline;
  readonly keys: CompartmentKeys;
  readonly access: z.infer<typeof CaseDetail>['access'];
  /** The short title the case was opened with (in `general`). */
  readonly title: string | null;
  /** The latest fields of each compartment the member holds. */
  readonly compartments: Partial<Record<Compartment, CaseFields>>;
  readonly notes: {
    seq: number;
    authorId: string;
    createdAt: string;
    text: string;
    /** Account ids the note mentions, as signed by its author. */
    mentions: readonly string[];
  }[];
  /** Tasks: due time, assignee and completion from the server, the text from the events. */
  readonly tasks: (z.infer<typeof CaseDetail>['tasks'][number] & { text: string | null })[];
}

export interface NewCase {
  /** A short working title — a pseudonym, not the person's name (that goes in `identity`). */
  readonly title: string;
  readonly riskLevel: number;
  /** Which teams get which compartment; the creator's own team must get `general`. */
  readonly share: Partial<Record<Compartment, readonly string[]>>;
  /** Fields to record at once, each compartment as one event after the opening. */
  readonly details?: Partial<Record<Compartment, CaseFields>>;
  readonly assigneeId?: string;
}

/** The newest key of a compartment the member holds; throws if they hold none. */
export function currentKey(keys: CompartmentKeys, compartment: Compartment) {
  const versions = keys.get(compartment);
  if (!versions || versions.size === 0) {
    throw new Error(`this member does not hold the ${compartment} key of the case`);
  }
  const version = Math.max(...versions.keys());
  return { version, key: versions.get(version) as RecordKey };
}

function teamIn(directory: readonly DirectoryTeam[], teamId: string): DirectoryTeam {
  const team = directory.find((t) => t.id === teamId);
  if (!team) throw new Error(`no team ${teamId} with a key`);
  return team;
}

/**
 * Opens a case: a key per compartment shared, each sealed to the chosen teams' public
 * keys in this browser, and the signed first event. Details follow as events.
 * @returns the new case's id
 */
export async function createCase(
  session: MemberSession,
  directory: readonly DirectoryTeam[],
  input: NewCase,
): Promise<string> {
  const caseId = randomToken(16);
  const keys: CompartmentKeys = new Map();
  const grants = [];
  for (const [compartment, teamIds] of Object.entries(input.share) as [
    Compartment,
    readonly string[],
  ][]) {
    const key = newCompartmentKey();
    keys.set(compartment, new Map([[1, key]]));
    for (const teamId of teamIds) {
      const team = teamIn(directory, teamId);
      grants.push({
        compartment,
        keyVersion: 1,
        teamId,
        teamKeyVersion: team.keyVersion,
        sealedKey: sealCompartmentKey(team.boxPublicKey, key, caseId, compartment, 1),
      });
    }
  }
  const opened = writeEvent(
    session,
    caseId,
    genesisHead(caseId),
    'general',
    currentKey(keys, 'general'),
    'case.opened',
    { title: input.title },
    {
      stage: 'new',
      riskLevel: input.riskLevel,
      ...(input.assigneeId ? { assigneeId: input.assigneeId } : {}),
    },
    undefined,
    [...keys].map(([compartment, versions]) => ({
      compartment,
      keyVersion: 1,
      keyId: caseKeyId(versions.get(1) as RecordKey),
    })),
  );
  await session.api.call(createCaseRoute, { body: { id: caseId, grants, event: opened.event } });
  let head = { version: 1, hash: opened.hash };
  for (const [compartment, fields] of Object.entries(input.details ?? {}) as [
    Compartment,
    CaseFields,
  ][]) {
    const next = writeEvent(
      session,
      caseId,
      head,
      compartment,
      currentKey(keys, compartment),
      'compartment.updated',
      { fields },
    );
    const { version } = await session.api.call(appendCaseEventRoute, {
      params: { caseId },
      body: { expectedVersion: head.version, event: next.event },
    });
    head = { version, hash: next.hash };
  }
  return caseId;
}

/**
 * The newest point of each case's chain this session has seen and checked, in memory
 * only (it goes with the session's client). A server that later shows a shorter
 * history, or another event at that place, is caught.
 */
const seenHeads = new WeakMap<object, Map<string, ChainHead>>();

function remember(session: MemberSession, caseId: string, head: ChainHead): void {
  const heads = seenHeads.get(session.api) ?? new Map<string, ChainHead>();
  heads.set(caseId, head);
  seenHeads.set(session.api, heads);
}

/** @returns the seq seen before that is now missing or different, or 0 */
function historyShortened(session: MemberSession, detail: z.infer<typeof CaseDetail>): number {
  const seen = seenHeads.get(session.api)?.get(detail.summary.id);
  if (!seen || seen.version === 0) return 0;
  const event = detail.events[seen.version - 1];
  if (!event || event.seq !== seen.version) return seen.version;
  const link = caseEventDigest(
    caseEventStatement(detail.summary.id, event.authorId, event, event.payloadDigest),
  );
  return link === seen.hash ? 0 : seen.version;
}

/**
 * Loads a case, opens the keys the member's teams hold, checks the whole chain and every
 * signature, and derives what the case says now.
 */
export async function openCase(
  session: MemberSession,
  ring: TeamKeyring,
  caseId: string,
): Promise<CaseView> {
  const detail = await session.api.call(getCaseRoute, { params: { caseId } });
  const unopenable: { compartment: Compartment; keyVersion: number }[] = [];
  const keys = openCompartmentKeys(detail, ring, unopenable);
  const signKeyOf = signKeyCache(
    async (accountId) =>
      (await session.api.call(getAccountKeysRoute, { params: { accountId } })).signPublicKey,
  );
  let read = await readTimeline(detail, keys, signKeyOf);
  // Keys are taken only if a signed event brought them in; others are dropped and named.
  const badlySigned = new Set(
    read.problems.filter((p) => p.problem === 'bad_signature').map((p) => p.seq),
  );
  const uncommitted = dropUncommittedKeys(keys, read.entries, badlySigned);
  if (uncommitted > 0) {
    read = await readTimeline(detail, keys, signKeyOf);
    read = {
      ...read,
      problems: [
        ...read.problems,
        ...Array.from({ length: uncommitted }, () => ({
          seq: 0,
          problem: 'key_uncommitted' as const,
        })),
      ],
    };
  }
  const shortened = historyShortened(session, detail);
  // Mentions are part of each event's signed statement (checked above), so taken as served.
  const mentionsAt = new Map(detail.events.map((event) => [event.seq, event.mentions]));
  const timeline = {
    ...read,
    entries: read.entries.map((entry) => {
      const mentions = mentionsAt.get(entry.seq);
      return mentions ? { ...entry, mentions } : entry;
    }),
    problems: [
      ...read.problems,
      ...unopenable.map(() => ({ seq: 0, problem: 'key_unopenable' as const })),
      ...(shortened ? [{ seq: shortened, problem: 'history_shortened' as const }] : []),
    ],
  };
  if (timeline.problems.length === 0) remember(session, caseId, timeline.head);
  let title: string | null = null;
  const compartments: Partial<Record<Compartment, CaseFields>> = {};
  const notes: CaseView['notes'] = [];
  const taskTexts = new Map<string, string>();
  for (const entry of timeline.entries) {
    const content = entry.content as Record<string, unknown> | null;
    if (!content) continue;
    if (entry.kind === 'case.opened' && typeof content.title === 'string') title = content.title;
    if (entry.kind === 'compartment.updated' && content.fields) {
      compartments[entry.compartment] = content.fields as CaseFields;
    }
    if (entry.kind === 'task.added' && entry.task && typeof content.text === 'string') {
      taskTexts.set(entry.task.id, content.text);
    }
    if (entry.kind === 'note.added' && typeof content.text === 'string') {
      notes.push({
        seq: entry.seq,
        authorId: entry.authorId,
        createdAt: entry.createdAt,
        text: content.text,
        mentions: entry.mentions ?? [],
      });
    }
  }
  return {
    summary: detail.summary,
    timeline,
    keys,
    access: detail.access,
    title,
    compartments,
    notes,
    tasks: detail.tasks.map((task) => ({ ...task, text: taskTexts.get(task.id) ?? null })),
  };
}

/**
 * Appends an event after the last one the member saw. If someone else wrote meanwhile
 * the server answers `conflict` (with its version): reopen the case and apply again.
 * @returns the case's new version
 */
export async function appendToCase(
  session: MemberSession,
  view: CaseView,
  compartment: Compartment,
  kind: EventKind,
  content: unknown,
  workflow: WorkflowChange | null = null,
  task?: TaskChange,
  extras: {
    readonly mentions?: readonly string[];
    readonly verification?: VerificationChange;
    readonly operation?: CaseOperation;
  } = {},
): Promise<number> {
  const { event } = writeEvent(
    session,
    view.summary.id,
    view.timeline.head,
    compartment,
    currentKey(view.keys, compartment),
    kind,
    content,
    workflow,
    task,
    undefined,
    extras.mentions,
    extras.verification,
    extras.operation,
  );
  const { version } = await session.api.call(appendCaseEventRoute, {
    params: { caseId: view.summary.id },
    body: { expectedVersion: view.timeline.head.version, event },
  });
  return version;
}

/** Adds a task: its text encrypted, its due time and assignee for the server's lists. */
export function addTask(
  session: MemberSession,
  view: CaseView,
  task: { text: string; dueAt: string; assigneeId: string | null },
): Promise<number> {
  const id = randomToken(16);
  return appendToCase(session, view, 'general', 'task.added', { text: task.text }, null, {
    change: 'add',
    id,
    dueAt: new Date(task.dueAt).toISOString(),
    assigneeId: task.assigneeId,
  });
}

/** Marks an open task done. */
export const completeTask = (session: MemberSession, view: CaseView, taskId: string) =>
  appendToCase(session, view, 'general', 'task.done', {}, null, { change: 'done', id: taskId });

/**
 * Adds a note. Members it mentions (account ids, each able to read the note) are named in
 * the encrypted note and, signed with it, in the clear for the server to tell them: the
 * server learns who was mentioned, by whom and when — never the text.
 */
export function addNote(
  session: MemberSession,
  view: CaseView,
  text: string,
  options: { readonly mentions?: readonly string[] } = {},
): Promise<number> {
  const mentions = [...new Set(options.mentions ?? [])];
  if (mentions.length === 0) return appendToCase(session, view, 'general', 'note.added', { text });
  return appendToCase(session, view, 'general', 'note.added', { text, mentions }, null, undefined, {
    mentions,
  });
}

export const updateCompartment = (
  session: MemberSession,
  view: CaseView,
  compartment: Compartment,
  fields: CaseFields,
) => appendToCase(session, view, compartment, 'compartment.updated', { fields });

export const changeWorkflow = (
  session: MemberSession,
  view: CaseView,
  change: WorkflowChange,
  note = '',
) => appendToCase(session, view, 'general', 'workflow.changed', { note }, change);

/** Gives a team a compartment: its current key sealed to the team, and a timeline entry. */
export async function grantCaseAccess(
  session: MemberSession,
  view: CaseView,
  compartment: Compartment,
  team: DirectoryTeam,
): Promise<number> {
  const caseId = view.summary.id;
  const key = currentKey(view.keys, compartment);
  const { event } = writeEvent(
    session,
    caseId,
    view.timeline.head,
    'general',
    currentKey(view.keys, 'general'),
    'access.granted',
    { compartment, teamId: team.id },
  );
  const { version } = await session.api.call(grantCaseAccessRoute, {
    params: { caseId },
    body: {
      expectedVersion: view.timeline.head.version,
      grant: {
        compartment,
        keyVersion: key.version,
        teamId: team.id,
        teamKeyVersion: team.keyVersion,
        sealedKey: sealCompartmentKey(team.boxPublicKey, key.key, caseId, compartment, key.version),
      },
      event,
    },
  });
  return version;
}

/**
 * Takes a compartment from a team — or, with `teamId` null, gives it a new key every
 * team keeps (after a member left one of them). The teams that keep it get the new key,
 * the old key is wrapped under the new one, and a timeline entry records it (under the
 * new key if it is `general` itself). Nobody without the new key opens what follows.
 */
export async function revokeCaseAccess(
  session: MemberSession,
  view: CaseView,
  compartment: Compartment,
  teamId: string | null,
  directory: readonly DirectoryTeam[],
): Promise<number> {
  const caseId = view.summary.id;
  const current = currentKey(view.keys, compartment);
  const next = { version: current.version + 1, key: newCompartmentKey() };
  const keeping = view.access.filter((a) => a.compartment === compartment && a.teamId !== teamId);
  const grants = keeping.map((a) => {
    const team = teamIn(directory, a.teamId);
    return {
      compartment,
      keyVersion: next.version,
      teamId: team.id,
      teamKeyVersion: team.keyVersion,
      sealedKey: sealCompartmentKey(team.boxPublicKey, next.key, caseId, compartment, next.version),
    };
  });
  const { event } = writeEvent(
    session,
    caseId,
    view.timeline.head,
    'general',
    compartment === 'general' ? next : currentKey(view.keys, 'general'),
    teamId === null ? 'key.rotated' : 'access.revoked',
    { compartment, teamId },
    null,
    undefined,
    [{ compartment, keyVersion: next.version, keyId: caseKeyId(next.key) }],
  );
  const { version } = await session.api.call(revokeCaseAccessRoute, {
    params: { caseId },
    body: {
      expectedVersion: view.timeline.head.version,
      compartment,
      teamId,
      grants,
      previousKeyWrapped: wrapPreviousKey(
        next.key,
        current.key,
        caseId,
        compartment,
        current.version,
      ),
      event,
    },
  });
  return version;
}

/** A part of a case `rekeyTeamCases` did not give a new key, and why. */
export interface RekeyLeft {
  readonly caseId: string;
  readonly compartment: Compartment;
  /**
   * `not_held`: this member's teams do not hold it, a member who does must finish;
   * `failed`: the case did not open or changed meanwhile; the rest end the run early, for
   * this part and every one after it — `rate_limited`: the server's limit on writes
   * outlasted the wait allowed; `reauthentication_required`: the password must be proved
   * again; `stopped`: the signal was aborted.
   */
  readonly reason: 'not_held' | 'failed' | 'rate_limited' | 'reauthentication_required' | 'stopped';
}

export interface RekeyProgress {
  /** Parts given a new key so far. */
  readonly rekeyed: number;
  /** Every part the team holds in the cases this member reaches. */
  readonly total: number;
  /** While waiting out the server's limit on writes: for how long, in ms; otherwise null. */
  readonly waitingMs: number | null;
}

export interface RekeyOptions {
  /** Told the total first, then after each part and before each wait. */
  readonly onProgress?: (progress: RekeyProgress) => void;
  /** Ends the run at the next part or wait; what is not done yet is left as `stopped`. */
  readonly signal?: AbortSignal;
  /** The longest the run waits for the limit, all told (default `rekeyMaxWaitMs`). */
  readonly maxWaitMs?: number;
  /** How to wait; tests move the server's clock instead of sleeping. */
  readonly wait?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/**
 * Four minutes: key changes need the password proved in the last five, so a run that
 * waited longer would be refused for that instead.
 */
export const rekeyMaxWaitMs = 4 * 60 * 1000;

/**
 * After a member left a team: every compartment the team holds, in every case this
 * member can reach, gets a new key sealed to the team's new key (and to the other teams
 * holding it), so what the team writes from now on is closed to the one who left.
 * Past the server's limit on case writes it waits and goes on, up to `maxWaitMs` in all.
 * Compartments this member's teams do not hold cannot be re-keyed here: they are
 * returned, for a member who holds them to finish.
 */
export async function rekeyTeamCases(
  session: MemberSession,
  ring: TeamKeyring,
  teamId: string,
  directory: readonly DirectoryTeam[],
  options: RekeyOptions = {},
): Promise<{ rekeyed: number; left: RekeyLeft[] }> {
  const { onProgress, signal, maxWaitMs = rekeyMaxWaitMs, wait = pause } = options;
  const { cases } = await session.api.call(listCasesRoute, { query: {} });
  const parts: { caseId: string; compartment: Compartment }[] = [];
  const left: RekeyLeft[] = [];
  for (const summary of cases) {
    // One case that fails (changed meanwhile, a key that does not open) is reported and
    // the others still get their new keys.
    try {
      const first = await openCase(session, ring, summary.id);
      for (const { teamId: holder, compartment } of first.access) {
        if (holder === teamId) parts.push({ caseId: summary.id, compartment });
      }
    } catch {
      left.push({ caseId: summary.id, compartment: 'general', reason: 'failed' });
    }
  }
  let rekeyed = 0;
  let waitLeft = maxWaitMs;
  const report = (waitingMs: number | null) =>
    onProgress?.({ rekeyed, total: parts.length, waitingMs });

  async function rekey(part: (typeof parts)[number]): Promise<RekeyLeft['reason'] | null> {
    for (;;) {
      if (signal?.aborted) return 'stopped';
      try {
        // Each rotation moves the case on: reopen for the next one.
        const view = await openCase(session, ring, part.caseId);
        if (!view.keys.has(part.compartment)) return 'not_held';
        await revokeCaseAccess(session, view, part.compartment, null, directory);
        return null;
      } catch (error) {
        if ((error as { code?: string }).code === 'reauthentication_required') {
          return 'reauthentication_required';
        }
        const ms = rateLimitWait(error);
        if (ms === null) return 'failed';
        if (ms > waitLeft) return 'rate_limited';
        waitLeft -= ms;
        report(ms);
        try {
          await wait(ms, signal);
        } catch {
          return 'stopped';
        }
      }
    }
  }

  report(null);
  for (const [i, part] of parts.entries()) {
    const reason = await rekey(part);
    if (reason === null) rekeyed += 1;
    else if (reason === 'not_held' || reason === 'failed') left.push({ ...part, reason });
    else {
      // The same would refuse every part after this one: leave them untried.
      left.push(...parts.slice(i).map((rest) => ({ ...rest, reason })));
      break;
    }
    report(null);
  }
  return { rekeyed, left };
}
