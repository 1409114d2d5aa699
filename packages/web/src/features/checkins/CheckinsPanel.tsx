import {
  type CaseCheckin,
  type CaseMember,
  type CaseView,
  CheckinInputError,
  type CheckinPurpose,
  type CheckinState,
  cancelCheckin,
  caseCheckins,
  type DirectoryTeam,
  type LadderStep,
  listCaseMembers,
  loadCheckinStates,
  type MemberSession,
  recordCheckin,
  scheduleCheckin,
} from '@corridor/vault';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApplyChange as Apply } from '../cases/case-panel.ts';
import { useDirectory } from '../cases/use-case-data.ts';
import { fromLocalInput } from '../evacuation/local-time.ts';

/** A leg or follow-up a check-in may belong to. */
export interface CheckinRef {
  readonly id: string;
  readonly label: string;
  /** An arrived or cancelled leg: it names its check-ins, but takes no new one. */
  readonly finished?: boolean;
}

const rungs = [0, 1, 2] as const;
/** How often the server's states are asked for while the case is open. */
const statesPollMs = 15_000;

/**
 * The case's safe-arrival check-ins (in `location`): each with its status as the signed
 * events say and as the server keeps it (missed, late, the evacuee's own check-in by
 * word, the alarm's rung), buttons to record one safe or under duress or cancel it, and a
 * form to schedule one with a ladder of up to three rungs and optional words.
 */
export function CheckinsPanel({
  session,
  view,
  apply,
  busy,
  refs,
}: {
  session: MemberSession;
  view: CaseView;
  apply: Apply;
  busy: boolean;
  refs: readonly CheckinRef[];
}) {
  const { t, i18n } = useTranslation();
  const [states, setStates] = useState<CheckinState[]>([]);
  const [members, setMembers] = useState<CaseMember[]>([]);
  const [inputError, setInputError] = useState<string | null>(null);
  const directory = useDirectory(session);
  const caseId = view.summary.id;
  const holdsLocation = view.summary.compartments.includes('location');
  const version = view.summary.version;

  useEffect(() => {
    if (!holdsLocation) return;
    listCaseMembers(session, caseId).then(setMembers, () => setMembers([]));
  }, [session, caseId, holdsLocation]);
  useEffect(() => {
    if (!holdsLocation || version < 1) return;
    const load = () => loadCheckinStates(session, caseId).then(setStates, () => undefined);
    void load();
    // The server moves a check-in on by itself (missed, escalated, the evacuee's word).
    const timer = window.setInterval(() => void load(), statesPollMs);
    return () => window.clearInterval(timer);
  }, [session, caseId, holdsLocation, version]);

  if (!holdsLocation) return null;
  const checkins = caseCheckins(view);
  const time = (iso: string) =>
    new Date(iso).toLocaleString(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });
  const refLabel = (ref: string | null) =>
    ref === null ? t('checkins.general') : (refs.find((r) => r.id === ref)?.label ?? ref);

  function statusOf(checkin: CaseCheckin): string {
    const state = states.find((s) => s.id === checkin.id);
    if (!state) return t(`checkins.status.${checkin.status}`);
    let text = t(`checkins.status.${state.status}`);
    if (state.alarm && !state.alarm.resolvedAt) {
      text += ` · ${t('checkins.alarmRung', { number: state.alarm.rung + 1 })}`;
      if (state.alarm.acknowledgedAt) text += ` · ${t('checkins.alarmAcknowledged')}`;
    }
    return text;
  }
  const isOpen = (checkin: CaseCheckin) => {
    const state = states.find((s) => s.id === checkin.id);
    return (
      checkin.status === 'scheduled' && (!state || ['pending', 'missed'].includes(state.status))
    );
  };

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    const ladder: LadderStep[] = [];
    for (const rung of rungs) {
      const accountIds = form.getAll(`rung${rung}-members`).map(String);
      const teamIds = form.getAll(`rung${rung}-teams`).map(String);
      if (accountIds.length + teamIds.length === 0) continue;
      ladder.push({ afterMinutes: Number(text(`rung${rung}-after`) || 0), accountIds, teamIds });
    }
    setInputError(null);
    if (ladder.some((s, i) => i > 0 && s.afterMinutes <= (ladder[i - 1]?.afterMinutes ?? -1))) {
      setInputError(t('checkins.errors.ladder_order'));
      return;
    }
    const safe = text('safeWord');
    const duress = text('duressWord');
    const dueAt = fromLocalInput(text('dueAt'));
    if (!dueAt) {
      setInputError(t('checkins.errors.due_invalid'));
      return;
    }
    if (ladder.length === 0) {
      setInputError(t('checkins.errors.ladder_empty'));
      return;
    }
    if ((safe === '') !== (duress === '')) {
      setInputError(t('checkins.errors.words_empty'));
      return;
    }
    const ref = text('ref');
    const input = {
      ref: ref === '' ? null : ref,
      note: text('note'),
      purpose: text('purpose') as CheckinPurpose,
      dueAt,
      graceMinutes: Number(text('grace') || 0),
      ladder,
      conversationId: text('conversation') || null,
      words: safe ? { safe, duress } : null,
    };
    void apply(async (v) => {
      try {
        await scheduleCheckin(session, v, input);
      } catch (caught) {
        if (caught instanceof CheckinInputError) {
          setInputError(t(`checkins.errors.${caught.code}`));
        }
        throw caught;
      }
    }, t('checkins.scheduled')).then(() => formElement.reset());
  }

  return (
    <section aria-labelledby="checkins-heading" className="panel">
      <h2 id="checkins-heading">{t('checkins.heading')}</h2>
      <p className="hint">{t('checkins.intro')}</p>
      {checkins.length === 0 ? (
        <p>{t('checkins.none')}</p>
      ) : (
        <table>
          <caption className="visually-hidden">{t('checkins.list')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('checkins.due')}</th>
              <th scope="col">{t('checkins.belongsTo')}</th>
              <th scope="col">{t('checkins.purposeLabel')}</th>
              <th scope="col">{t('checkins.statusLabel')}</th>
              <th scope="col">{t('checkins.note')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('checkins.schedule')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {checkins.map((c) => (
              <tr key={c.id} data-testid="checkin-row">
                <td>
                  <time dateTime={c.dueAt}>{time(c.dueAt)}</time>
                  <br />
                  <span className="hint">
                    {t('checkins.graceValue', { count: c.graceMinutes })}
                  </span>
                </td>
                <td>{refLabel(c.ref)}</td>
                <td>
                  {t(`checkins.purpose.${c.purpose}`)}
                  {c.hasWords && (
                    <>
                      <br />
                      <span className="hint">{t('checkins.words')}</span>
                    </>
                  )}
                </td>
                <td data-testid="checkin-status">{statusOf(c)}</td>
                <td className="prewrap">{c.note}</td>
                <td>
                  {isOpen(c) && (
                    <>
                      <button
                        type="button"
                        disabled={busy}
                        aria-label={t('checkins.recordSafeLabel', { due: time(c.dueAt) })}
                        onClick={() =>
                          void apply(
                            (v) => recordCheckin(session, v, c.id, 'safe'),
                            t('checkins.recorded'),
                          )
                        }
                      >
                        {t('checkins.recordSafe')}
                      </button>{' '}
                      <button
                        type="button"
                        disabled={busy}
                        aria-label={t('checkins.recordDuressLabel', { due: time(c.dueAt) })}
                        onClick={() =>
                          void apply(
                            (v) => recordCheckin(session, v, c.id, 'duress'),
                            t('checkins.recorded'),
                          )
                        }
                      >
                        {t('checkins.recordDuress')}
                      </button>{' '}
                      <button
                        type="button"
                        disabled={busy}
                        aria-label={t('checkins.cancelLabel', { due: time(c.dueAt) })}
                        onClick={() =>
                          void apply(
                            (v) => cancelCheckin(session, v, c.id),
                            t('checkins.cancelled'),
                          )
                        }
                      >
                        {t('checkins.cancel')}
                      </button>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <form onSubmit={submit} aria-labelledby="checkin-form-heading">
        <h3 id="checkin-form-heading">{t('checkins.scheduleHeading')}</h3>
        {inputError && (
          <p role="alert" className="error">
            {inputError}
          </p>
        )}
        <div className="inline-form">
          <label>
            {t('checkins.belongsTo')}
            <select name="ref" defaultValue="">
              <option value="">{t('checkins.general')}</option>
              {refs
                .filter((r) => !r.finished)
                .map((r) => (
                  <option key={r.id} value={r.id}>
                    {r.label}
                  </option>
                ))}
            </select>
          </label>
          <label>
            {t('checkins.purposeLabel')}
            <select name="purpose" defaultValue="arrival">
              <option value="arrival">{t('checkins.purpose.arrival')}</option>
              <option value="follow_up">{t('checkins.purpose.follow_up')}</option>
            </select>
          </label>
          <label>
            {t('checkins.due')}
            <input name="dueAt" type="datetime-local" required />
          </label>
          <label>
            {t('checkins.grace')}
            <input name="grace" type="number" min={0} max={1440} defaultValue={15} required />
          </label>
        </div>
        <fieldset>
          <legend>{t('checkins.ladderHeading')}</legend>
          <p className="hint">{t('checkins.ladderHint')}</p>
          {rungs.map((rung) => (
            <Rung
              key={rung}
              rung={rung}
              members={members}
              teams={directory ?? []}
              defaultAfter={rung * 30}
            />
          ))}
        </fieldset>
        <div className="inline-form">
          <label>
            {t('checkins.conversation')}
            <input name="conversation" maxLength={64} autoComplete="off" />
          </label>
          <label>
            {t('checkins.safeWord')}
            <input name="safeWord" maxLength={100} autoComplete="off" />
          </label>
          <label>
            {t('checkins.duressWord')}
            <input name="duressWord" maxLength={100} autoComplete="off" />
          </label>
        </div>
        <p className="hint">{t('checkins.wordsHint')}</p>
        <label>
          {t('checkins.note')}
          <textarea name="note" rows={2} maxLength={2000} />
        </label>
        <button type="submit" disabled={busy}>
          {t('checkins.schedule')}
        </button>
      </form>
    </section>
  );
}

/** One rung of the ladder: minutes after the alarm, and whom it alerts. */
function Rung({
  rung,
  members,
  teams,
  defaultAfter,
}: {
  rung: number;
  members: readonly CaseMember[];
  teams: readonly DirectoryTeam[];
  defaultAfter: number;
}) {
  const { t } = useTranslation();
  return (
    <fieldset className="inline-form" data-testid={`rung-${rung}`}>
      <legend>{t('checkins.rungLegend', { number: rung + 1 })}</legend>
      <label>
        {t('checkins.afterMinutes')}
        <input
          name={`rung${rung}-after`}
          type="number"
          min={0}
          max={10080}
          defaultValue={defaultAfter}
          readOnly={rung === 0}
        />
      </label>
      <label>
        {t('checkins.members')}
        <select name={`rung${rung}-members`} multiple size={3}>
          {members.map((m) => (
            <option key={m.accountId} value={m.accountId}>
              {m.handle}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('checkins.teams')}
        <select name={`rung${rung}-teams`} multiple size={3}>
          {teams.map((team) => (
            <option key={team.id} value={team.id}>
              {team.name}
            </option>
          ))}
        </select>
      </label>
    </fieldset>
  );
}
