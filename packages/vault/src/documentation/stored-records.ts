import { documentationCompartment } from '@corridor/protocol';
import type { TimelineEntry } from '../cases/case-events.ts';
import { refusalOf } from './record-checks.ts';

/** A documentation record that did not pass its checks when read. */
export interface ReadProblem {
  readonly seq: number;
  readonly kind: 'testimony' | 'violation' | 'evidence' | 'custody';
  readonly code: string;
}

/**
 * The readable documentation entries of a kind, and those misfiled outside `testimony`
 * as problems (the server refuses them; one that got there anyway is not used).
 */
export function documentationEntries(
  entries: readonly TimelineEntry[],
  kind: TimelineEntry['kind'],
): { readable: TimelineEntry[]; problems: { seq: number; code: string }[] } {
  const readable: TimelineEntry[] = [];
  const problems: { seq: number; code: string }[] = [];
  for (const entry of entries) {
    if (entry.kind !== kind) continue;
    if (entry.compartment !== documentationCompartment) {
      problems.push({ seq: entry.seq, code: 'wrong_compartment' });
    } else if (entry.content !== null && entry.content !== undefined) {
      readable.push(entry);
    }
    // Without content the member's teams lack the key (the case's own problems name a
    // payload that failed to open): nothing to read, nothing to count.
  }
  return { readable, problems };
}

/** A stored record as read: its checked value, or the code of the check it failed. */
export type ReadRecord<T> =
  | { readonly ok: true; readonly id: string; readonly value: T }
  | { readonly ok: false; readonly id: string; readonly code: string };

/**
 * Each entry's record through `check`. A record that fails but names an id is kept as a
 * failure under that id (so it supersedes that id's older versions); one that names no
 * id cannot supersede anything and goes straight to `problems`.
 */
export function readRecords<T>(
  entries: readonly TimelineEntry[],
  check: (content: unknown) => T,
  kind: ReadProblem['kind'],
  problems: ReadProblem[],
): { record: ReadRecord<T>; entry: TimelineEntry }[] {
  const found: { record: ReadRecord<T>; entry: TimelineEntry }[] = [];
  for (const entry of entries) {
    const id = (entry.content as { id?: unknown }).id;
    let value: T | undefined;
    const code = refusalOf(() => {
      value = check(entry.content);
    });
    if (code === null && typeof id === 'string') {
      found.push({ record: { ok: true, id, value: value as T }, entry });
    } else if (typeof id === 'string' && /^[A-Za-z0-9_-]{22}$/.test(id)) {
      found.push({ record: { ok: false, id, code: code ?? 'invalid_record' }, entry });
    } else {
      problems.push({ seq: entry.seq, kind, code: code ?? 'invalid_record' });
    }
  }
  return found;
}

/** The latest version of each record by id, in the order the records first appeared. */
export function latestById<T extends { readonly id: string }>(
  found: readonly { readonly record: T; readonly entry: TimelineEntry }[],
): { record: T; entry: TimelineEntry; versions: number }[] {
  const byId = new Map<string, { record: T; entry: TimelineEntry; versions: number }>();
  for (const item of found) {
    const before = byId.get(item.record.id);
    byId.set(item.record.id, { ...item, versions: (before?.versions ?? 0) + 1 });
  }
  return [...byId.values()];
}
