import {
  type VocabularyEdit,
  type VocabularyKind,
  type VocabularyTerm,
  vocabularyKinds,
} from '@corridor/protocol';
import { type MemberSession, saveVocabulary, VocabularyInputError } from '@corridor/vault';
import type { TFunction } from 'i18next';
import { type FormEvent, Fragment, type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../auth/error-message.ts';
import { ErrorAlert } from '../auth/form-parts.tsx';
import { useDirectory } from '../cases/use-case-data.ts';
import { useVocabularyStore } from './use-vocabulary-store.ts';
import { flattenTree, type TermNode, vocabularyTree } from './vocabulary-tree.ts';

/** Codes this page explains itself; anything else is the app's general message. */
const ownErrors = new Set([
  'duplicate_term',
  'unknown_parent',
  'unknown_term',
  'retired_term',
  'cycle',
  'too_deep',
  'too_many_terms',
  'invalid_edit',
  'too_large',
  'no_vocabulary_team',
  'not_in_vocabulary_team',
  'record_has_problem',
  'conflict',
  'forbidden',
  'not_found',
]);

function saveError(t: TFunction, error: unknown): string {
  const code = (error as { code?: string }).code ?? '';
  if (!ownErrors.has(code)) return errorMessage(t, error);
  const term = error instanceof VocabularyInputError ? error.termId : '';
  return t(`vocabularies.errors.${code}`, { term });
}

/** A form field's trimmed text, or undefined when left empty. */
const text = (form: FormData, name: string): string | undefined => {
  const value = String(form.get(name) ?? '').trim();
  return value === '' ? undefined : value;
};

/**
 * The organisation's vocabularies as trees with their English and Russian labels, and,
 * for the vocabulary team's documentation members, forms to add a term, relabel, retire,
 * restore and move one. Everything is opened and sealed in this browser: the server keeps
 * only ciphertext.
 */
export function VocabulariesPage({ session }: { session: MemberSession }) {
  const { t, i18n } = useTranslation();
  const { store, error: loadError, reload } = useVocabularyStore(session);
  const directory = useDirectory(session);
  const [kind, setKind] = useState<VocabularyKind>('places');
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (loadError) return <ErrorAlert message={errorMessage(t, loadError)} />;
  if (!store) return <p role="status">{t('vocabularies.loading')}</p>;

  const current = store.vocabularies[kind];
  const tree = vocabularyTree(current.vocabulary);
  const terms = flattenTree(tree);
  const canEdit = store.member && session.account.roles.includes('documentation');
  const teamName = directory?.find((team) => team.id === store.teamId)?.name ?? '…';
  const language = i18n.language.startsWith('ru') ? 'ru' : 'en';
  const kindName = t(`vocabularies.kinds.${kind}`);

  async function apply(edit: VocabularyEdit, form: HTMLFormElement) {
    setBusy(true);
    setError(null);
    setStatus(null);
    try {
      const saved = await saveVocabulary(session, kind, [edit], {
        expectedVersion: current.recordVersion,
        overProblem: current.problem !== null,
      });
      form.reset();
      setStatus(t('vocabularies.done', { kind: kindName, version: saved.version }));
    } catch (caught) {
      setError(saveError(t, caught));
    } finally {
      await reload();
      setBusy(false);
    }
  }

  const submit =
    (edit: (form: FormData, submitter: string | null) => VocabularyEdit | null) =>
    (event: FormEvent<HTMLFormElement>) => {
      event.preventDefault();
      const element = event.currentTarget;
      const submitter = (event.nativeEvent as SubmitEvent).submitter?.getAttribute('value') ?? null;
      const made = edit(new FormData(element), submitter);
      if (made === null) {
        setError(t('vocabularies.errors.invalid_edit'));
        return;
      }
      void apply(made, element);
    };

  const termOption = ({ term, depth }: { term: VocabularyTerm; depth: number }) => (
    <option key={term.id} value={term.id}>
      {`${'\u00a0\u00a0'.repeat(depth)}${term.labels[language]} (${term.id})${
        term.retired ? ` — ${t('vocabularies.retired')}` : ''
      }`}
    </option>
  );
  const termSelect = (name: string, label: string, withTop: boolean) => (
    <label>
      {label}
      {/* Not `required` with the top level: its empty value would count as no choice. */}
      <select name={name} required={!withTop} defaultValue={withTop ? '' : terms[0]?.term.id}>
        {withTop && <option value="">{t('vocabularies.topLevel')}</option>}
        {terms.map(termOption)}
      </select>
    </label>
  );
  const parentOf = (form: FormData, name: string) => text(form, name) ?? null;

  return (
    <section aria-labelledby="vocabularies-heading">
      <h1 id="vocabularies-heading">{t('vocabularies.heading')}</h1>
      <p>{t('vocabularies.intro')}</p>
      {store.teamId === null ? (
        <p className="notice">{t('vocabularies.noTeam')}</p>
      ) : !store.member ? (
        <p className="notice">{t('vocabularies.notMember')}</p>
      ) : (
        <p>
          {t('vocabularies.team', { team: teamName })} {!canEdit && t('vocabularies.readOnly')}
        </p>
      )}
      <ErrorAlert message={error} />
      <p role="status">{status}</p>

      {/* A form only for the fields' look: choosing a vocabulary sends nothing. */}
      <form className="filters" onSubmit={(event) => event.preventDefault()}>
        <label>
          {t('vocabularies.kindLabel')}
          <select
            value={kind}
            onChange={(event) => {
              setKind(event.target.value as VocabularyKind);
              setError(null);
              setStatus(null);
            }}
          >
            {vocabularyKinds.map((k) => (
              <option key={k} value={k}>
                {t(`vocabularies.kinds.${k}`)}
              </option>
            ))}
          </select>
        </label>
      </form>

      <section aria-labelledby="vocabulary-tree-heading" className="panel">
        <h2 id="vocabulary-tree-heading">{t('vocabularies.treeHeading', { kind: kindName })}</h2>
        <p className="hint">
          {current.recordVersion === 0
            ? t('vocabularies.builtIn')
            : t('vocabularies.saved', {
                version: current.recordVersion,
                when: current.updatedAt
                  ? new Date(current.updatedAt).toLocaleString(i18n.language)
                  : '',
              })}{' '}
          {t('vocabularies.termCount', { count: current.vocabulary.terms.length })}
        </p>
        {current.problem && (
          <p role="alert" className="warning">
            {t(`vocabularies.problems.${current.problem}`)}{' '}
            {canEdit && t('vocabularies.problemReplace')}
          </p>
        )}
        <TermTree nodes={tree} language={language} retiredLabel={t('vocabularies.retired')} />
      </section>

      {canEdit && (
        // Keyed by vocabulary, so switching to another leaves no half-typed term behind.
        <Fragment key={kind}>
          <section aria-labelledby="vocabulary-add-heading" className="panel">
            <h2 id="vocabulary-add-heading">{t('vocabularies.addHeading')}</h2>
            <form
              onSubmit={submit((form) => {
                const id = text(form, 'id');
                const en = text(form, 'en');
                const ru = text(form, 'ru');
                if (!id || !en || !ru) return null;
                return { op: 'add', id, parent: parentOf(form, 'parent'), labels: { en, ru } };
              })}
            >
              <label>
                {t('vocabularies.idLabel')}
                <input
                  name="id"
                  required
                  maxLength={64}
                  pattern="[a-z0-9]+([_\-][a-z0-9]+)*"
                  autoComplete="off"
                  spellCheck={false}
                />
              </label>
              {termSelect('parent', t('vocabularies.parentLabel'), true)}
              <label>
                {t('vocabularies.labelEn')}
                <input name="en" lang="en" required maxLength={160} autoComplete="off" />
              </label>
              <label>
                {t('vocabularies.labelRu')}
                <input name="ru" lang="ru" required maxLength={160} autoComplete="off" />
              </label>
              <button type="submit" disabled={busy}>
                {t('vocabularies.add')}
              </button>
            </form>
          </section>

          <section aria-labelledby="vocabulary-relabel-heading" className="panel">
            <h2 id="vocabulary-relabel-heading">{t('vocabularies.relabelHeading')}</h2>
            <p className="hint">{t('vocabularies.relabelHint')}</p>
            <form
              onSubmit={submit((form) => {
                const id = text(form, 'term');
                const en = text(form, 'en');
                const ru = text(form, 'ru');
                if (!id || (!en && !ru)) return null;
                return {
                  op: 'relabel',
                  id,
                  labels: { ...(en ? { en } : {}), ...(ru ? { ru } : {}) },
                };
              })}
            >
              {termSelect('term', t('vocabularies.termLabel'), false)}
              <label>
                {t('vocabularies.labelEn')}
                <input name="en" lang="en" maxLength={160} autoComplete="off" />
              </label>
              <label>
                {t('vocabularies.labelRu')}
                <input name="ru" lang="ru" maxLength={160} autoComplete="off" />
              </label>
              <button type="submit" disabled={busy}>
                {t('vocabularies.relabel')}
              </button>
            </form>
          </section>

          <section aria-labelledby="vocabulary-retire-heading" className="panel">
            <h2 id="vocabulary-retire-heading">{t('vocabularies.retireHeading')}</h2>
            <p className="hint">{t('vocabularies.retireHint')}</p>
            <form
              className="inline-form"
              onSubmit={submit((form, submitter) => {
                const id = text(form, 'term');
                if (!id) return null;
                return submitter === 'restore' ? { op: 'restore', id } : { op: 'retire', id };
              })}
            >
              {termSelect('term', t('vocabularies.termLabel'), false)}
              <button type="submit" value="retire" disabled={busy}>
                {t('vocabularies.retire')}
              </button>
              <button type="submit" value="restore" disabled={busy}>
                {t('vocabularies.restore')}
              </button>
            </form>
          </section>

          <section aria-labelledby="vocabulary-move-heading" className="panel">
            <h2 id="vocabulary-move-heading">{t('vocabularies.moveHeading')}</h2>
            <form
              onSubmit={submit((form) => {
                const id = text(form, 'term');
                if (!id) return null;
                return { op: 'move', id, parent: parentOf(form, 'parent') };
              })}
            >
              {termSelect('term', t('vocabularies.termLabel'), false)}
              {termSelect('parent', t('vocabularies.newParentLabel'), true)}
              <button type="submit" disabled={busy}>
                {t('vocabularies.move')}
              </button>
            </form>
          </section>
        </Fragment>
      )}
    </section>
  );
}

/**
 * The terms as nested lists: the label in the page's language first, the other after it,
 * each marked with its language, and the id.
 */
function TermTree({
  nodes,
  language,
  retiredLabel,
}: {
  nodes: readonly TermNode[];
  language: 'en' | 'ru';
  retiredLabel: string;
}): ReactNode {
  if (nodes.length === 0) return null;
  const other = language === 'en' ? 'ru' : 'en';
  return (
    <ul>
      {nodes.map(({ term, children }) => (
        <li key={term.id} data-term={term.id}>
          <span lang={language}>{term.labels[language]}</span> ·{' '}
          <span lang={other} className="hint">
            {term.labels[other]}
          </span>{' '}
          <code className="hint">{term.id}</code>
          {term.retired && <strong className="warning"> — {retiredLabel}</strong>}
          <TermTree nodes={children} language={language} retiredLabel={retiredLabel} />
        </li>
      ))}
    </ul>
  );
}
