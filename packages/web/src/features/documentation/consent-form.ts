import type { Consent, ConsentMethod } from '@corridor/vault';

/**
 * The consent a form states, or null when no use is ticked: a testimony recorded that
 * way is refused with `consent_required`, so the person is asked before anything is kept.
 * Fields: `consentUse` (one per ticked use), `givenOn`, `expiresOn`, `consentMethod`,
 * `consentNote`.
 */
export function readConsent(form: FormData): Consent | null {
  const uses = form.getAll('consentUse').map(String);
  if (uses.length === 0) return null;
  return {
    uses,
    givenOn: String(form.get('givenOn') ?? ''),
    expiresOn: String(form.get('expiresOn') ?? '') || null,
    method: String(form.get('consentMethod') ?? '') as ConsentMethod,
    note: String(form.get('consentNote') ?? '').trim(),
  };
}

/**
 * The consent after a withdrawal: only internal use stays (work on the case goes on;
 * nothing leaves the organisation), and the note says when, so the version history reads.
 */
export function withdrawnConsent(consent: Consent, remark: string): Consent {
  const note = [consent.note, remark].filter((line) => line !== '').join('\n');
  return { ...consent, uses: ['internal_only'], note: note.slice(0, 2_000) };
}
