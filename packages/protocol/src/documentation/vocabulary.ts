import { z } from 'zod';

/**
 * Controlled vocabularies for violation coding, in the shape of the HURIDOCS Events
 * Standard Formats: Event → Acts (act type, method, detention place, verification status)
 * → Involvement (role, perpetrator type), and Testimony consent uses. A vocabulary is a
 * tree of terms with English and Russian labels. Coded acts keep a term's id for years,
 * so a term is never deleted once it may have been used: it is retired, which keeps old
 * codes readable and counted while new coding cannot pick it
 * (docs/decisions/0047-violation-vocabularies.md).
 *
 * Pure module: no I/O. The server never sees a vocabulary's use on an act (acts are
 * encrypted case data); the vault and reports do.
 */

/** Bounds, so a tampered or careless vocabulary cannot make a report walk forever. */
export const vocabularyLimits = {
  maxTerms: 2000,
  /** Levels from a root term (depth 1) down: group → act → variant leaves room to spare. */
  maxDepth: 6,
  maxIdLength: 64,
  maxLabelLength: 160,
  maxEditsPerMerge: 500,
} as const;

/** A stable id: lowercase ASCII words joined by `_` or `-`, never shown to people. */
export const TermIdSchema = z
  .string()
  .min(1)
  .max(vocabularyLimits.maxIdLength)
  .regex(/^[a-z0-9]+(?:[_-][a-z0-9]+)*$/, 'a lowercase slug');
export type TermId = z.infer<typeof TermIdSchema>;

/** A label people read: not blank, no surrounding spaces (they would split "same" labels). */
const LabelSchema = z
  .string()
  .min(1)
  .max(vocabularyLimits.maxLabelLength)
  .refine((label) => label.trim() === label && label.length > 0, 'no surrounding spaces');

export const TermLabelsSchema = z.object({ en: LabelSchema, ru: LabelSchema }).strict();
export type TermLabels = z.infer<typeof TermLabelsSchema>;

export const VocabularyTermSchema = z
  .object({
    id: TermIdSchema,
    /** The broader term, or null for a root. */
    parent: TermIdSchema.nullable(),
    labels: TermLabelsSchema,
    /** Retired terms stay so old codes resolve; new coding may not choose them. */
    retired: z.boolean(),
  })
  .strict();
export type VocabularyTerm = z.infer<typeof VocabularyTermSchema>;

/** What is structurally wrong with a list of terms. */
export type VocabularyProblemCode =
  | 'duplicate_term'
  | 'unknown_parent'
  | 'cycle'
  | 'too_deep'
  | 'too_many_terms';
export interface VocabularyProblem {
  code: VocabularyProblemCode;
  termId: string;
}

/**
 * The first structural problem of `terms`, or null: ids unique, every parent present,
 * no cycle, no branch deeper than `maxDepth`, no more than `maxTerms` terms. One rule
 * for the schema and for `mergeVocabulary`, so an edit cannot produce what a load refuses.
 */
export function vocabularyProblem(terms: readonly VocabularyTerm[]): VocabularyProblem | null {
  if (terms.length > vocabularyLimits.maxTerms) {
    return { code: 'too_many_terms', termId: terms[vocabularyLimits.maxTerms]?.id ?? '' };
  }
  const byId = new Map<string, VocabularyTerm>();
  for (const term of terms) {
    if (byId.has(term.id)) return { code: 'duplicate_term', termId: term.id };
    byId.set(term.id, term);
  }
  for (const term of terms) {
    if (term.parent !== null && !byId.has(term.parent)) {
      return { code: 'unknown_parent', termId: term.id };
    }
  }
  // Walk up from each term; with parents all present, a walk longer than the term count
  // has revisited a term, and depth is the number of steps to a root.
  for (const term of terms) {
    const seen = new Set<string>([term.id]);
    let depth = 1;
    let parent = term.parent;
    while (parent !== null) {
      if (seen.has(parent)) return { code: 'cycle', termId: term.id };
      seen.add(parent);
      depth += 1;
      parent = byId.get(parent)?.parent ?? null;
    }
    if (depth > vocabularyLimits.maxDepth) return { code: 'too_deep', termId: term.id };
  }
  return null;
}

/** The vocabularies violation coding uses; an organisation edits them, never removes one. */
export const vocabularyKinds = [
  'act_types',
  'methods',
  'perpetrator_types',
  'involvement_roles',
  'act_verification_statuses',
  'consent_uses',
  'places',
] as const;
export const VocabularyKindSchema = z.enum(vocabularyKinds);
export type VocabularyKind = z.infer<typeof VocabularyKindSchema>;

export const VocabularySchema = z
  .object({
    id: TermIdSchema,
    /** Raised by every merge, so a coded act can say which wording it was coded against. */
    version: z.number().int().min(1).max(1_000_000),
    terms: z.array(VocabularyTermSchema).max(vocabularyLimits.maxTerms),
  })
  .strict()
  .superRefine((vocabulary, context) => {
    const problem = vocabularyProblem(vocabulary.terms);
    if (problem !== null) {
      context.addIssue({
        code: 'custom',
        path: ['terms'],
        message: `${problem.code}: ${problem.termId}`,
        params: problem,
      });
    }
  });
export type Vocabulary = z.infer<typeof VocabularySchema>;

const findTerm = (vocabulary: Vocabulary, id: string): VocabularyTerm | undefined =>
  vocabulary.terms.find((term) => term.id === id);

/**
 * The term and its ancestors, root first (`['physical_integrity', 'torture']`), for
 * breadcrumbs and for grouping a report row under its parent. Empty for an unknown id.
 * Assumes a vocabulary that passed `VocabularySchema`; a cycle would still stop.
 */
export function termPath(vocabulary: Vocabulary, id: string): VocabularyTerm[] {
  const path: VocabularyTerm[] = [];
  const seen = new Set<string>();
  let term = findTerm(vocabulary, id);
  while (term !== undefined && !seen.has(term.id)) {
    seen.add(term.id);
    path.unshift(term);
    term = term.parent === null ? undefined : findTerm(vocabulary, term.parent);
  }
  return path;
}

/**
 * Ids of every term below `id` (not `id` itself), depth first in vocabulary order,
 * retired ones included: a report counting "deprivation of liberty" counts acts coded
 * with each narrower term, and acts coded before a term was retired still happened.
 * Empty for a leaf or an unknown id.
 */
export function descendants(vocabulary: Vocabulary, id: string): string[] {
  const children = new Map<string, string[]>();
  for (const term of vocabulary.terms) {
    if (term.parent === null) continue;
    const siblings = children.get(term.parent) ?? [];
    siblings.push(term.id);
    children.set(term.parent, siblings);
  }
  const found: string[] = [];
  const seen = new Set<string>([id]);
  const visit = (parent: string) => {
    for (const child of children.get(parent) ?? []) {
      if (seen.has(child)) continue;
      seen.add(child);
      found.push(child);
      visit(child);
    }
  };
  visit(id);
  return found;
}

export type TermCheck =
  | { ok: true; term: VocabularyTerm }
  | { ok: false; code: 'unknown_term' | 'retired_term'; termId: string };

/**
 * Whether new coding may use `id`: `unknown_term` if the vocabulary has no such term,
 * `retired_term` if it or an ancestor is retired — retiring a group retires its branch,
 * so an organisation can drop a whole grouping with one edit.
 */
export function checkTerm(vocabulary: Vocabulary, id: string): TermCheck {
  const path = termPath(vocabulary, id);
  const term = path.at(-1);
  if (term === undefined || term.id !== id) return { ok: false, code: 'unknown_term', termId: id };
  if (path.some((step) => step.retired)) return { ok: false, code: 'retired_term', termId: id };
  return { ok: true, term };
}

/** An organisation's change to a vocabulary. There is no delete: see `retire`. */
export const VocabularyEditSchema = z.discriminatedUnion('op', [
  z
    .object({
      op: z.literal('add'),
      id: TermIdSchema,
      parent: TermIdSchema.nullable(),
      labels: TermLabelsSchema,
    })
    .strict(),
  z
    .object({
      op: z.literal('relabel'),
      id: TermIdSchema,
      labels: z
        .object({ en: LabelSchema.optional(), ru: LabelSchema.optional() })
        .strict()
        .refine((labels) => labels.en !== undefined || labels.ru !== undefined, 'a label'),
    })
    .strict(),
  z.object({ op: z.literal('retire'), id: TermIdSchema }).strict(),
  /** Undo a retirement: the term was never gone, so nothing else changes. */
  z.object({ op: z.literal('restore'), id: TermIdSchema }).strict(),
  z.object({ op: z.literal('move'), id: TermIdSchema, parent: TermIdSchema.nullable() }).strict(),
]);
export type VocabularyEdit = z.infer<typeof VocabularyEditSchema>;

export const VocabularyEditsSchema = z
  .array(VocabularyEditSchema)
  .min(1)
  .max(vocabularyLimits.maxEditsPerMerge);

export type MergeRefusalCode =
  | VocabularyProblemCode
  | 'unknown_term'
  | 'retired_term'
  | 'invalid_edit';

export type MergeResult =
  | { ok: true; vocabulary: Vocabulary }
  | { ok: false; code: MergeRefusalCode; termId: string; editIndex: number };

/**
 * `base` with `edits` applied in order and its version raised by one — or the first
 * refusal, with the index of the edit refused; then nothing applies (all or nothing, as
 * a rejected request changes nothing). Refused: adding an id that exists (even retired:
 * ids are never reused for another meaning), editing an unknown term, placing a term
 * under a missing or retired parent, and a move that would make a cycle or a branch
 * too deep. `base` must have passed `VocabularySchema`; it is not changed.
 */
export function mergeVocabulary(base: Vocabulary, edits: readonly VocabularyEdit[]): MergeResult {
  const terms: VocabularyTerm[] = base.terms.map((term) => ({
    ...term,
    labels: { ...term.labels },
  }));
  const index = new Map(terms.map((term, position) => [term.id, position]));
  const refuse = (code: MergeRefusalCode, termId: string, editIndex: number): MergeResult => ({
    ok: false,
    code,
    termId,
    editIndex,
  });
  if (edits.length === 0 || edits.length > vocabularyLimits.maxEditsPerMerge) {
    return refuse('invalid_edit', '', 0);
  }

  for (const [editIndex, raw] of edits.entries()) {
    const parsed = VocabularyEditSchema.safeParse(raw);
    if (!parsed.success) return refuse('invalid_edit', raw?.id ?? '', editIndex);
    const edit = parsed.data;
    const position = index.get(edit.id);
    // The edited term first: a move of a term that does not exist is about that term.
    if (edit.op === 'add' && position !== undefined) {
      return refuse('duplicate_term', edit.id, editIndex);
    }
    if (edit.op !== 'add' && position === undefined) {
      return refuse('unknown_term', edit.id, editIndex);
    }
    if ('parent' in edit && edit.parent !== null) {
      const parentPosition = index.get(edit.parent);
      if (parentPosition === undefined) return refuse('unknown_parent', edit.id, editIndex);
      if (terms[parentPosition]?.retired) return refuse('retired_term', edit.parent, editIndex);
    }

    if (edit.op === 'add') {
      index.set(edit.id, terms.length);
      terms.push({ id: edit.id, parent: edit.parent, labels: { ...edit.labels }, retired: false });
    } else {
      const term = position === undefined ? undefined : terms[position];
      if (term === undefined) return refuse('unknown_term', edit.id, editIndex);
      if (edit.op === 'relabel') {
        term.labels = { ...term.labels, ...definedLabels(edit.labels) };
      } else if (edit.op === 'retire') {
        term.retired = true;
      } else if (edit.op === 'restore') {
        term.retired = false;
      } else {
        term.parent = edit.parent;
      }
    }

    const problem = vocabularyProblem(terms);
    if (problem !== null) return refuse(problem.code, problem.termId, editIndex);
  }

  return { ok: true, vocabulary: { id: base.id, version: base.version + 1, terms } };
}

const definedLabels = (labels: { en?: string | undefined; ru?: string | undefined }) => ({
  ...(labels.en === undefined ? {} : { en: labels.en }),
  ...(labels.ru === undefined ? {} : { ru: labels.ru }),
});

// ---------------------------------------------------------------------------------------
// Default vocabularies. Act types follow the HURIDOCS "type of act" tree, grouped by the
// right violated; the leaves are what the 2017–18 Chechnya reports describe (secret
// prisons, beatings and electric shocks, forced naming of others, phones searched for
// contacts, threats to relatives, bodies returned to families urged to "honour" kill).

const term = (id: string, parent: string | null, en: string, ru: string): VocabularyTerm => ({
  id,
  parent,
  labels: { en, ru },
  retired: false,
});

const actTypes: Vocabulary = {
  id: 'act_types',
  version: 1,
  terms: [
    term('deprivation_of_liberty', null, 'Deprivation of liberty', 'Лишение свободы'),
    term('abduction', 'deprivation_of_liberty', 'Abduction', 'Похищение'),
    term(
      'arbitrary_detention',
      'deprivation_of_liberty',
      'Arbitrary detention',
      'Произвольное задержание',
    ),
    term(
      'incommunicado_detention',
      'deprivation_of_liberty',
      'Incommunicado detention',
      'Содержание под стражей без связи с внешним миром',
    ),
    term(
      'secret_detention',
      'deprivation_of_liberty',
      'Detention in a secret place',
      'Содержание в тайном месте заключения',
    ),
    term(
      'enforced_disappearance',
      'deprivation_of_liberty',
      'Enforced disappearance',
      'Насильственное исчезновение',
    ),

    term(
      'physical_integrity',
      null,
      'Physical and mental integrity',
      'Физическая и психическая неприкосновенность',
    ),
    term('torture', 'physical_integrity', 'Torture', 'Пытки'),
    term(
      'ill_treatment',
      'physical_integrity',
      'Cruel, inhuman or degrading treatment',
      'Жестокое, бесчеловечное или унижающее достоинство обращение',
    ),
    term('sexual_violence', 'physical_integrity', 'Sexual violence', 'Сексуальное насилие'),
    term(
      'honour_based_violence',
      'physical_integrity',
      'Honour-based violence by family',
      'Насилие со стороны семьи «во имя чести»',
    ),

    term('life', null, 'Right to life', 'Право на жизнь'),
    term('killing', 'life', 'Killing', 'Убийство'),
    term('death_in_custody', 'killing', 'Death in custody', 'Смерть под стражей'),
    term(
      'honour_killing',
      'killing',
      'Honour killing by family',
      'Убийство «во имя чести», совершённое родственниками',
    ),
    term(
      'incitement_to_honour_killing',
      'life',
      'Incitement of relatives to kill',
      'Подстрекательство родственников к убийству',
    ),

    term('privacy', null, 'Privacy', 'Неприкосновенность частной жизни'),
    term(
      'forced_disclosure_of_identities',
      'privacy',
      "Forced disclosure of other people's identities",
      'Принуждение к раскрытию личных данных других людей',
    ),
    term(
      'seizure_of_phone_or_contacts',
      'privacy',
      'Seizure of phone or contacts',
      'Изъятие телефона или контактов',
    ),
    term(
      'forced_outing',
      'privacy',
      'Forced confession of sexual orientation or gender identity',
      'Принуждение к признанию сексуальной ориентации или гендерной идентичности',
    ),
    term(
      'outing_to_family',
      'privacy',
      'Disclosure to family or community',
      'Раскрытие сведений семье или окружению',
    ),
    term(
      'surveillance_and_home_visits',
      'privacy',
      'Surveillance and visits to the home',
      'Слежка и визиты по месту жительства',
    ),

    term('security_of_person', null, 'Security of person', 'Личная безопасность'),
    term('threats', 'security_of_person', 'Threats', 'Угрозы'),
    term(
      'threats_to_relatives',
      'threats',
      'Threats to partners or relatives',
      'Угрозы партнёрам или родственникам',
    ),
    term('extortion', 'security_of_person', 'Extortion', 'Вымогательство'),

    term('discrimination', null, 'Discrimination', 'Дискриминация'),
    term(
      'denial_of_work_or_education',
      'discrimination',
      'Denial of work or education',
      'Лишение доступа к работе или образованию',
    ),
  ],
};

/** How an act was carried out ("method of violence"), as survivors described it. */
const methods: Vocabulary = {
  id: 'methods',
  version: 1,
  terms: [
    term('physical_methods', null, 'Physical methods', 'Физические методы'),
    term('beating', 'physical_methods', 'Beating', 'Избиение'),
    term('flogging', 'beating', 'Flogging', 'Порка'),
    term('electric_shocks', 'physical_methods', 'Electric shocks', 'Удары электрическим током'),
    term(
      'deprivation_of_food_or_water',
      'physical_methods',
      'Deprivation of food or water',
      'Лишение пищи или воды',
    ),
    term('psychological_methods', null, 'Psychological methods', 'Психологические методы'),
    term('death_threats', 'psychological_methods', 'Threats to kill', 'Угрозы убийством'),
    term(
      'humiliation',
      'psychological_methods',
      'Humiliation and insults',
      'Унижения и оскорбления',
    ),
    term(
      'forced_confession',
      'psychological_methods',
      'Forced confession',
      'Принуждение к признанию',
    ),
  ],
};

const perpetratorTypes: Vocabulary = {
  id: 'perpetrator_types',
  version: 1,
  terms: [
    term('state_agents', null, 'State agents', 'Представители государства'),
    term('police', 'state_agents', 'Police', 'Полиция'),
    term('security_forces', 'state_agents', 'Security forces', 'Силовые структуры'),
    term('officials', 'state_agents', 'Officials', 'Должностные лица'),
    term('family', null, 'Family', 'Семья'),
    term('unknown', null, 'Unknown', 'Неизвестно'),
    term('other', null, 'Other', 'Другое'),
  ],
};

const involvementRoles: Vocabulary = {
  id: 'involvement_roles',
  version: 1,
  terms: [
    term('victim', null, 'Victim', 'Пострадавший'),
    term('perpetrator', null, 'Perpetrator', 'Исполнитель нарушения'),
    term('source', null, 'Source', 'Источник информации'),
    term('intervening_party', null, 'Intervening party', 'Вмешавшаяся сторона'),
  ],
};

/** As the UN monitoring mechanisms grade allegations; reports can keep only `verified`. */
const actVerificationStatuses: Vocabulary = {
  id: 'act_verification_statuses',
  version: 1,
  terms: [
    term('unverified', null, 'Unverified', 'Не проверено'),
    term('corroborated', null, 'Corroborated by a second source', 'Подтверждено вторым источником'),
    term('verified', null, 'Verified', 'Проверено'),
  ],
};

const consentUses: Vocabulary = {
  id: 'consent_uses',
  version: 1,
  terms: [
    term('internal_only', null, 'Internal use only', 'Только для внутреннего использования'),
    term('anonymised_statistics', null, 'Anonymised statistics', 'Обезличенная статистика'),
    term('anonymised_quotes', null, 'Anonymised quotes', 'Обезличенные цитаты'),
    term('named_publication', null, 'Publication with name', 'Публикация с указанием имени'),
    term(
      'sharing_with_named_bodies',
      null,
      'Sharing with named bodies',
      'Передача указанным организациям',
    ),
    term('united_nations', 'sharing_with_named_bodies', 'United Nations bodies', 'Органы ООН'),
    term('osce', 'sharing_with_named_bodies', 'OSCE', 'ОБСЕ'),
    term('courts', 'sharing_with_named_bodies', 'Courts', 'Суды'),
  ],
};

/**
 * Places of events and detention. The two sites first reported are terms of their own,
 * under their villages, so acts at a site count towards the village and the republic.
 */
const places: Vocabulary = {
  id: 'places',
  version: 1,
  terms: [
    term('russia', null, 'Russia', 'Россия'),
    term('chechnya', 'russia', 'Chechen Republic', 'Чеченская Республика'),
    term('grozny', 'chechnya', 'Grozny', 'Грозный'),
    term('argun', 'chechnya', 'Argun', 'Аргун'),
    term('argun_detention_site', 'argun', 'Secret prison in Argun', 'Тайная тюрьма в Аргуне'),
    term('tsotsi_yurt', 'chechnya', 'Tsotsi-Yurt', 'Цоци-Юрт'),
    term(
      'tsotsi_yurt_detention_site',
      'tsotsi_yurt',
      'Secret prison in Tsotsi-Yurt',
      'Тайная тюрьма в Цоци-Юрте',
    ),
    term(
      'chechnya_unknown_detention_site',
      'chechnya',
      'Unidentified detention site in Chechnya',
      'Неустановленное место содержания в Чечне',
    ),
    term('moscow', 'russia', 'Moscow', 'Москва'),
    term('saint_petersburg', 'russia', 'Saint Petersburg', 'Санкт-Петербург'),
    term('belarus', null, 'Belarus', 'Беларусь'),
    term('unknown_place', null, 'Unknown place', 'Место неизвестно'),
  ],
};

/** The vocabularies a new organisation starts from, version 1 each. */
export const defaultVocabularies: Readonly<Record<VocabularyKind, Vocabulary>> = {
  act_types: actTypes,
  methods,
  perpetrator_types: perpetratorTypes,
  involvement_roles: involvementRoles,
  act_verification_statuses: actVerificationStatuses,
  consent_uses: consentUses,
  places,
};
