// The funds ledger through the client core against a whole server on SQLite and
// PostgreSQL: the organisation's threshold (administrators set it, every member reads
// it), expenses encrypted in `general`, approval by a second member only, totals, who may
// see the server's expense states, and nothing of an expense on a seized disk.
import {
  appendCaseEventRoute,
  listCaseExpensesRoute,
  operationKinds,
  teamDirectoryRoute,
} from '@corridor/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchSeizedData } from '../../../../test-support/seizure.ts';
import { databaseKinds } from '../../../../test-support/test-database.ts';
import { attachFile, attachmentsOf } from '../attachments/attachments.ts';
import type { MemberSession } from '../auth/log-in.ts';
import { loadTeamKeyring } from '../cases/case-keys.ts';
import { appendToCase, createCase, type DirectoryTeam, openCase } from '../cases/cases.ts';
import { refusal, startTestCorridor, type TestCorridor } from '../testing/test-corridor.ts';
import type { ExpenseDetails } from './expense-input.ts';
import { expenseTotals } from './expense-totals.ts';
import {
  addExpense,
  approveExpense,
  caseExpenses,
  expenseStates,
  expenseStatesMatch,
  rejectExpense,
} from './expenses.ts';
import { fundsThreshold, setFundsThreshold } from './funds-setting.ts';

const threshold = { amountMinor: 50_000, currency: 'EUR' };

const expense = (over: Partial<ExpenseDetails> = {}): ExpenseDetails => ({
  category: 'travel',
  amountMinor: 12_000,
  currency: 'EUR',
  date: '2026-11-20',
  paidBy: 'Coordinator cash',
  note: '',
  receipt: null,
  ...over,
});

describe.each(databaseKinds)('funds ledger on %s', (kind) => {
  let corridor: TestCorridor;
  let admin: MemberSession;
  let nadia: MemberSession;
  let timur: MemberSession;
  let outsider: MemberSession;
  let directory: DirectoryTeam[];
  let coordination: string;

  const open = async (member: MemberSession, caseId: string) =>
    openCase(member, await loadTeamKeyring(member), caseId);
  const newCase = (title: string) =>
    createCase(nadia, directory, {
      title,
      riskLevel: 3,
      share: { general: [coordination], location: [coordination] },
    });

  beforeAll(async () => {
    corridor = await startTestCorridor(kind);
    admin = await corridor.member('admin', ['administrator']);
    nadia = await corridor.member('nadia', ['case_coordinator']);
    timur = await corridor.member('timur', ['case_coordinator']);
    outsider = await corridor.member('outsider', ['case_coordinator']);
    coordination = await corridor.team(admin, 'Coordination', nadia, timur);
    await corridor.team(admin, 'Elsewhere', outsider);
    directory = (await nadia.api.call(teamDirectoryRoute)).teams;
  });
  afterAll(() => corridor?.stop());

  it('lets only an administrator set the threshold, and every member read it', async () => {
    // Until one is set, every expense needs approval.
    expect(await fundsThreshold(nadia.api)).toEqual({ amountMinor: 0, currency: 'EUR' });
    expect(await refusal(setFundsThreshold(nadia.api, threshold))).toBe('forbidden');
    expect(await refusal(setFundsThreshold(admin.api, { amountMinor: -1, currency: 'EUR' }))).toBe(
      'invalid_request',
    );
    expect(
      await refusal(setFundsThreshold(admin.api, { amountMinor: 100, currency: 'euro' })),
    ).toBe('invalid_request');
    expect(await setFundsThreshold(admin.api, threshold)).toEqual(threshold);
    expect(await fundsThreshold(outsider.api)).toEqual(threshold);
    // Policy that lets spending pass unseen needs the password proved in the last minutes.
    corridor.tick(6 * 60);
    expect(
      await refusal(setFundsThreshold(admin.api, { amountMinor: 9_999_999, currency: 'EUR' })),
    ).toBe('reauthentication_required');
    expect(await fundsThreshold(nadia.api)).toEqual(threshold);
    const entries = await corridor.server.storage.db
      .selectFrom('audit_entry')
      .select(['account_id', 'detail'])
      .where('action', '=', 'funds.setting')
      .execute();
    expect(entries).toEqual([{ account_id: admin.account.id, detail: 'threshold' }]);
  });

  it('needs a second member to approve spending above the threshold; never its author', async () => {
    const caseId = await newCase('Ledger');
    await addExpense(nadia, await open(nadia, caseId), expense(), threshold);
    await addExpense(
      nadia,
      await open(nadia, caseId),
      expense({ category: 'visa', amountMinor: 80_000, note: 'Visa fee paid at consulate' }),
      threshold,
    );
    // Another currency than the threshold's always needs approval.
    await addExpense(
      nadia,
      await open(nadia, caseId),
      expense({ category: 'housing', amountMinor: 1_000, currency: 'RUB' }),
      threshold,
    );
    let view = await open(nadia, caseId);
    expect(view.timeline.problems).toEqual([]);
    let ledger = caseExpenses(view, threshold);
    expect(ledger.map((e) => [e.details?.category, e.needsApproval, e.state])).toEqual([
      ['travel', false, 'not_needed'],
      ['visa', true, 'pending'],
      ['housing', true, 'pending'],
    ]);
    const [small, visa, housing] = ledger;
    if (!small || !visa || !housing) throw new Error('three expenses');

    // The vault stops its author first; the server refuses them even past the vault.
    expect(await refusal(approveExpense(nadia, view, visa.id))).toBe('own_expense');
    const selfApproval = appendToCase(
      nadia,
      view,
      'general',
      operationKinds['expense.approve'],
      { note: '' },
      null,
      undefined,
      { operation: { op: 'expense.approve', id: visa.id } },
    );
    expect(await refusal(selfApproval)).toBe('second_member_required');
    expect((await open(nadia, caseId)).summary.version).toBe(view.summary.version);

    // Spending that needs no approval cannot be approved, not even by another member.
    const timurView = await open(timur, caseId);
    expect(await refusal(approveExpense(timur, timurView, small.id))).toBe('approval_not_needed');
    const needless = appendToCase(
      timur,
      timurView,
      'general',
      operationKinds['expense.approve'],
      { note: '' },
      null,
      undefined,
      { operation: { op: 'expense.approve', id: small.id } },
    );
    expect(await refusal(needless)).toBe('invalid_request');

    await approveExpense(timur, timurView, visa.id, 'Receipt seen');
    await rejectExpense(timur, await open(timur, caseId), housing.id, 'Not agreed');
    // A decided expense is decided.
    expect(await refusal(rejectExpense(timur, await open(timur, caseId), visa.id))).toBe(
      'not_pending',
    );
    const decided = appendToCase(
      timur,
      await open(timur, caseId),
      'general',
      operationKinds['expense.reject'],
      { note: '' },
      null,
      undefined,
      { operation: { op: 'expense.reject', id: visa.id } },
    );
    expect(await refusal(decided)).toBe('invalid_request');

    view = await open(nadia, caseId);
    ledger = caseExpenses(view, threshold);
    expect(ledger.map((e) => [e.state, e.decidedBy])).toEqual([
      ['not_needed', null],
      ['approved', timur.account.id],
      ['rejected', timur.account.id],
    ]);
    const states = await expenseStates(nadia, caseId);
    expect(states.map((s) => s.state)).toEqual(['not_needed', 'approved', 'rejected']);
    expect(expenseStatesMatch(ledger, states)).toBe(true);
  });

  it('flags an expense signed as needing no approval whose amount says otherwise', async () => {
    const caseId = await newCase('Slipped past');
    // A browser with a stale threshold (or a dishonest one) signs `needsApproval: false`.
    await addExpense(nadia, await open(nadia, caseId), expense({ amountMinor: 900_000 }), {
      amountMinor: 1_000_000,
      currency: 'EUR',
    });
    const [slipped] = caseExpenses(await open(timur, caseId), threshold);
    expect(slipped).toMatchObject({ needsApproval: false, state: 'not_needed', flagged: true });
  });

  it('catches a server that shows spending approved that no second member approved', async () => {
    const caseId = await newCase('Tampered');
    await addExpense(nadia, await open(nadia, caseId), expense({ amountMinor: 90_000 }), threshold);
    const ledger = caseExpenses(await open(timur, caseId), threshold);
    expect(expenseStatesMatch(ledger, await expenseStates(timur, caseId))).toBe(true);
    // Someone with the database marks it approved, by the member who added it.
    await corridor.server.storage.db
      .updateTable('case_expense')
      .set({ state: 'approved', decided_by: nadia.account.id })
      .where('case_id', '=', caseId)
      .execute();
    const states = await expenseStates(timur, caseId);
    expect(states[0]?.state).toBe('approved');
    // The signed events still say pending: the reader trusts those, and sees the difference.
    expect(caseExpenses(await open(timur, caseId), threshold)[0]?.state).toBe('pending');
    expect(expenseStatesMatch(ledger, states)).toBe(false);
  });

  it('refuses a malformed expense or a receipt that is not an attachment, writing nothing', async () => {
    const caseId = await newCase('Bad input');
    const view = await open(nadia, caseId);
    expect(await refusal(addExpense(nadia, view, expense({ amountMinor: 0 }), threshold))).toBe(
      'invalid_expense',
    );
    expect(await refusal(addExpense(nadia, view, expense({ currency: 'eur' }), threshold))).toBe(
      'invalid_expense',
    );
    expect(await refusal(addExpense(nadia, view, expense({ receipt: 1 }), threshold))).toBe(
      'receipt_not_attachment',
    );
    // Re-using an expense id is a conflict, and nothing is written.
    await addExpense(nadia, view, expense(), threshold);
    const after = await open(nadia, caseId);
    const [first] = caseExpenses(after, threshold);
    const again = appendToCase(
      nadia,
      after,
      'general',
      operationKinds['expense.add'],
      expense(),
      null,
      undefined,
      { operation: { op: 'expense.add', id: first?.id ?? '', needsApproval: false } },
    );
    expect(await refusal(again)).toBe('conflict');
    expect((await open(nadia, caseId)).summary.version).toBe(after.summary.version);
  });

  it('keeps a receipt as the seq of one of the case’s attachments', async () => {
    const caseId = await newCase('Receipt');
    const bytes = new TextEncoder().encode('Ticket Nalchik-Moscow, 4 500 RUB');
    await attachFile(nadia, await open(nadia, caseId), 'general', {
      name: 'ticket.txt',
      type: 'text/plain',
      size: bytes.length,
      content: [bytes],
    });
    const view = await open(nadia, caseId);
    const [ticket] = attachmentsOf(view);
    if (!ticket) throw new Error('an attachment');
    await addExpense(nadia, view, expense({ receipt: ticket.seq }), threshold);
    const [withReceipt] = caseExpenses(await open(timur, caseId), threshold);
    expect(withReceipt?.details?.receipt).toBe(ticket.seq);
  });

  it('totals spending per category and per month, per currency, pending apart', async () => {
    const one = await newCase('Totals one');
    const two = await newCase('Totals two');
    await addExpense(nadia, await open(nadia, one), expense({ amountMinor: 10_000 }), threshold);
    await addExpense(
      nadia,
      await open(nadia, one),
      expense({ category: 'medical', amountMinor: 70_000, date: '2026-10-03' }),
      threshold,
    );
    await addExpense(nadia, await open(nadia, two), expense({ amountMinor: 5_000 }), threshold);
    await addExpense(
      nadia,
      await open(nadia, two),
      expense({ category: 'food', amountMinor: 3_000, currency: 'RUB' }),
      threshold,
    );
    const [, food] = caseExpenses(await open(timur, two), threshold);
    await approveExpense(timur, await open(timur, two), food?.id ?? '');
    const cases = [await open(timur, one), await open(timur, two)];
    expect(expenseTotals(cases, { by: 'category' })).toEqual([
      {
        key: 'food',
        currency: 'RUB',
        spentMinor: 3_000,
        pendingMinor: 0,
        flaggedMinor: 0,
        count: 1,
      },
      {
        key: 'medical',
        currency: 'EUR',
        spentMinor: 0,
        pendingMinor: 70_000,
        flaggedMinor: 0,
        count: 0,
      },
      {
        key: 'travel',
        currency: 'EUR',
        spentMinor: 15_000,
        pendingMinor: 0,
        flaggedMinor: 0,
        count: 2,
      },
    ]);
    expect(
      expenseTotals(cases, { by: 'month' }).map((r) => [r.key, r.currency, r.spentMinor]),
    ).toEqual([
      ['2026-10', 'EUR', 0],
      ['2026-11', 'EUR', 15_000],
      ['2026-11', 'RUB', 3_000],
    ]);
  });

  it('shows expense states only to members holding the case’s general part', async () => {
    const caseId = await newCase('Who sees');
    await addExpense(nadia, await open(nadia, caseId), expense(), threshold);
    expect(await expenseStates(timur, caseId)).toHaveLength(1);
    for (const stranger of [outsider, admin]) {
      expect(await refusal(stranger.api.call(listCaseExpensesRoute, { params: { caseId } }))).toBe(
        'not_found',
      );
    }
    // An outsider cannot add to the ledger either.
    const write = outsider.api.call(appendCaseEventRoute, {
      params: { caseId },
      body: {
        expectedVersion: 2,
        event: {
          seq: 3,
          compartment: 'general',
          keyVersion: 1,
          kind: 'expense.added',
          prevHash: 'A'.repeat(43),
          workflow: null,
          operation: { op: 'expense.add', id: 'B'.repeat(22), needsApproval: false },
          payload: 'AAAA',
          signature: 'C'.repeat(86),
        },
      },
    });
    expect(await refusal(write)).toBe('not_found');
  });

  it('leaves no note, payer or amount of an expense on a seized disk', async () => {
    const caseId = await newCase('Seizure');
    const note = 'Paid Magomed at the Nazran bus station for the ride';
    const paidBy = 'Aslan from the Grozny cell';
    await addExpense(
      nadia,
      await open(nadia, caseId),
      expense({ note, paidBy, amountMinor: 73_519 }),
      threshold,
    );
    const { found, bytes } = await searchSeizedData(corridor.database, [
      note,
      paidBy,
      'Nazran',
      '"amountMinor"',
      '"paidBy"',
      ...corridor.secrets,
    ]);
    expect(bytes).toBeGreaterThan(0);
    expect(found).toEqual([]);
  });
});
