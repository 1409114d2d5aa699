import {
  type CheckinState,
  checkRelocation,
  followUps,
  type LadderStep,
  loadCheckinStates,
  RelocationInputError,
  type RelocationRecord,
  type RelocationRoute,
  type RelocationStatus,
  relocation,
  relocationRoutes,
  relocationStatuses,
  saveRelocation,
  scheduleFollowUps,
} from '@corridor/vault';
import { type FormEvent, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CasePanelProps } from '../cases/case-panel.ts';
import { useKeyring } from '../cases/use-case-data.ts';

interface StepDraft {
  readonly key: number;
  title: string;
  dueDate: string;
  doneDate: string;
  documents: string;
  done: boolean;
}

type LadderChoice = 'me_then_team' | 'team_now';

let nextKey = 1;
const draftOf = (record: RelocationRecord | null): StepDraft[] =>
  (record?.steps ?? []).map((s) => ({
    key: nextKey++,
    title: s.title,
    dueDate: s.dueDate ?? '',
    doneDate: s.doneDate ?? '',
    documents: s.documents.join(', '),
    done: s.done,
  }));

/**
 * The relocation (encrypted in `location`): destination, route, steps, status, arrival
 * date, and the follow-ups at 30, 90 and 180 days after arrival, which this browser
 * schedules as check-ins when the arrival date is saved.
 */
export function RelocationPanel({ session, view, apply, busy }: CasePanelProps) {
  const { t, i18n } = useTranslation();
  const { ring } = useKeyring(session);
  const id = useId();
  const record = relocation(view);
  const [editing, setEditing] = useState(false);
  const [steps, setSteps] = useState<StepDraft[]>(() => draftOf(record));
  const [inputError, setInputError] = useState<string | null>(null);
  const [states, setStates] = useState<CheckinState[]>([]);
  const holdsLocation = view.summary.compartments.includes('location');
  const caseId = view.summary.id;
  const version = view.timeline.head.version;
  useEffect(() => {
    // The server's view adds what the signed events cannot say: missed, late, on time.
    if (!holdsLocation || version < 1) return;
    loadCheckinStates(session, caseId).then(setStates, () => setStates([]));
  }, [session, caseId, holdsLocation, version]);
  if (!holdsLocation) return null;
  const plans = followUps(view);
  const date = (value: string) =>
    value ? new Date(value).toLocaleDateString(i18n.language, { timeZone: 'UTC' }) : '';
  const teamIds = [
    ...new Set(view.access.filter((a) => a.compartment === 'location').map((a) => a.teamId)),
  ].slice(0, 5);

  function ladderFor(choice: LadderChoice): LadderStep[] | undefined {
    if (choice === 'team_now' && teamIds.length > 0) {
      return [{ afterMinutes: 0, accountIds: [], teamIds }];
    }
    return undefined; // the default: the coordinator, then the team an hour later
  }

  function startEditing() {
    setSteps(draftOf(record));
    setInputError(null);
    setEditing(true);
  }

  function setStep(key: number, change: Partial<StepDraft>) {
    setSteps((all) => all.map((s) => (s.key === key ? { ...s, ...change } : s)));
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const next: RelocationRecord = {
      destination: {
        country: String(form.get('country') ?? ''),
        city: String(form.get('city') ?? ''),
      },
      route: String(form.get('route')) as RelocationRoute,
      status: String(form.get('status')) as RelocationStatus,
      arrivalDate: String(form.get('arrivalDate') ?? '') || null,
      steps: steps.map((s) => ({
        title: s.title,
        dueDate: s.dueDate || null,
        doneDate: s.doneDate || null,
        documents: s.documents.split(','),
        done: s.done,
      })),
    };
    const ladder = ladderFor(String(form.get('ladder')) as LadderChoice);
    setInputError(null);
    try {
      checkRelocation(next);
    } catch (caught) {
      if (!(caught instanceof RelocationInputError)) throw caught;
      setInputError(
        t(`relocation.errors.${caught.code}`, {
          step: caught.step === null ? '' : caught.step + 1,
        }).trim(),
      );
      return;
    }
    void apply(async (v) => {
      await saveRelocation(session, v, next);
      setEditing(false);
      if (next.arrivalDate && ring) await scheduleFollowUps(session, ring, caseId, ladder);
    }, t('relocation.saved'));
  }

  return (
    <section aria-labelledby="relocation-heading" className="panel">
      <h2 id="relocation-heading">{t('relocation.heading')}</h2>
      {record ? (
        <dl>
          <dt>{t('relocation.destination')}</dt>
          <dd>
            {record.destination.country}
            {record.destination.city ? `, ${record.destination.city}` : ''}
          </dd>
          <dt>{t('relocation.route')}</dt>
          <dd>{t(`relocation.routes.${record.route}`)}</dd>
          <dt>{t('relocation.status')}</dt>
          <dd>{t(`relocation.statuses.${record.status}`)}</dd>
          <dt>{t('relocation.arrivalDate')}</dt>
          <dd>{record.arrivalDate ? date(record.arrivalDate) : t('relocation.notArrived')}</dd>
        </dl>
      ) : (
        <p>{t('relocation.none')}</p>
      )}
      {record && record.steps.length > 0 && (
        <>
          <h3>{t('relocation.steps')}</h3>
          <ol>
            {record.steps.map((step, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: steps have no id; their order is their identity.
              <li key={i}>
                {step.title}
                {step.done
                  ? ` — ${t('relocation.doneOn', { date: date(step.doneDate ?? '') })}`
                  : step.dueDate
                    ? ` — ${t('relocation.dueOn', { date: date(step.dueDate) })}`
                    : ''}
                {step.documents.length > 0 &&
                  ` (${t('relocation.documentsList', { list: step.documents.join(', ') })})`}
              </li>
            ))}
          </ol>
        </>
      )}
      {record?.arrivalDate && (
        <>
          <h3>{t('relocation.followUps')}</h3>
          <ul>
            {plans.map((f) => (
              <li key={f.days}>
                {t('relocation.followUpDay', { count: f.days })}: {date(f.dueAt)} —{' '}
                {t(
                  `relocation.followUpStates.${
                    (f.checkin && states.find((c) => c.id === f.checkin?.id)?.status) ??
                    f.checkin?.status ??
                    'none'
                  }`,
                )}
              </li>
            ))}
          </ul>
        </>
      )}
      {!editing && (
        <button type="button" onClick={startEditing} disabled={busy}>
          {record ? t('relocation.edit') : t('relocation.start')}
        </button>
      )}
      {editing && (
        <form onSubmit={submit} aria-labelledby="relocation-form-heading">
          <h3 id="relocation-form-heading">{t('relocation.formHeading')}</h3>
          {inputError && (
            <p role="alert" className="error">
              {inputError}
            </p>
          )}
          <label>
            {t('relocation.country')}
            <input
              name="country"
              required
              maxLength={2}
              pattern="[A-Za-z]{2}"
              defaultValue={record?.destination.country ?? ''}
              aria-describedby="relocation-country-hint"
            />
          </label>
          <p id="relocation-country-hint" className="hint">
            {t('relocation.countryHint')}
          </p>
          <label>
            {t('relocation.city')}
            <input name="city" maxLength={200} defaultValue={record?.destination.city ?? ''} />
          </label>
          <label htmlFor={`${id}-route`}>{t('relocation.route')}</label>
          <select id={`${id}-route`} name="route" defaultValue={record?.route ?? 'visa'}>
            {relocationRoutes.map((r) => (
              <option key={r} value={r}>
                {t(`relocation.routes.${r}`)}
              </option>
            ))}
          </select>

          <label htmlFor={`${id}-status`}>{t('relocation.status')}</label>
          <select id={`${id}-status`} name="status" defaultValue={record?.status ?? 'planning'}>
            {relocationStatuses.map((s) => (
              <option key={s} value={s}>
                {t(`relocation.statuses.${s}`)}
              </option>
            ))}
          </select>

          <label>
            {t('relocation.arrivalDate')}
            <input type="date" name="arrivalDate" defaultValue={record?.arrivalDate ?? ''} />
          </label>
          <label htmlFor={`${id}-ladder`}>{t('relocation.ladder')}</label>
          <select id={`${id}-ladder`} name="ladder" defaultValue="me_then_team">
            <option value="me_then_team">{t('relocation.ladders.me_then_team')}</option>
            <option value="team_now">{t('relocation.ladders.team_now')}</option>
          </select>

          <fieldset>
            <legend>{t('relocation.steps')}</legend>
            {steps.map((step, i) => (
              <fieldset key={step.key}>
                <legend>{t('relocation.stepN', { n: i + 1 })}</legend>
                <label>
                  {t('relocation.stepTitle')}
                  <input
                    value={step.title}
                    maxLength={200}
                    onChange={(e) => setStep(step.key, { title: e.target.value })}
                  />
                </label>
                <label>
                  {t('relocation.stepDue')}
                  <input
                    type="date"
                    value={step.dueDate}
                    onChange={(e) => setStep(step.key, { dueDate: e.target.value })}
                  />
                </label>
                <label>
                  <input
                    type="checkbox"
                    checked={step.done}
                    onChange={(e) => setStep(step.key, { done: e.target.checked })}
                  />
                  {t('relocation.stepDone')}
                </label>
                <label>
                  {t('relocation.stepDoneDate')}
                  <input
                    type="date"
                    value={step.doneDate}
                    onChange={(e) => setStep(step.key, { doneDate: e.target.value })}
                  />
                </label>
                <label>
                  {t('relocation.stepDocuments')}
                  <input
                    value={step.documents}
                    maxLength={1000}
                    onChange={(e) => setStep(step.key, { documents: e.target.value })}
                  />
                </label>
                <button
                  type="button"
                  onClick={() => setSteps((all) => all.filter((s) => s.key !== step.key))}
                >
                  {t('relocation.removeStep', { n: i + 1 })}
                </button>
              </fieldset>
            ))}
            <button
              type="button"
              onClick={() =>
                setSteps((all) => [
                  ...all,
                  {
                    key: nextKey++,
                    title: '',
                    dueDate: '',
                    doneDate: '',
                    documents: '',
                    done: false,
                  },
                ])
              }
            >
              {t('relocation.addStep')}
            </button>
          </fieldset>
          <button type="submit" disabled={busy}>
            {t('relocation.save')}
          </button>
          <button type="button" onClick={() => setEditing(false)}>
            {t('relocation.cancel')}
          </button>
        </form>
      )}
    </section>
  );
}
