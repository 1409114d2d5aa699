import {
  type CaseMember,
  type ChecklistItem,
  checklistKinds,
  checklistProgress,
  EvacuationInputError,
  type EvacuationLeg,
  evacuationPlan,
  type LegInput,
  type LegStatus,
  legTransitions,
  listCaseMembers,
  prepareLegStatus,
  preparePlan,
  saveEvacuationPlan,
  setLegStatus,
} from '@corridor/vault';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CasePanelProps } from '../cases/case-panel.ts';
import { formatMoney, toMajorText, toMinor } from '../funds/money.ts';
import { ChecklistForm } from './ChecklistForm.tsx';
import { fromLocalInput, toLocalInput } from './local-time.ts';

/** Legs being edited: a new one, or an existing one by id. */
type Editing = { kind: 'new' } | { kind: 'leg'; id: string } | null;

/**
 * The evacuation plan (encrypted in `location`): the legs as a numbered sequence with
 * times, transport, escort, status and the documents checklist; forms to add, edit and
 * remove legs; marking legs departed, arrived or cancelled, with an override and its
 * reason when a cross-border leg must leave with the checklist incomplete.
 */
export function EvacuationPanel({ session, view, apply, busy }: CasePanelProps) {
  const { t, i18n } = useTranslation();
  const [members, setMembers] = useState<CaseMember[]>([]);
  const [editing, setEditing] = useState<Editing>(null);
  const [inputError, setInputError] = useState<string | null>(null);
  /** The leg whose departure needs an override (its checklist is incomplete). */
  const [overrideFor, setOverrideFor] = useState<string | null>(null);
  const caseId = view.summary.id;
  const holdsLocation = view.summary.compartments.includes('location');

  useEffect(() => {
    if (!holdsLocation) return;
    listCaseMembers(session, caseId).then(setMembers, () => setMembers([]));
  }, [session, caseId, holdsLocation]);

  if (!holdsLocation) return null;
  const plan = evacuationPlan(view);
  const progress = checklistProgress(plan);
  const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString(i18n.language) : '');
  const handleOf = (id: string | null) =>
    id ? (members.find((m) => m.accountId === id)?.handle ?? '…') : '';
  const escorts = members.filter((m) => m.compartments.includes('location'));
  const inputs = (legs: readonly EvacuationLeg[]): LegInput[] => legs.map((leg) => ({ ...leg }));

  function refusal(caught: unknown): boolean {
    if (!(caught instanceof EvacuationInputError)) return false;
    const index = plan.legs.findIndex((l) => l.id === caught.legId);
    setInputError(
      t(`evacuation.errors.${caught.code}`, { leg: index >= 0 ? index + 1 : '' }).trim(),
    );
    return true;
  }

  function savePlan(legs: LegInput[], checklist: readonly ChecklistItem[], done: string) {
    setInputError(null);
    try {
      // Checked here first, so a bad plan is explained in this panel and nothing is sent.
      preparePlan(view, { legs, checklist });
    } catch (caught) {
      if (refusal(caught)) return Promise.resolve(false);
      throw caught;
    }
    return apply((v) => saveEvacuationPlan(session, v, { legs, checklist }), done).then(() => true);
  }

  function submitLeg(event: FormEvent<HTMLFormElement>, existing: EvacuationLeg | null) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    const currency = text('currency').toUpperCase();
    const amount = text('money');
    const minor = amount ? toMinor(amount, currency) : null;
    if (minor !== null && (Number.isNaN(minor) || !/^[A-Z]{3}$/.test(currency))) {
      setInputError(t('evacuation.errors.money'));
      return;
    }
    const leg: LegInput = {
      ...(existing ? { id: existing.id } : {}),
      from: text('from'),
      to: text('to'),
      transport: text('transport'),
      departureAt: fromLocalInput(text('departure')),
      arrivalAt: fromLocalInput(text('arrival')),
      escortId: text('escort') || null,
      coverStory: text('coverStory'),
      documents: text('documents'),
      money: minor === null ? null : { amountMinor: minor, currency },
      leavesCountry: form.get('leavesCountry') === 'on',
    };
    const legs = existing
      ? inputs(plan.legs).map((l) => (l.id === existing.id ? leg : l))
      : [...inputs(plan.legs), leg];
    void savePlan(legs, plan.checklist, t('evacuation.saved')).then((saved) => {
      if (saved) setEditing(null);
    });
  }

  function remove(leg: EvacuationLeg, index: number) {
    if (!window.confirm(t('evacuation.confirmRemove', { number: index + 1 }))) return;
    void savePlan(
      inputs(plan.legs.filter((l) => l.id !== leg.id)),
      plan.checklist,
      t('evacuation.removed'),
    );
  }

  function move(leg: EvacuationLeg, status: LegStatus, reason?: string) {
    setInputError(null);
    try {
      prepareLegStatus(view, session.account.id, leg.id, status, reason);
    } catch (caught) {
      if (caught instanceof EvacuationInputError && caught.code === 'checklist_incomplete') {
        setOverrideFor(leg.id);
      }
      if (refusal(caught)) return;
      throw caught;
    }
    void apply(
      (v) => setLegStatus(session, v, leg.id, status, reason),
      t('evacuation.statusSet', { status: t(`evacuation.status.${status}`) }),
    ).then(() => setOverrideFor(null));
  }

  function submitOverride(event: FormEvent<HTMLFormElement>, leg: EvacuationLeg) {
    event.preventDefault();
    const reason = String(new FormData(event.currentTarget).get('reason') ?? '').trim();
    if (!reason) {
      setInputError(t('evacuation.errors.reason_required'));
      return;
    }
    move(leg, 'departed', reason);
  }

  function legForm(existing: EvacuationLeg | null) {
    const prefix = existing ? `leg-${existing.id}` : 'leg-new';
    const field = (name: string) => `${prefix}-${name}`;
    return (
      <form onSubmit={(event) => submitLeg(event, existing)} aria-labelledby={field('title')}>
        <h3 id={field('title')}>{existing ? t('evacuation.editLeg') : t('evacuation.addLeg')}</h3>
        <label>
          {t('evacuation.from')}
          <input name="from" required maxLength={200} defaultValue={existing?.from} />
        </label>
        <label>
          {t('evacuation.to')}
          <input name="to" required maxLength={200} defaultValue={existing?.to} />
        </label>
        <label>
          {t('evacuation.transport')}
          <input name="transport" maxLength={200} defaultValue={existing?.transport} />
        </label>
        <label>
          {t('evacuation.departure')}
          <input
            name="departure"
            type="datetime-local"
            required
            defaultValue={existing ? toLocalInput(existing.departureAt) : ''}
          />
        </label>
        <label>
          {t('evacuation.arrival')}
          <input
            name="arrival"
            type="datetime-local"
            required
            defaultValue={existing ? toLocalInput(existing.arrivalAt) : ''}
          />
        </label>
        <label>
          {t('evacuation.escort')}
          <select name="escort" defaultValue={existing?.escortId ?? ''}>
            <option value="">{t('evacuation.noEscort')}</option>
            {escorts.map((m) => (
              <option key={m.accountId} value={m.accountId}>
                {m.handle}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('evacuation.coverStory')}
          <textarea
            name="coverStory"
            rows={2}
            maxLength={2000}
            defaultValue={existing?.coverStory}
          />
        </label>
        <label>
          {t('evacuation.documents')}
          <textarea name="documents" rows={2} maxLength={2000} defaultValue={existing?.documents} />
        </label>
        <div className="inline-form">
          <label>
            {t('evacuation.money')}
            <input
              name="money"
              inputMode="decimal"
              maxLength={20}
              defaultValue={
                existing?.money
                  ? toMajorText(existing.money.amountMinor, existing.money.currency)
                  : ''
              }
            />
          </label>
          <label>
            {t('evacuation.currency')}
            <input
              name="currency"
              maxLength={3}
              size={4}
              defaultValue={existing?.money?.currency ?? 'RUB'}
            />
          </label>
        </div>
        <label className="checkbox">
          <input
            type="checkbox"
            name="leavesCountry"
            defaultChecked={existing?.leavesCountry ?? false}
          />
          {t('evacuation.leavesCountry')}
        </label>
        <button type="submit" disabled={busy}>
          {t('evacuation.saveLeg')}
        </button>{' '}
        <button type="button" onClick={() => setEditing(null)}>
          {t('evacuation.cancelEdit')}
        </button>
      </form>
    );
  }

  return (
    <section aria-labelledby="evacuation-heading" className="panel">
      <h2 id="evacuation-heading">{t('evacuation.heading')}</h2>
      {plan.unreadable && (
        <p role="alert" className="warning">
          {t('evacuation.unreadable')}
        </p>
      )}
      {plan.problems.length > 0 && (
        <p role="alert" className="warning">
          {t('evacuation.planProblems')}
        </p>
      )}
      {inputError && (
        <p role="alert" className="error">
          {inputError}
        </p>
      )}
      {plan.legs.length === 0 && <p>{t('evacuation.noLegs')}</p>}
      <ol className="legs" aria-label={t('evacuation.legsLabel')}>
        {plan.legs.map((leg, index) => (
          <li key={leg.id} data-testid="evacuation-leg">
            <h3>
              {t('evacuation.legTitle', { number: index + 1, from: leg.from, to: leg.to })}
              {leg.leavesCountry && ` · ${t('evacuation.crossBorder')}`}
            </h3>
            <p>
              <strong data-testid="leg-status">{t(`evacuation.status.${leg.status}`)}</strong>
              {leg.statusBy &&
                ` · ${t('evacuation.statusBy', { handle: handleOf(leg.statusBy), when: when(leg.statusAt) })}`}
            </p>
            {plan.problems
              .filter((p) => p.legId === leg.id)
              .map((p) => (
                <p key={p.problem} className="warning" data-testid="leg-problem">
                  {t(`evacuation.legProblem.${p.problem}`)}
                </p>
              ))}
            {leg.override && (
              <p className="notice">
                {t('evacuation.overridden', {
                  handle: handleOf(leg.override.by),
                  when: when(leg.override.at),
                  reason: leg.override.reason,
                })}
              </p>
            )}
            <dl>
              <dt>{t('evacuation.times')}</dt>
              <dd>
                {when(leg.departureAt)} → {when(leg.arrivalAt)}
              </dd>
              {leg.transport && (
                <>
                  <dt>{t('evacuation.transport')}</dt>
                  <dd>{leg.transport}</dd>
                </>
              )}
              <dt>{t('evacuation.escort')}</dt>
              <dd>{leg.escortId ? handleOf(leg.escortId) : t('evacuation.noEscort')}</dd>
              {leg.coverStory && (
                <>
                  <dt>{t('evacuation.coverStory')}</dt>
                  <dd className="prewrap">{leg.coverStory}</dd>
                </>
              )}
              {leg.documents && (
                <>
                  <dt>{t('evacuation.documents')}</dt>
                  <dd className="prewrap">{leg.documents}</dd>
                </>
              )}
              {leg.money && (
                <>
                  <dt>{t('evacuation.money')}</dt>
                  <dd>{formatMoney(leg.money.amountMinor, leg.money.currency, i18n.language)}</dd>
                </>
              )}
              {leg.leavesCountry && (
                <>
                  <dt>{t('evacuation.checklistHeading')}</dt>
                  <dd>{t('evacuation.checklistProgress', progress)}</dd>
                </>
              )}
            </dl>
            <div className="inline-form">
              {legTransitions[leg.status].map((status) => (
                <button
                  key={status}
                  type="button"
                  disabled={busy}
                  onClick={() => move(leg, status)}
                >
                  {t(`evacuation.mark.${status}`, { number: index + 1 })}
                </button>
              ))}
              <button
                type="button"
                disabled={busy}
                onClick={() => setEditing({ kind: 'leg', id: leg.id })}
              >
                {t('evacuation.edit', { number: index + 1 })}
              </button>
              {leg.status === 'planned' && (
                <button type="button" disabled={busy} onClick={() => remove(leg, index)}>
                  {t('evacuation.remove', { number: index + 1 })}
                </button>
              )}
            </div>
            {overrideFor === leg.id &&
              leg.status === 'planned' &&
              progress.done < progress.required && (
                <form onSubmit={(event) => submitOverride(event, leg)}>
                  <label>
                    {t('evacuation.overrideReason')}
                    <textarea name="reason" rows={2} maxLength={2000} required />
                  </label>
                  <button type="submit" disabled={busy}>
                    {t('evacuation.departWithOverride', { number: index + 1 })}
                  </button>
                </form>
              )}
            {editing?.kind === 'leg' && editing.id === leg.id && legForm(leg)}
          </li>
        ))}
      </ol>
      {editing?.kind === 'new' ? (
        legForm(null)
      ) : (
        <button type="button" disabled={busy} onClick={() => setEditing({ kind: 'new' })}>
          {t('evacuation.addLeg')}
        </button>
      )}
      <ChecklistForm
        key={plan.seq ?? 0}
        checklist={plan.checklist}
        kinds={checklistKinds}
        busy={busy}
        onSave={(checklist) =>
          void savePlan(inputs(plan.legs), checklist, t('evacuation.checklistSaved'))
        }
      />
    </section>
  );
}
