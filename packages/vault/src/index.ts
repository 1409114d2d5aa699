export {
  type ApiClient,
  type ApiClientOptions,
  type CallInput,
  CorridorApiError,
  createApiClient,
  type Download,
} from './api/api-client.ts';
export { AttachmentError, type AttachmentErrorCode } from './attachments/attachment-error.ts';
export {
  type Attachment,
  type AttachmentContent,
  attachFile,
  attachmentsOf,
  attachUploaded,
  type FileInput,
  openAttachment,
  type UploadedFile,
  uploadFile,
} from './attachments/attachments.ts';
export type { ByteSource } from './attachments/byte-streams.ts';
export {
  type StrippedFormat,
  stripImageMetadata,
  stripMetadataFromBytes,
} from './attachments/metadata/strip-metadata.ts';
export {
  type CodeFactor,
  type LogInInput,
  logIn,
  logOut,
  type MemberSession,
  type SecondFactor,
  unlock,
} from './auth/log-in.ts';
export { type RecoverInput, recoverAccount } from './auth/recover.ts';
export {
  type Authenticator,
  enrolSecurityKey,
  listSecurityKeys,
  removeSecurityKey,
  type SecurityKey,
} from './auth/security-keys.ts';
export { type SignUpInput, type SignUpResult, signUp } from './auth/sign-up.ts';
export { fetchCaseBatches } from './cases/case-batches.ts';
export type { ChainHead, Timeline, TimelineEntry, TimelineProblem } from './cases/case-events.ts';
export { loadTeamKeyring, type TeamKeyring } from './cases/case-keys.ts';
export {
  addNote,
  addTask,
  appendToCase,
  type CaseFields,
  type CaseSummary,
  type CaseView,
  changeWorkflow,
  completeTask,
  createCase,
  type DirectoryTeam,
  grantCaseAccess,
  type NewCase,
  openCase,
  rekeyTeamCases,
  revokeCaseAccess,
  updateCompartment,
} from './cases/cases.ts';
export {
  type CaseMember,
  listCaseMembers,
  listMentions,
  type Mention,
  markMentionsRead,
  mentionableMembers,
} from './cases/mentions.ts';
export {
  confirmVerified,
  overrideVerification,
  proposeVerified,
  type ReferrerRef,
  recordVerification,
  type VerificationDetails,
  type VerificationEntry,
  VerificationInputError,
  verificationHistory,
} from './cases/verification.ts';
export {
  answerHandover,
  type HandoverChoices,
  type HandoverTarget,
  handOverConversation,
  handoverTargets,
  inboxCounts,
} from './intake/handover.ts';
export {
  type ConversationSummary,
  type ConversationView,
  chooseHotlineTeam,
  ensureInboxKey,
  getInbox,
  type Inbox,
  type InboxKeys,
  linkConversation,
  listConversations,
  markConversation,
  type OpenedMessage,
  openCaseFromConversation,
  openConversation,
  openInboxKeys,
  openMessages,
  replyToConversation,
} from './intake/inbox.ts';
export {
  copyIntakeFileToCase,
  type IntakeFile,
  type OpenIntakeFileOptions,
  openIntakeFile,
} from './intake/intake-files.ts';
export {
  listReferrers,
  type Referral,
  type ReferralResult,
  type Referrer,
  type ReferrerContent,
  recordReferral,
  saveReferrer,
  type TrackRecord,
  trackRecord,
} from './referrers/referrers.ts';
export {
  type CaseHit,
  type CaseIndex,
  createCaseIndex,
  type SearchOptions,
} from './search/case-index.ts';
export {
  type SearchableCase,
  type SearchField,
  searchableFromTimeline,
} from './search/searchable-case.ts';
export {
  addTeamMember,
  initialiseTeamKey,
  openTeamKeys,
  removeTeamMember,
  type TeamView,
} from './teams/team-keys.ts';
export {
  type CaseloadSync,
  createCaseloadSync,
  type SyncResult,
} from './unlock/caseload-sync.ts';
export { type CheckedCase, checkCase, verifySignatures } from './unlock/check-case.ts';
export {
  type LoadedBatches,
  type LoadedCaseload,
  loadCaseload,
  type UnlockWorkers,
} from './unlock/unlock-caseload.ts';
export {
  createUnlockHandler,
  type UnlockedCase,
  type UnlockRequest,
} from './unlock/unlock-requests.ts';
export {
  type LoadedHeads,
  loadVerifiedHeads,
  saveVerifiedHeads,
  type VerifiedHeads,
} from './unlock/verified-heads.ts';
