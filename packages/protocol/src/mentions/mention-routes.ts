import { CaseParams } from '../cases/case-schemas.ts';
import { defineRoute } from '../routes/route.ts';
import {
  CaseMemberList,
  MarkMentionsReadBody,
  MentionList,
  MentionListQuery,
  MentionsMarked,
} from './mention-schemas.ts';

export const listMentionsRoute = defineRoute({
  id: 'listMentions',
  method: 'get',
  path: '/api/mentions',
  listeners: ['staff'],
  summary:
    'The caller’s newest mentions in notes (case, event, author, time — no content), of cases they can still read, and how many are unread.',
  query: MentionListQuery,
  responses: { 200: MentionList },
});

export const markMentionsReadRoute = defineRoute({
  id: 'markMentionsRead',
  method: 'post',
  path: '/api/mentions/read',
  listeners: ['staff'],
  summary: 'Marks some of the caller’s mentions read; recorded in the audit log.',
  body: MarkMentionsReadBody,
  responses: { 200: MentionsMarked },
});

export const listCaseMembersRoute = defineRoute({
  id: 'listCaseMembers',
  method: 'get',
  path: '/api/cases/:caseId/members',
  listeners: ['staff'],
  summary:
    'The active members of the teams holding a case, with the parts each can read: whom a note can mention.',
  params: CaseParams,
  responses: { 200: CaseMemberList },
});

export const mentionRoutes = [listMentionsRoute, markMentionsReadRoute, listCaseMembersRoute];
