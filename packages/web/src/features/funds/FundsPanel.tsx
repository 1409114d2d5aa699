import type { FundsThreshold } from '@corridor/protocol';
import {
  addExpense,
  approveExpense,
  attachmentsOf,
  type CaseMember,
  caseExpenses,
  checkExpense,
  type Expense,
  type ExpenseCategory,
  expenseCategories,
  expenseStates,
  expenseStatesMatch,
  expenseTotals,
  FundsInputError,
  fundsThreshold,
  listCaseMembers,
  needsApproval,
  rejectExpense,
} from '@corridor/vault';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CasePanelProps } from '../cases/case-panel.ts';
import { formatMoney, toMinor } from './money.ts';

const today = () => new Date().toISOString().slice(0, 10);

/**
 * The case's expense ledger (encrypted in `general`): each expense with its state, spending
 * above the organisation's threshold waiting for a second member (highlighted; approve and
 * reject are not offered on one's own), totals by category, and a form to add one with an
 * optional receipt from the case's attachments.
 */
export function FundsPanel({ session, view, apply, busy }: CasePanelProps) {
  const { t, i18n } = useTranslation();
  const [threshold, setThreshold] = useState<FundsThreshold | null>(null);
  const [members, setMembers] = useState<CaseMember[]>([]);
  const [serverAgrees, setServerAgrees] = useState(true);
  const [inputError, setInputError] = useState<string | null>(null);
  const caseId = view.summary.id;
  const holdsGeneral = view.summary.compartments.includes('general');
  const version = view.summary.version;

  useEffect(() => {
    if (!holdsGeneral) return;
    fundsThreshold(session.api).then(setThreshold, () => setThreshold(null));
    listCaseMembers(session, caseId).then(setMembers, () => setMembers([]));
  }, [session, caseId, holdsGeneral]);

  useEffect(() => {
    if (!holdsGeneral || version < 1) return;
    // The server's states must be what the signed events say (a second look, not the source).
    expenseStates(session, caseId).then(
      (states) => setServerAgrees(expenseStatesMatch(caseExpenses(view, null), states)),
      () => undefined,
    );
  }, [session, caseId, holdsGeneral, version, view]);

  if (!holdsGeneral) return null;
  const expenses = caseExpenses(view, threshold);
  const attachments = attachmentsOf(view);
  const totals = expenseTotals([view], { by: 'category', ...(threshold ? { threshold } : {}) });
  const money = (minor: number, currency: string) => formatMoney(minor, currency, i18n.language);
  const handleOf = (id: string | null) =>
    id ? (members.find((m) => m.accountId === id)?.handle ?? '…') : '';
  const receiptName = (seq: number | null) =>
    seq === null ? '' : (attachments.find((a) => a.seq === seq)?.name ?? `#${seq}`);
  const pending = expenses.filter((e) => e.state === 'pending');

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!threshold) return;
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    const currency = text('currency').toUpperCase();
    const receipt = text('receipt');
    const expense = {
      category: text('category') as ExpenseCategory,
      amountMinor: toMinor(text('amount'), currency),
      currency,
      date: text('date'),
      paidBy: text('paidBy'),
      note: text('note'),
      receipt: receipt ? Number(receipt) : null,
    };
    setInputError(null);
    try {
      checkExpense(view, expense);
    } catch (caught) {
      if (!(caught instanceof FundsInputError)) throw caught;
      setInputError(t(`funds.errors.${caught.code}`));
      return;
    }
    const done = needsApproval(expense, threshold) ? t('funds.addedPending') : t('funds.added');
    const chosen = threshold;
    void apply((v) => addExpense(session, v, expense, chosen), done).then(() =>
      formElement.reset(),
    );
  }

  function decide(expense: Expense, approve: boolean) {
    void apply(
      (v) =>
        approve ? approveExpense(session, v, expense.id) : rejectExpense(session, v, expense.id),
      approve ? t('funds.approved') : t('funds.rejected'),
    );
  }

  const describe = (e: Expense) =>
    e.details
      ? `${t(`funds.category.${e.details.category}`)} ${money(e.details.amountMinor, e.details.currency)}`
      : t('funds.sealed');

  return (
    <section aria-labelledby="funds-heading" className="panel">
      <h2 id="funds-heading">{t('funds.heading')}</h2>
      {!serverAgrees && (
        <p role="alert" className="warning">
          {t('funds.serverDisagrees')}
        </p>
      )}
      {pending.length > 0 && (
        <p className="notice" data-testid="funds-pending">
          {t('funds.pendingCount', { count: pending.length })}
        </p>
      )}
      {threshold && (
        <p className="hint">
          {t('funds.thresholdHint', {
            amount: money(threshold.amountMinor, threshold.currency),
            currency: threshold.currency,
          })}
        </p>
      )}
      {expenses.length === 0 ? (
        <p>{t('funds.none')}</p>
      ) : (
        <table>
          <caption className="visually-hidden">{t('funds.ledger')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('funds.date')}</th>
              <th scope="col">{t('funds.categoryLabel')}</th>
              <th scope="col">{t('funds.amount')}</th>
              <th scope="col">{t('funds.paidBy')}</th>
              <th scope="col">{t('funds.note')}</th>
              <th scope="col">{t('funds.receipt')}</th>
              <th scope="col">{t('funds.stateLabel')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('funds.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {expenses.map((e) => (
              <tr key={e.id} data-testid="expense-row" data-state={e.state}>
                <td>{e.details?.date ?? ''}</td>
                <td>{e.details ? t(`funds.category.${e.details.category}`) : t('funds.sealed')}</td>
                <td>{e.details ? money(e.details.amountMinor, e.details.currency) : ''}</td>
                <td>{e.details?.paidBy}</td>
                <td className="prewrap">{e.details?.note}</td>
                <td>{receiptName(e.details?.receipt ?? null)}</td>
                <td>
                  {e.state === 'pending' ? (
                    <strong>{t('funds.state.pending')}</strong>
                  ) : (
                    t(`funds.state.${e.state}`)
                  )}
                  {e.decidedBy && ` · ${handleOf(e.decidedBy)}`}
                  {e.flagged && <strong className="error"> · {t('funds.flagged')}</strong>}
                  <br />
                  <span className="hint">
                    {t('funds.addedBy', { handle: handleOf(e.authorId) })}
                  </span>
                </td>
                <td>
                  {e.state === 'pending' && e.authorId !== session.account.id && (
                    <>
                      <button type="button" disabled={busy} onClick={() => decide(e, true)}>
                        {t('funds.approve', { expense: describe(e) })}
                      </button>{' '}
                      <button type="button" disabled={busy} onClick={() => decide(e, false)}>
                        {t('funds.reject', { expense: describe(e) })}
                      </button>
                    </>
                  )}
                  {e.state === 'pending' && e.authorId === session.account.id && (
                    <span className="hint">{t('funds.waitingForOther')}</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      {totals.length > 0 && (
        <table>
          <caption>{t('funds.totalsHeading')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('funds.categoryLabel')}</th>
              <th scope="col">{t('funds.spent')}</th>
              <th scope="col">{t('funds.pending')}</th>
            </tr>
          </thead>
          <tbody>
            {totals.map((row) => (
              <tr key={`${row.key}-${row.currency}`}>
                <td>{t(`funds.category.${row.key}`)}</td>
                <td>{money(row.spentMinor, row.currency)}</td>
                <td>
                  {money(row.pendingMinor, row.currency)}
                  {row.flaggedMinor > 0 &&
                    ` · ${t('funds.flaggedTotal', { amount: money(row.flaggedMinor, row.currency) })}`}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <form onSubmit={submit} aria-labelledby="expense-form-heading">
        <h3 id="expense-form-heading">{t('funds.addHeading')}</h3>
        {inputError && (
          <p role="alert" className="error">
            {inputError}
          </p>
        )}
        <div className="inline-form">
          <label>
            {t('funds.categoryLabel')}
            <select name="category" defaultValue="travel">
              {expenseCategories.map((c) => (
                <option key={c} value={c}>
                  {t(`funds.category.${c}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('funds.amount')}
            <input name="amount" inputMode="decimal" required maxLength={20} />
          </label>
          <label>
            {t('funds.currency')}
            <input
              name="currency"
              required
              maxLength={3}
              size={4}
              defaultValue={threshold?.currency ?? 'EUR'}
              key={threshold?.currency ?? ''}
            />
          </label>
          <label>
            {t('funds.date')}
            <input name="date" type="date" required defaultValue={today()} />
          </label>
        </div>
        <label>
          {t('funds.paidBy')}
          <input name="paidBy" maxLength={200} />
        </label>
        <label>
          {t('funds.note')}
          <textarea name="note" rows={2} maxLength={4000} />
        </label>
        <label>
          {t('funds.receipt')}
          <select name="receipt" defaultValue="">
            <option value="">{t('funds.noReceipt')}</option>
            {attachments.map((a) => (
              <option key={a.seq} value={a.seq}>
                {a.name}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={busy || !threshold}>
          {t('funds.add')}
        </button>
      </form>
    </section>
  );
}
