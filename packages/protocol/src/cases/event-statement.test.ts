import { describe, expect, it } from 'vitest';
import { caseEventStatement } from './event-statement.ts';

const event = {
  seq: 7,
  compartment: 'general',
  keyVersion: 2,
  kind: 'note.added',
  prevHash: 'p'.repeat(43),
  workflow: null,
};

describe('the event statement', () => {
  it('is unchanged for events without mentions, so every event signed before still verifies', () => {
    expect(caseEventStatement('case', 'author', event, 'd'.repeat(43))).toBe(
      `["case-event","case",7,"general",2,"note.added","author","${'d'.repeat(43)}","${'p'.repeat(43)}",null]`,
    );
  });

  it('binds the mentions, in order, after everything else', () => {
    const statement = (mentions: string[]) =>
      caseEventStatement('case', 'author', { ...event, mentions }, 'd'.repeat(43));
    expect(JSON.parse(statement(['a', 'b'])).at(-1)).toEqual(['mentions', ['a', 'b']]);
    expect(statement(['a', 'b'])).not.toBe(statement(['b', 'a']));
    expect(statement(['a'])).not.toBe(statement(['a', 'b']));
    expect(statement([])).not.toBe(caseEventStatement('case', 'author', event, 'd'.repeat(43)));
  });

  it('binds a verification step last, leaving events without one as they were', () => {
    const statement = (verification: Parameters<typeof caseEventStatement>[2]['verification']) =>
      caseEventStatement('case', 'author', { ...event, verification }, 'd'.repeat(43));
    expect(statement(undefined)).toBe(caseEventStatement('case', 'author', event, 'd'.repeat(43)));
    expect(JSON.parse(statement({ step: 'confirm', proposalSeq: 4 })).at(-1)).toEqual([
      'verification',
      ['confirm', 4],
    ]);
    expect(statement({ step: 'confirm', proposalSeq: 4 })).not.toBe(
      statement({ step: 'confirm', proposalSeq: 5 }),
    );
    expect(statement({ step: 'record', outcome: 'unverified' })).not.toBe(
      statement({ step: 'record', outcome: 'suspected_infiltrator' }),
    );
    expect(statement({ step: 'propose' })).not.toBe(statement({ step: 'override' }));
  });
});
