import { CaseParams } from '../cases/case-schemas.ts';
import { defineRoute } from '../routes/route.ts';
import { ExpenseStatusList, FundsSettingSchema, FundsThresholdSchema } from './funds-schemas.ts';

export const getFundsSettingRoute = defineRoute({
  id: 'getFundsSetting',
  method: 'get',
  path: '/api/funds/setting',
  listeners: ['staff'],
  summary:
    'The organisation’s approval threshold for spending: every member reads it, so each browser decides the same way whether an expense needs a second member.',
  responses: { 200: FundsSettingSchema },
});

export const putFundsThresholdRoute = defineRoute({
  id: 'putFundsThreshold',
  method: 'put',
  path: '/api/funds/setting/threshold',
  listeners: ['staff'],
  summary:
    'Sets the approval threshold (amount in minor units and ISO 4217 currency). Administrators only (`forbidden` otherwise), with the password proved in the last five minutes; recorded in the audit log.',
  body: FundsThresholdSchema,
  responses: { 200: FundsSettingSchema },
});

export const listCaseExpensesRoute = defineRoute({
  id: 'listCaseExpenses',
  method: 'get',
  path: '/api/cases/:caseId/expenses',
  listeners: ['staff'],
  summary:
    'What the server holds of a case’s expenses: ids, the event that added each, whether it needs approval and its decision — never amounts or notes. Members whose teams hold the case’s `general` part; anyone else gets `not_found`.',
  params: CaseParams,
  responses: { 200: ExpenseStatusList },
});

export const fundsRoutes = [getFundsSettingRoute, putFundsThresholdRoute, listCaseExpensesRoute];
