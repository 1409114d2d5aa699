import { CaseParams } from '../cases/case-schemas.ts';
import { defineRoute } from '../routes/route.ts';
import {
  AlarmAcknowledged,
  AlarmParams,
  CaseCheckinStates,
  CaseloadCheckinStates,
  MemberAlarmList,
} from './checkin-schemas.ts';

export const listAlarmsRoute = defineRoute({
  id: 'listAlarms',
  method: 'get',
  path: '/api/alarms',
  listeners: ['staff'],
  summary:
    'The unresolved check-in alarms the caller was alerted to by a rung of their ladder and may still handle (their team holds the case’s `location` or is named on the ladder), unacknowledged first, newest first, at most 500, with case and check-in ids, rung, duress flag and acknowledgement. Never any route or name.',
  responses: { 200: MemberAlarmList },
});

export const acknowledgeAlarmRoute = defineRoute({
  id: 'acknowledgeAlarm',
  method: 'post',
  path: '/api/alarms/:alarmId/acknowledge',
  listeners: ['staff'],
  summary:
    'Acknowledges an alarm: someone is on it, so no further rung fires. Only a member it alerted who still holds the case’s `location` through a team or belongs to a team its ladder names; anyone else gets `not_found`. A second acknowledgement answers the first one’s time.',
  params: AlarmParams,
  responses: { 200: AlarmAcknowledged },
});

export const caseCheckinStatesRoute = defineRoute({
  id: 'caseCheckinStates',
  method: 'get',
  path: '/api/cases/:caseId/checkins',
  listeners: ['staff'],
  summary:
    'The server’s state of a case’s check-ins (status, alarm, rung) for members whose teams hold the case’s `location` compartment; anyone else, the administrator included, gets `not_found`.',
  params: CaseParams,
  responses: { 200: CaseCheckinStates },
});

export const caseloadCheckinStatesRoute = defineRoute({
  id: 'caseloadCheckinStates',
  method: 'get',
  path: '/api/checkins',
  listeners: ['staff'],
  summary:
    'The server’s state (status, alarm) of the check-ins of every case whose `location` compartment the caller’s teams hold: open ones and those closed in the last 7 days, due time first, at most 5,000. Never any route or name.',
  responses: { 200: CaseloadCheckinStates },
});

export const checkinRoutes = [
  listAlarmsRoute,
  acknowledgeAlarmRoute,
  caseCheckinStatesRoute,
  caseloadCheckinStatesRoute,
];
