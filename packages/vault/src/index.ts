export {
  requestTelegramLinkCode,
  telegramAlertState,
  turnOffTelegramAlerts,
} from './alerts/telegram-alerts.ts';
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
  type UploadOptions,
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
  acknowledgeAlarm,
  type CaseCheckin,
  type CheckinContent,
  CheckinInputError,
  type CheckinOutcome,
  type CheckinPurpose,
  type CheckinState,
  cancelCheckin,
  caseCheckins,
  isFinishedLeg,
  type LadderStep,
  listAlarms,
  loadCaseloadCheckinStates,
  loadCheckinStates,
  type MemberAlarm,
  type NewCheckin,
  recordCheckin,
  type SignedCheckinStatus,
  scheduleCheckin,
} from './checkins/checkins.ts';
export {
  type CoordinatorDashboard,
  coordinatorDashboard,
  type DestinationRow,
  type DigestedCase,
  type EvacuationRow,
  type OverdueCheckin,
} from './dashboard/dashboard.ts';
export type { RescueDigest } from './dashboard/rescue-digest.ts';
export { documentationDigest } from './documentation/documentation-digest.ts';
export type {
  DigestEvent,
  DigestEvidence,
  DigestOutcomes,
  DigestProblem,
  DigestTestimony,
  DocumentationDigest,
} from './documentation/documentation-digest-types.ts';
export {
  DocumentationInputError,
  type DocumentationInputErrorCode,
} from './documentation/documentation-input-error.ts';
export {
  type CustodyLink,
  captureEvidence,
  type EvidenceCapture,
  type EvidenceItem,
  evidenceOf,
  exportEvidence,
  linkHash,
  verifyEvidence,
} from './documentation/evidence.ts';
export { todayUtc } from './documentation/record-checks.ts';
export { newRecordId } from './documentation/record-ids.ts';
export {
  type Act,
  type Consent,
  type ConsentMethod,
  type CustodyAction,
  type CustodyEntry,
  consentMethods,
  custodyActions,
  type Evidence,
  type Involvement,
  type Person,
  type Testimony,
  type ViolationEvent,
  violationLimits,
} from './documentation/records.ts';
export type { ReadProblem } from './documentation/stored-records.ts';
export {
  allowingTestimonies,
  checkTestimony,
  consentAllows,
  eventConsentAllows,
  internalUse,
  namedBodiesGroup,
  type RecordedTestimony,
  saveTestimony,
  testimoniesOf,
} from './documentation/testimonies.ts';
export {
  type CodedEvent,
  checkViolationEvent,
  saveViolationEvent,
  violationEventsOf,
} from './documentation/violations.ts';
export {
  defaultVocabularies,
  termAndBelow,
  type Vocabularies,
  vocabularyVersions,
} from './documentation/vocabularies.ts';
export {
  checklistProgress,
  checkPlan,
  EvacuationInputError,
  type EvacuationInputErrorCode,
  type EvacuationPlan,
  evacuationCompartment,
  evacuationPlan,
  type PlanProblem,
  type PlanProblemCode,
  prepareLegStatus,
  preparePlan,
  saveEvacuationPlan,
  setLegStatus,
} from './evacuation/evacuation-plan.ts';
export {
  type ChecklistItem,
  type ChecklistKind,
  checklistKinds,
  defaultChecklist,
  type EvacuationLeg,
  type LegInput,
  type LegStatus,
  legStatuses,
  legTransitions,
  type PlanInput,
} from './evacuation/plan-schema.ts';
export {
  type ExpenseCategory,
  type ExpenseDetails,
  expenseCategories,
  FundsInputError,
  type FundsInputErrorCode,
  needsApproval,
} from './funds/expense-input.ts';
export { type ExpenseTotal, expenseTotals } from './funds/expense-totals.ts';
export {
  addExpense,
  approveExpense,
  caseExpenses,
  checkExpense,
  type Expense,
  expenseStates,
  expenseStatesMatch,
  rejectExpense,
} from './funds/expenses.ts';
export { fundsThreshold, setFundsThreshold } from './funds/funds-setting.ts';
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
  checkPartner,
  checkPartners,
  createPartner,
  listPartners,
  type Partner,
  type PartnerCheck,
  type PartnerInput,
  type PartnerRecordProblem,
  partnerKeyFingerprint,
  removePartner,
  updatePartner,
} from './referrals/partners.ts';
export {
  type ReferralFieldOption,
  referralFieldOptions,
  relocationSummary,
} from './referrals/referral-fields.ts';
export {
  lockReferralPackage,
  openReferralPackage,
  type PackageLock,
  packageMode,
} from './referrals/referral-package.ts';
export {
  type CaseReferral,
  listReferrals,
  type MadeReferral,
  makeReferral,
  type NewReferral,
  type ReferralConsent,
  type ReferralEventContent,
  ReferralInputError,
  type ReferralInputErrorCode,
  referralDetails,
  referralResponseBaseUrl,
  revokeReferral,
} from './referrals/referrals.ts';
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
  defaultFollowUpLadder,
  type FollowUp,
  type FollowUpDay,
  followUpDays,
  followUpDueAt,
  followUpRef,
  followUps,
  scheduleFollowUps,
} from './relocation/follow-ups.ts';
export {
  checkRelocation,
  isCalendarDate,
  RelocationInputError,
  type RelocationInputErrorCode,
  type RelocationRecord,
  type RelocationRoute,
  type RelocationSource,
  type RelocationStatus,
  type RelocationStep,
  relocation,
  relocationRoutes,
  relocationStatuses,
  saveRelocation,
} from './relocation/relocation.ts';
export { buildReport, ReportError, type ReportErrorCode } from './reports/build-report.ts';
export {
  type CountTable,
  DisclosureControlError,
  type DisclosureErrorCode,
  type DisclosureOptions,
  type DisclosureRule,
  defaultDisclosureThreshold,
  type ProtectedCell,
  type ProtectedTable,
  protectTable,
  type Rounding,
  roundToBase5,
  type Suppression,
} from './reports/disclosure-control.ts';
export {
  HuridocsExportError,
  type HuridocsExportErrorCode,
  huridocsExport,
  huridocsExportUses,
} from './reports/huridocs-export.ts';
export { csvCell, csvLine, reportCsv } from './reports/report-csv.ts';
export {
  ReportDefinitionSchema,
  ReportMeasureSchema,
  reportColumnDimensions,
  reportLimits,
  reportMeasures,
  reportPeriods,
  reportRowDimensions,
  seedsReportDefinition,
} from './reports/report-definition.ts';
export {
  type CaseOutcome,
  caseOutcomes,
  detentionBucketLabels,
  measureLabels,
  outcomeLabels,
} from './reports/report-labels.ts';
export { periodKey, periodKeysBetween, periodLabel } from './reports/report-periods.ts';
export {
  hiddenMarker,
  leftOutStatement,
  noColumnSumNote,
  ruleStatement,
  sumLabel,
  sumNote,
} from './reports/report-statements.ts';
export {
  countedWarningCodes,
  type DetentionBucketKey,
  detentionBucketKeys,
  type HuridocsAct,
  type HuridocsDocument,
  type HuridocsEvent,
  type HuridocsExport,
  type HuridocsExportOptions,
  type HuridocsTermRef,
  type Report,
  type ReportChart,
  type ReportColumnDimension,
  type ReportDefinition,
  type ReportDefinitionInput,
  type ReportDefinitionProblem,
  type ReportDetention,
  type ReportLeftOut,
  type ReportLocale,
  type ReportMeasure,
  type ReportOptions,
  type ReportPeriod,
  type ReportRowDimension,
  type ReportSpending,
  type ReportTable,
  type ReportWarning,
  type ReportWarningCode,
} from './reports/report-types.ts';
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
  acceptPlacement,
  type CasePlacement,
  declinePlacement,
  endPlacement,
  listCasePlacements,
  listShelterPlacements,
  type Placement,
  type PlacementAddress,
  type PlacementRequest,
  requestingTeams,
  requestPlacement,
} from './shelters/placements.ts';
export {
  listShelters,
  type Occupancy,
  occupancySummary,
  resealShelters,
  type Shelter,
  type ShelterBed,
  type ShelterContent,
  type ShelterInput,
  saveShelter,
  sheltersToReseal,
} from './shelters/shelters.ts';
export { setUpTeam } from './teams/set-up-team.ts';
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
export {
  loadVocabularies,
  loadVocabularyStore,
  openVocabularyRecord,
  type SaveVocabularyOptions,
  type StoredVocabulary,
  saveVocabulary,
  setVocabularyTeam,
  VocabularyInputError,
  type VocabularyInputErrorCode,
  type VocabularyRecordProblem,
  type VocabularyStore,
  vocabularySetting,
} from './vocabularies/vocabulary-store.ts';
