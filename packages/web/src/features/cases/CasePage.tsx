import {
  type ClosedReason,
  type Compartment,
  closedReasons,
  type Stage,
  stageTransitions,
} from '@corridor/protocol';
import {
  addNote,
  type CaseView,
  changeWorkflow,
  evacuationPlan,
  grantCaseAccess,
  type MemberSession,
  openCase,
  revokeCaseAccess,
  updateCompartment,
} from '@corridor/vault';
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../auth/error-message.ts';
import { ErrorAlert } from '../auth/form-parts.tsx';
import { CheckinsPanel } from '../checkins/CheckinsPanel.tsx';
import { DocumentationPanels } from '../documentation/DocumentationPanels.tsx';
import { EvacuationPanel } from '../evacuation/EvacuationPanel.tsx';
import { FundsPanel } from '../funds/FundsPanel.tsx';
import { MentionPicker } from '../mentions/MentionPicker.tsx';
import { useMentionable } from '../mentions/use-mentions.ts';
import { ReferralPanel } from '../referrals/ReferralPanel.tsx';
import { RelocationPanel } from '../relocation/RelocationPanel.tsx';
import { needsReauthentication, useSessionActions } from '../session/session-context.ts';
import { useShortcuts } from '../session/use-shortcuts.ts';
import { PlacementPanel } from '../shelters/PlacementPanel.tsx';
import { AttachmentsPanel } from './AttachmentsPanel.tsx';
import { CompartmentSelect } from './CompartmentSelect.tsx';
import { compartmentFields, fieldCompartments } from './case-fields.ts';
import { FieldInputs, readFields } from './FieldInputs.tsx';
import { TasksPanel } from './TasksPanel.tsx';
import { useDirectory, useHandles, useKeyring } from './use-case-data.ts';
import { VerificationPanel } from './VerificationPanel.tsx';

/** A change made against the view the member saw; replayed on a fresh view after a conflict. */
type Change = (view: CaseView) => Promise<unknown>;

const isConflict = (error: unknown) => (error as { code?: string }).code === 'conflict';

/**
 * One case: its workflow, the compartments the member's teams hold, notes, the
 * checked timeline and who can read what. Every change is signed and encrypted here.
 */
export function CasePage({ session, caseId }: { session: MemberSession; caseId: string }) {
  const { t, i18n } = useTranslation();
  const { ring } = useKeyring(session);
  const directory = useDirectory(session);
  const mentionable = useMentionable(session, caseId);
  const handleOf = useHandles(session);
  const { reauthenticate } = useSessionActions();
  const [view, setView] = useState<CaseView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [pending, setPending] = useState<Change | null>(null);
  const [editing, setEditing] = useState<Compartment | null>(null);
  const [busy, setBusy] = useState(false);
  useShortcuts({ m: () => document.getElementById('new-note')?.focus() });

  const reload = useCallback(async () => {
    if (!ring) return null;
    const fresh = await openCase(session, ring, caseId);
    setView(fresh);
    return fresh;
  }, [session, ring, caseId]);

  useEffect(() => {
    reload().catch((caught: unknown) => setError(errorMessage(t, caught)));
  }, [reload, t]);

  async function apply(change: Change, done: string, on: CaseView | null = view) {
    if (!on) return;
    setBusy(true);
    setError(null);
    setStatus(null);
    try {
      await change(on);
      setPending(null);
      setEditing(null);
      await reload();
      setStatus(done);
    } catch (caught) {
      if (isConflict(caught)) setPending(() => change);
      else if (needsReauthentication(caught)) reauthenticate();
      else setError(errorMessage(t, caught));
    } finally {
      setBusy(false);
    }
  }

  async function reapply() {
    if (!pending) return;
    const fresh = await reload();
    await apply(pending, t('case.reapplied'), fresh);
  }

  if (!view) {
    return (
      <section aria-labelledby="case-heading">
        <h1 id="case-heading">{t('case.loading')}</h1>
        <ErrorAlert message={error} />
      </section>
    );
  }

  const { summary } = view;
  const holds = (compartment: Compartment) => summary.compartments.includes(compartment);
  const when = (iso: string) => new Date(iso).toLocaleString(i18n.language);

  function submitNote(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const text = String(form.get('note') ?? '').trim();
    const mentions = form.getAll('mention').map(String);
    if (!text) return;
    void apply((v) => addNote(session, v, text, { mentions }), t('case.noteAdded')).then(() =>
      formElement.reset(),
    );
  }

  function submitWorkflow(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const stage = String(form.get('stage') ?? '') as Stage | '';
    const reason = String(form.get('closedReason') ?? '') as ClosedReason | '';
    const risk = Number(form.get('riskLevel'));
    const assignToMe = form.get('assignToMe') === 'on';
    void apply(
      (v) =>
        changeWorkflow(
          session,
          v,
          {
            ...(stage ? { stage } : {}),
            ...(stage === 'closed' && reason ? { closedReason: reason } : {}),
            ...(risk !== v.summary.riskLevel ? { riskLevel: risk } : {}),
            ...(assignToMe ? { assigneeId: session.account.id } : {}),
          },
          String(form.get('why') ?? ''),
        ),
      t('case.workflowChanged'),
    );
  }

  function submitFields(compartment: Compartment, event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const fields = readFields(new FormData(event.currentTarget), compartment);
    void apply((v) => updateCompartment(session, v, compartment, fields), t('case.saved'));
  }

  function submitGrant(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const team = directory?.find((d) => d.id === form.get('team'));
    const compartment = String(form.get('compartment')) as Compartment;
    if (!team) return;
    void apply((v) => grantCaseAccess(session, v, compartment, team), t('case.granted'));
  }

  function submitRekey(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const compartment = String(new FormData(event.currentTarget).get('compartment')) as Compartment;
    void apply(
      (v) => revokeCaseAccess(session, v, compartment, null, directory ?? []),
      t('case.rekeyed', { part: t(`compartments.${compartment}`) }),
    );
  }

  function revoke(compartment: Compartment, teamId: string, teamName: string) {
    if (
      !window.confirm(
        t('case.confirmRevoke', { team: teamName, part: t(`compartments.${compartment}`) }),
      )
    ) {
      return;
    }
    void apply(
      (v) => revokeCaseAccess(session, v, compartment, teamId, directory ?? []),
      t('case.revoked'),
    );
  }

  return (
    <article aria-labelledby="case-heading">
      <h1 id="case-heading">{view.title || t('cases.untitled', { id: summary.id.slice(0, 6) })}</h1>
      {view.timeline.problems.length > 0 && (
        <div role="alert" className="warning">
          <strong>{t('case.integrityHeading')}</strong>
          <p>{t('case.integrityExplanation')}</p>
          <ul>
            {view.timeline.problems.map((p) => (
              <li key={`${p.seq}-${p.problem}`}>
                {t(`case.problems.${p.problem}`, { seq: p.seq })}
              </li>
            ))}
          </ul>
        </div>
      )}
      {pending && (
        <div role="alert" className="warning">
          <p>{t('case.conflict')}</p>
          <button type="button" onClick={() => void reapply()} disabled={busy}>
            {t('case.reapply')}
          </button>
        </div>
      )}
      {summary.verification.outcome === 'suspected_infiltrator' && (
        <div role="alert" className="warning infiltrator">
          <strong>{t('verification.infiltratorHeading')}</strong>
          <p>{t('verification.infiltratorExplanation')}</p>
        </div>
      )}
      <ErrorAlert message={error} />
      <p role="status">{status}</p>

      <dl className="case-facts">
        <dt>{t('cases.stage')}</dt>
        <dd>
          {t(`stages.${summary.stage}`)}
          {summary.closedReason && ` — ${t(`closedReasons.${summary.closedReason}`)}`}
        </dd>
        <dt>{t('cases.risk')}</dt>
        <dd>{t(`risk.${summary.riskLevel}`)}</dd>
        <dt>{t('cases.assignee')}</dt>
        <dd>{summary.assigneeId ? handleOf(summary.assigneeId) : t('case.nobody')}</dd>
        <dt>{t('cases.verification')}</dt>
        <dd>{t(`outcomes.${summary.verification.outcome}`)}</dd>
        <dt>{t('cases.updated')}</dt>
        <dd>{when(summary.updatedAt)}</dd>
      </dl>

      {holds('general') && (
        <section aria-labelledby="workflow-heading" className="panel">
          <h2 id="workflow-heading">{t('case.workflowHeading')}</h2>
          <form onSubmit={submitWorkflow}>
            <label>
              {t('case.moveTo')}
              <select name="stage" defaultValue="">
                <option value="">
                  {t('case.stayAt', { stage: t(`stages.${summary.stage}`) })}
                </option>
                {stageTransitions[summary.stage].map((stage) => (
                  <option key={stage} value={stage}>
                    {t(`stages.${stage}`)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('case.closedReason')}
              <select name="closedReason" defaultValue="">
                <option value="">—</option>
                {closedReasons.map((reason) => (
                  <option key={reason} value={reason}>
                    {t(`closedReasons.${reason}`)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('cases.risk')}
              <select
                name="riskLevel"
                defaultValue={String(summary.riskLevel)}
                key={summary.version}
              >
                {[0, 1, 2, 3, 4, 5].map((risk) => (
                  <option key={risk} value={risk}>
                    {t(`risk.${risk}`)}
                  </option>
                ))}
              </select>
            </label>
            <label className="checkbox">
              <input type="checkbox" name="assignToMe" />
              {t('case.assignToMe')}
            </label>
            <label>
              {t('case.why')}
              <input name="why" maxLength={500} autoComplete="off" />
            </label>
            <button type="submit" disabled={busy}>
              {t('case.applyWorkflow')}
            </button>
          </form>
        </section>
      )}

      <VerificationPanel
        session={session}
        view={view}
        apply={apply}
        busy={busy}
        handleOf={handleOf}
        ring={ring}
        directory={directory}
      />

      {fieldCompartments.map((compartment) => (
        <section key={compartment} aria-labelledby={`part-${compartment}`} className="panel">
          <h2 id={`part-${compartment}`}>{t(`compartments.${compartment}`)}</h2>
          {!holds(compartment) ? (
            <p>{t('case.notHeld')}</p>
          ) : editing === compartment ? (
            <form onSubmit={(event) => submitFields(compartment, event)}>
              <FieldInputs compartment={compartment} values={view.compartments[compartment]} />
              <button type="submit" disabled={busy}>
                {t('case.save')}
              </button>{' '}
              <button type="button" onClick={() => setEditing(null)}>
                {t('case.cancel')}
              </button>
            </form>
          ) : (
            <>
              <dl>
                {compartmentFields[compartment]
                  .filter((field) => view.compartments[compartment]?.[field])
                  .map((field) => (
                    <div key={field}>
                      <dt>{t(`caseFields.${compartment}.${field}`)}</dt>
                      <dd className="prewrap">{view.compartments[compartment]?.[field]}</dd>
                    </div>
                  ))}
              </dl>
              {!view.compartments[compartment] && <p>{t('case.empty')}</p>}
              <button type="button" onClick={() => setEditing(compartment)}>
                {t('case.edit', { part: t(`compartments.${compartment}`) })}
              </button>
            </>
          )}
        </section>
      ))}

      {holds('general') && (
        <section aria-labelledby="notes-heading" className="panel">
          <h2 id="notes-heading">{t('case.notesHeading')}</h2>
          {view.notes.length === 0 && <p>{t('case.noNotes')}</p>}
          <ol className="notes">
            {view.notes.map((note) => (
              <li key={note.seq}>
                <p className="prewrap">{note.text}</p>
                <p className="hint">
                  {handleOf(note.authorId)} · {when(note.createdAt)}
                  {note.mentions.length > 0 &&
                    ` · ${t('case.mentioned', { handles: note.mentions.map(handleOf).join(', ') })}`}
                </p>
              </li>
            ))}
          </ol>
          <form onSubmit={submitNote}>
            <label>
              {t('case.newNote')}
              <textarea id="new-note" name="note" rows={3} maxLength={20_000} required />
            </label>
            <MentionPicker members={mentionable} />
            <button type="submit" disabled={busy}>
              {t('case.addNote')}
            </button>
          </form>
        </section>
      )}

      {holds('general') && (
        <TasksPanel session={session} view={view} apply={apply} busy={busy} handleOf={handleOf} />
      )}

      <AttachmentsPanel session={session} view={view} apply={apply} busy={busy} />
      <EvacuationPanel session={session} view={view} apply={apply} busy={busy} />
      {/* Every leg names its check-ins; only legs still open may get a new one. */}
      <CheckinsPanel
        session={session}
        view={view}
        apply={apply}
        busy={busy}
        refs={evacuationPlan(view).legs.map((leg, index) => ({
          id: leg.id,
          label: t('case.legRef', { number: index + 1, from: leg.from, to: leg.to }),
          finished: leg.status === 'arrived' || leg.status === 'cancelled',
        }))}
      />
      <FundsPanel session={session} view={view} apply={apply} busy={busy} />
      <PlacementPanel session={session} view={view} />
      <RelocationPanel session={session} view={view} apply={apply} busy={busy} />
      <ReferralPanel session={session} view={view} onChanged={reload} />
      {/* Documentation is encrypted in `testimony`: only its holders see or code it. */}
      {holds('testimony') && (
        <DocumentationPanels session={session} view={view} apply={apply} busy={busy} />
      )}

      <section aria-labelledby="access-heading" className="panel">
        <h2 id="access-heading">{t('case.accessHeading')}</h2>
        <table>
          <caption className="visually-hidden">{t('case.accessHeading')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('newCase.team')}</th>
              <th scope="col">{t('case.part')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('devices.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {view.access.map((a) => (
              <tr key={`${a.compartment}-${a.teamId}`}>
                <td>{a.teamName}</td>
                <td>{t(`compartments.${a.compartment}`)}</td>
                <td>
                  {holds(a.compartment) && (
                    <button
                      type="button"
                      disabled={busy}
                      onClick={() => revoke(a.compartment, a.teamId, a.teamName)}
                    >
                      {t('case.revoke', {
                        team: a.teamName,
                        part: t(`compartments.${a.compartment}`),
                      })}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {directory && (
          <form onSubmit={submitGrant} className="inline-form">
            <label>
              {t('newCase.team')}
              <select name="team">
                {directory.map((team) => (
                  <option key={team.id} value={team.id}>
                    {team.name}
                  </option>
                ))}
              </select>
            </label>
            <CompartmentSelect label={t('case.part')} held={summary.compartments} />
            <button type="submit" disabled={busy}>
              {t('case.grant')}
            </button>
          </form>
        )}
        {directory && (
          <form onSubmit={submitRekey} className="inline-form">
            <CompartmentSelect label={t('case.rekeyPart')} held={summary.compartments} />
            <button type="submit" disabled={busy}>
              {t('case.rekey')}
            </button>
          </form>
        )}
        <p className="hint">{t('case.rekeyHint')}</p>
      </section>

      <section aria-labelledby="timeline-heading" className="panel">
        <h2 id="timeline-heading">{t('case.timelineHeading')}</h2>
        <ol className="timeline">
          {view.timeline.entries.map((entry) => (
            <li key={entry.seq}>
              {when(entry.createdAt)} · {handleOf(entry.authorId)} ·{' '}
              {t(`eventKinds.${entry.kind}`, { part: t(`compartments.${entry.compartment}`) })}
              {entry.workflow?.stage && ` → ${t(`stages.${entry.workflow.stage}`)}`}
              {entry.mentions &&
                ` · ${t('case.mentioned', { handles: entry.mentions.map(handleOf).join(', ') })}`}
              {entry.content === null && ` (${t('case.sealed')})`}
            </li>
          ))}
        </ol>
      </section>
    </article>
  );
}
