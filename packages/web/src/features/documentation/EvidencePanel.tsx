import {
  captureEvidence,
  DocumentationInputError,
  type EvidenceItem,
  evidenceOf,
  exportEvidence,
  verifyEvidence,
  violationEventsOf,
} from '@corridor/vault';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../auth/form-parts.tsx';
import type { CasePanelProps } from '../cases/case-panel.ts';
import { useHandles } from '../cases/use-case-data.ts';
import { downloadFile } from '../shared/download-file.ts';
import { utcTime } from './dates.ts';
import { isRefusal, readCapture } from './evidence-form.ts';
import { inputErrorMessage } from './input-errors.ts';
import type { Vocabularies } from './use-vocabularies.ts';
import { termLabel, uiLanguage } from './vocabulary-choices.ts';

type CheckResult = 'intact' | 'altered' | 'unreadable';
/** The ways a copy leaves the original: each is logged with its hash in the custody trail. */
const handOvers = ['copied', 'exported', 'transferred'] as const;

/** The first characters of a hash: enough to tell two apart on the page. */
const shortHash = (sha256: string) => `${sha256.slice(0, 12)}…`;

/**
 * Evidence on the case (Berkeley Protocol): a file kept as it came, or a link, each with
 * its SHA-256 at capture, who captured it and when (UTC), from where and how, and the
 * acts it supports. Verify hashes the stored file again; every copy is logged in the
 * custody trail before its bytes are handed over.
 */
export function EvidencePanel({
  session,
  view,
  apply,
  busy,
  vocabularies,
}: CasePanelProps & { readonly vocabularies: Vocabularies }) {
  const { t, i18n } = useTranslation();
  const formId = useId();
  const handleOf = useHandles(session);
  const [kind, setKind] = useState<'file' | 'link'>('file');
  const [eventId, setEventId] = useState('');
  /** A refusal, and where it belongs: the capture form, or an item's copy form by id. */
  const [refusal, setRefusalState] = useState<{ at: string; message: string } | null>(null);
  if (!view.summary.compartments.includes('testimony')) return null;
  const items = evidenceOf(view);
  const events = violationEventsOf(view);
  const language = uiLanguage(i18n.language);
  const chosenEvent = events.find((event) => event.id === eventId) ?? null;
  const when = (iso: string) => utcTime(iso, i18n.language);
  const actName = (id: string, withEvent: boolean) => {
    for (const event of events) {
      const index = event.acts.findIndex((act) => act.id === id);
      const act = event.acts[index];
      if (act === undefined) continue;
      const name = t('documentation.violations.actRef', {
        n: index + 1,
        type: termLabel(vocabularies.act_types, act.type, language),
      });
      return withEvent ? `${event.title}: ${name}` : name;
    }
    return id;
  };

  const refusalAt = (at: string) => (refusal?.at === at ? refusal.message : null);

  function capture(event: FormEvent<HTMLFormElement>) {
    const setRefusal = (message: string | null) =>
      setRefusalState(message === null ? null : { at: 'capture', message });
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const checked = readCapture(form);
    setRefusal(null);
    if (isRefusal(checked)) {
      setRefusal(inputErrorMessage(t, checked));
      return;
    }
    void apply(
      async (latest) => {
        // Read again: a replay after a conflict needs the file's bytes afresh.
        const again = readCapture(form);
        if (isRefusal(again)) return;
        await refusedHere('capture', () => captureEvidence(session, latest, again));
        formElement.reset();
        setKind('file');
        setEventId('');
      },
      t('documentation.evidence.captured', { title: checked.title }),
    );
  }

  function verify(item: EvidenceItem) {
    void apply(
      async (latest) => {
        // The result is a signed custody entry: the reloaded case shows it as the last check.
        await verifyEvidence(session, latest, item.evidence.id);
      },
      t('documentation.evidence.verifiedStatus', { title: item.evidence.title }),
    );
  }

  function copy(item: EvidenceItem, formEvent: FormEvent<HTMLFormElement>) {
    formEvent.preventDefault();
    const setRefusal = (message: string | null) =>
      setRefusalState(message === null ? null : { at: item.evidence.id, message });
    const formElement = formEvent.currentTarget;
    const form = new FormData(formElement);
    const recipient = String(form.get('recipient') ?? '').trim();
    const chosen = String(form.get('action') ?? 'copied');
    const action = handOvers.find((a) => a === chosen) ?? 'copied';
    setRefusal(null);
    if (recipient === '') {
      setRefusal(inputErrorMessage(t, { code: 'text_required', path: 'recipient' }));
      return;
    }
    void apply(
      async (latest) => {
        const copied = await refusedHere(item.evidence.id, () =>
          exportEvidence(session, latest, item.evidence.id, action, recipient, ''),
        );
        downloadFile(copied.bytes as Uint8Array<ArrayBuffer>, copied.name, copied.type);
        formElement.reset();
      },
      t('documentation.evidence.copied', { title: item.evidence.title }),
    );
  }

  /**
   * Runs a vault call; a DocumentationInputError (an act no longer in the event, a file
   * that no longer matches its hash) is said here, naming the field, and still thrown so
   * the case page reports no success and the form keeps what was typed.
   */
  async function refusedHere<T>(at: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (caught) {
      if (caught instanceof DocumentationInputError) {
        setRefusalState({ at, message: inputErrorMessage(t, caught) });
      }
      throw caught;
    }
  }

  const checkText = (result: CheckResult | null) =>
    result === null
      ? t('documentation.evidence.notChecked')
      : t(`documentation.evidence.checks.${result}`);

  return (
    <section aria-labelledby="evidence-heading" className="panel">
      <h2 id="evidence-heading">{t('documentation.evidence.heading')}</h2>
      {items.length === 0 ? (
        <p>{t('documentation.evidence.none')}</p>
      ) : (
        <p>{t('documentation.evidence.count', { count: items.length })}</p>
      )}
      <ol className="notes">
        {items.map((item) => {
          const { evidence } = item;
          const result = item.lastCheck;
          const recipientId = `${formId}-recipient-${evidence.id}`;
          return (
            <li key={evidence.id}>
              <h3>{evidence.title}</h3>
              <dl>
                <dt>{t('documentation.evidence.kind')}</dt>
                <dd>{t(`documentation.evidence.kinds.${evidence.kind}`)}</dd>
                {evidence.url && (
                  <>
                    <dt>{t('documentation.fields.url')}</dt>
                    <dd className="prewrap">{evidence.url}</dd>
                  </>
                )}
                {item.attachment && (
                  <>
                    <dt>{t('documentation.fields.file')}</dt>
                    <dd>{item.attachment.name}</dd>
                  </>
                )}
                <dt>{t('documentation.fields.source')}</dt>
                <dd>{evidence.source}</dd>
                <dt>{t('documentation.fields.method')}</dt>
                <dd>{evidence.method}</dd>
                <dt>{t('documentation.evidence.capturedBy')}</dt>
                <dd>{handleOf(item.authorId)}</dd>
                <dt>{t('documentation.evidence.capturedAt')}</dt>
                <dd>{when(evidence.capturedAt)}</dd>
                <dt>SHA-256</dt>
                <dd>
                  <details>
                    <summary>
                      <code>{shortHash(evidence.sha256)}</code>{' '}
                      <span className="visually-hidden">
                        {t('documentation.evidence.showHash')}
                      </span>
                    </summary>
                    <code className="prewrap">{evidence.sha256}</code>
                  </details>
                </dd>
                {evidence.eventId && (
                  <>
                    <dt>{t('documentation.evidence.supports')}</dt>
                    <dd>
                      {evidence.actIds.length > 0
                        ? evidence.actIds.map((id) => actName(id, true)).join('; ')
                        : (events.find((e) => e.id === evidence.eventId)?.title ?? '—')}
                    </dd>
                  </>
                )}
                <dt>{t('documentation.evidence.lastCheck')}</dt>
                <dd className={result === 'altered' ? 'error' : undefined}>{checkText(result)}</dd>
              </dl>
              <button type="button" disabled={busy} onClick={() => verify(item)}>
                {t('documentation.evidence.verify', { title: evidence.title })}
              </button>
              {evidence.attachmentSeq === null && (
                <p className="hint">{t('documentation.evidence.linkCheckHint')}</p>
              )}
              {item.custody.length > 0 && (
                <table>
                  <caption>
                    {t('documentation.evidence.custodyOf', { title: evidence.title })}
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('documentation.evidence.action')}</th>
                      <th scope="col">{t('documentation.evidence.by')}</th>
                      <th scope="col">{t('documentation.evidence.when')}</th>
                      <th scope="col">SHA-256</th>
                      <th scope="col">{t('documentation.evidence.recipient')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {item.custody.map(({ entry, by, at, seq }) => (
                      <tr key={seq}>
                        <td>
                          {t(`documentation.evidence.actions.${entry.action}`)}
                          {entry.result &&
                            ` — ${t(`documentation.evidence.checks.${entry.result}`)}`}
                        </td>
                        <td>{handleOf(by)}</td>
                        <td>{when(at)}</td>
                        <td>
                          {entry.sha256 ? (
                            <code title={entry.sha256}>{shortHash(entry.sha256)}</code>
                          ) : (
                            '—'
                          )}
                        </td>
                        <td>{entry.recipient || '—'}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
              <ErrorAlert message={refusalAt(evidence.id)} />
              <form onSubmit={(e) => copy(item, e)} noValidate>
                <label>
                  {t('documentation.evidence.copyFor')}
                  <input
                    id={recipientId}
                    name="recipient"
                    maxLength={500}
                    autoComplete="off"
                    aria-describedby={`${recipientId}-hint`}
                  />
                </label>
                <label>
                  {t('documentation.evidence.handOver')}
                  <select name="action" defaultValue="copied">
                    {handOvers.map((a) => (
                      <option key={a} value={a}>
                        {t(`documentation.evidence.actions.${a}`)}
                      </option>
                    ))}
                  </select>
                </label>
                <p id={`${recipientId}-hint`} className="hint">
                  {t('documentation.evidence.copyHint')}
                </p>
                <button type="submit" disabled={busy}>
                  {t('documentation.evidence.downloadCopy', { title: evidence.title })}
                </button>
              </form>
            </li>
          );
        })}
      </ol>

      <form onSubmit={capture} aria-labelledby={`${formId}-heading`} noValidate>
        <h3 id={`${formId}-heading`}>{t('documentation.evidence.formHeading')}</h3>
        <ErrorAlert message={refusalAt('capture')} />
        <fieldset className="choices">
          <legend>{t('documentation.evidence.kind')}</legend>
          {(['file', 'link'] as const).map((choice) => (
            <label key={choice}>
              <input
                type="radio"
                name="kind"
                value={choice}
                checked={kind === choice}
                onChange={() => setKind(choice)}
              />
              {t(`documentation.evidence.kindChoices.${choice}`)}
            </label>
          ))}
        </fieldset>
        {kind === 'link' && (
          <label>
            {t('documentation.fields.url')}
            <input type="url" name="url" maxLength={2_000} autoComplete="off" />
          </label>
        )}
        <label>
          {kind === 'file'
            ? t('documentation.evidence.evidenceFile')
            : t('documentation.evidence.savedCopy')}
          <input type="file" name="file" aria-describedby={`${formId}-file-hint`} />
        </label>
        <p id={`${formId}-file-hint`} className="hint">
          {t('documentation.evidence.fileHint')}
        </p>
        <label>
          {t('documentation.fields.title')}
          <input name="title" maxLength={300} autoComplete="off" />
        </label>
        <label>
          {t('documentation.fields.source')}
          <input name="source" maxLength={500} autoComplete="off" />
        </label>
        <label>
          {t('documentation.fields.method')}
          <input name="method" maxLength={500} autoComplete="off" />
        </label>
        <label htmlFor={`${formId}-event`}>{t('documentation.fields.eventId')}</label>
        <select
          id={`${formId}-event`}
          name="eventId"
          value={eventId}
          onChange={(e) => setEventId(e.target.value)}
        >
          <option value="">{t('documentation.evidence.noEvent')}</option>
          {events.map((event) => (
            <option key={event.id} value={event.id}>
              {event.title}
            </option>
          ))}
        </select>
        {chosenEvent && (
          <fieldset className="choices">
            <legend>{t('documentation.evidence.actsSupported')}</legend>
            {chosenEvent.acts.map((act) => (
              <label key={act.id}>
                <input type="checkbox" name="actId" value={act.id} />
                {actName(act.id, false)}
              </label>
            ))}
          </fieldset>
        )}
        <button type="submit" disabled={busy}>
          {t('documentation.evidence.capture')}
        </button>
      </form>
    </section>
  );
}
