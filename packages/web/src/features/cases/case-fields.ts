import type { Compartment } from '@corridor/protocol';

/**
 * The fields each compartment offers, in the order the forms show them. Every value is
 * encrypted in this browser before it leaves; the server sees none of it.
 */
export const compartmentFields: Readonly<Record<Compartment, readonly string[]>> = {
  general: [],
  identity: ['name', 'aliases', 'dateOfBirth', 'phone', 'contacts', 'documents'],
  situation: ['threat', 'threatFrom', 'needs', 'health'],
  location: ['whereabouts', 'plan'],
  testimony: ['statement'],
};

/** The long fields, shown as multi-line text boxes. */
export const longFields = new Set([
  'contacts',
  'documents',
  'threat',
  'needs',
  'health',
  'plan',
  'statement',
]);

/** Compartments that hold fields (general holds the title, notes and workflow). */
export const fieldCompartments = ['identity', 'situation', 'location', 'testimony'] as const;
