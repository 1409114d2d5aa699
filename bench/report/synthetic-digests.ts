// Synthetic documentation digests for bench:report: coded events shaped like the 2017–18
// caseload (detentions in the secret prisons, torture, a few killings), from a seeded
// PRNG so every run counts the same acts. Not for secrets: nothing here is one.
import { defaultVocabularies, type Vocabulary } from '@corridor/protocol';
import type { DocumentationDigest } from '@corridor/vault';

/** mulberry32: small, fast, seeded; the same seed gives the same caseload. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const leaves = (vocabulary: Vocabulary) =>
  vocabulary.terms
    .filter((term) => !vocabulary.terms.some((other) => other.parent === term.id))
    .map((term) => term.id);

const id = (prefix: string, n: number) => `${prefix}${n.toString(36).padStart(21, '0')}`.slice(-22);

/**
 * `acts` coded acts spread over cases of two events of two acts each (the last case may
 * hold fewer), dated 2017–2018, with a victim each and a perpetrator on most; one
 * testimony in ten gives no consent to anonymised statistics, a third of acts are not
 * verified, and a few records are broken (an unknown term, an act without a victim).
 */
export function syntheticDigests(acts: number, seed = 1): DocumentationDigest[] {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const actTypes = leaves(defaultVocabularies.act_types);
  const places = defaultVocabularies.places.terms.map((term) => term.id);
  const perpetrators = ['police', 'security_forces', 'family', 'unknown'];
  const statuses = ['verified', 'verified', 'corroborated', 'unverified'];
  const date = () => {
    const day = Math.floor(random() * 730);
    return new Date(Date.UTC(2017, 0, 1 + day)).toISOString().slice(0, 10);
  };
  const later = (start: string, days: number) =>
    new Date(Date.parse(start) + days * 86_400_000).toISOString().slice(0, 10);

  const digests: DocumentationDigest[] = [];
  let made = 0;
  for (let c = 0; made < acts; c++) {
    const caseId = id('case', c);
    const testimonyId = id('t', c);
    const consenting = random() >= 0.1;
    const events = [];
    for (let e = 0; e < 2 && made < acts; e++) {
      const eventId = id(`e${e}`, c);
      const subject = id(`s${e}`, c);
      const officer = id(`o${e}`, c);
      const start = date();
      const eventActs = [];
      const involvements = [];
      for (let a = 0; a < 2 && made < acts; a++, made++) {
        const actId = id(`a${e}${a}`, c);
        const type = made % 997 === 0 ? 'no_such_act' : pick(actTypes);
        const startDate = later(start, a);
        eventActs.push({
          id: actId,
          type,
          startDate,
          endDate: random() < 0.1 ? null : later(startDate, Math.floor(random() * 30)),
          methods: [],
          detentionPlace: random() < 0.5 ? pick(places) : null,
          verification: { status: pick(statuses), date: later(startDate, 40) },
        });
        if (made % 1009 !== 0) {
          involvements.push({ personId: subject, actId, role: 'victim', perpetratorType: null });
        }
        if (random() < 0.8) {
          involvements.push({
            personId: officer,
            actId,
            role: 'perpetrator',
            perpetratorType: pick(perpetrators),
          });
        }
      }
      events.push({
        id: eventId,
        title: `Event ${c}.${e}`,
        startDate: start,
        endDate: null,
        place: pick(places),
        sources: [testimonyId],
        acts: eventActs,
        persons: [
          { id: subject, label: 'Person', caseSubject: true },
          { id: officer, label: 'Officer', caseSubject: false },
        ],
        involvements,
        vocabularyVersions: { act_types: 1, places: 1 },
      });
    }
    const evacuatedOn = random() < 0.6 ? date() : null;
    const relocated = evacuatedOn !== null && random() < 0.7;
    digests.push({
      caseId,
      stage: relocated ? 'closed' : 'evacuation',
      closedReason: relocated ? 'relocated' : null,
      openedAt: `${date()}T00:00:00.000Z`,
      readsTestimony: true,
      testimonies: [
        {
          id: testimonyId,
          interviewDate: date(),
          language: 'ru',
          consent: {
            uses: consenting ? ['anonymised_statistics', 'united_nations'] : ['internal_only'],
            givenOn: '2017-06-01',
            expiresOn: null,
            method: 'written',
            note: '',
          },
        },
      ],
      events,
      evidence: [],
      outcomes: {
        evacuatedOn,
        relocatedOn: relocated && evacuatedOn !== null ? later(evacuatedOn, 30) : null,
        relocatedTo: relocated ? pick(['DE', 'CA', 'RU', 'FR']) : null,
      },
      spending: { byCategory: [], byMonth: [] },
      problems: [],
    });
  }
  return digests;
}
