import type { Compartment, EventKind } from '../cases/workflow.ts';

/**
 * The event kinds of a case's documentation (testimonies, coded violations, evidence and
 * its custody trail) and the one compartment they may be written in. The server cannot
 * read them, but it can keep them out of compartments other teams hold: a testimony
 * written under `general` would reach every team that reads the case.
 */
export const documentationEventKinds = [
  'testimony.recorded',
  'violation.coded',
  'evidence.recorded',
  'evidence.custody',
] as const satisfies readonly EventKind[];

export const documentationCompartment: Compartment = 'testimony';

export const isDocumentationKind = (kind: string): boolean =>
  (documentationEventKinds as readonly string[]).includes(kind);
