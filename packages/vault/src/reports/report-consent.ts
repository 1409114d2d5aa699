import type { DigestEvent, DigestTestimony } from '../documentation/documentation-digest-types.ts';
import { consentAllows } from '../documentation/testimonies.ts';
import type { Vocabularies } from '../documentation/vocabularies.ts';

/**
 * The consent rule of issue 8 over one digest: the ids of its testimonies that allow `use`
 * on `on` (`consentAllows`, the one rule the documentation core defines).
 */
export function allowingTestimonies(
  testimonies: readonly DigestTestimony[],
  use: string,
  on: string,
  vocabularies: Vocabularies,
): ReadonlySet<string> {
  const allowing = new Set<string>();
  for (const t of testimonies)
    if (consentAllows(t.consent, use, on, vocabularies)) allowing.add(t.id);
  return allowing;
}

/** An event may be used when one of its sources allows it; with no sources it may not. */
export function eventAllowed(event: DigestEvent, allowing: ReadonlySet<string>): boolean {
  for (const id of event.sources) if (allowing.has(id)) return true;
  return false;
}
