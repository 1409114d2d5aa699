import { defineRoute } from '../routes/route.ts';
import {
  PutVocabularyRecordBody,
  PutVocabularyTeamBody,
  VocabularyRecordList,
  VocabularyRecordParams,
  VocabularyRecordSaved,
  VocabularySettingSchema,
  VocabularyTeamParams,
} from './vocabulary-store-schemas.ts';

export const getVocabularySettingRoute = defineRoute({
  id: 'getVocabularySetting',
  method: 'get',
  path: '/api/vocabularies/setting',
  listeners: ['staff'],
  summary:
    'Which team keeps the organisation’s vocabularies (a team id, or null for the defaults). Every member reads it, so each browser knows where to look.',
  responses: { 200: VocabularySettingSchema },
});

export const putVocabularyTeamRoute = defineRoute({
  id: 'putVocabularyTeam',
  method: 'put',
  path: '/api/vocabularies/setting/team',
  listeners: ['staff'],
  summary:
    'Chooses the vocabulary team (a team with a key), or none. Administrators only (`forbidden` otherwise), with the password proved in the last five minutes; an unknown or keyless team gets `not_found`. Recorded in the audit log.',
  body: PutVocabularyTeamBody,
  responses: { 200: VocabularySettingSchema },
});

export const listVocabularyRecordsRoute = defineRoute({
  id: 'listVocabularyRecords',
  method: 'get',
  path: '/api/teams/:teamId/vocabularies',
  listeners: ['staff'],
  summary:
    'The vocabulary team’s records, one per edited vocabulary, each the latest version of an encrypted, signed record. Members of that team only; anyone else, and any other team, gets `not_found`.',
  params: VocabularyTeamParams,
  responses: { 200: VocabularyRecordList },
});

export const putVocabularyRecordRoute = defineRoute({
  id: 'putVocabularyRecord',
  method: 'put',
  path: '/api/teams/:teamId/vocabularies/:kind',
  listeners: ['staff'],
  summary:
    'Stores a vocabulary’s first record (`expectedVersion` 0) or its next version; a stale version gets `conflict`. Members of the vocabulary team with the `documentation` role (`forbidden` for other members; `not_found` for anyone outside the team or another team).',
  params: VocabularyRecordParams,
  body: PutVocabularyRecordBody,
  responses: { 200: VocabularyRecordSaved },
});

export const vocabularyStoreRoutes = [
  getVocabularySettingRoute,
  putVocabularyTeamRoute,
  listVocabularyRecordsRoute,
  putVocabularyRecordRoute,
];
