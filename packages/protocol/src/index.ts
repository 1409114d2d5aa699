export * from './alerts/alert-routes.ts';
export * from './alerts/alert-schemas.ts';
export * from './attachments/attachment-routes.ts';
export * from './attachments/attachment-schemas.ts';
export * from './auth/auth-routes.ts';
export * from './auth/auth-schemas.ts';
export * from './auth/webauthn-routes.ts';
export * from './auth/webauthn-schemas.ts';
export * from './cases/case-routes.ts';
export * from './cases/case-schemas.ts';
export { caseEventStatement } from './cases/event-statement.ts';
export * from './cases/operations.ts';
export * from './cases/verification.ts';
export * from './cases/workflow.ts';
export * from './checkins/checkin-routes.ts';
export * from './checkins/checkin-schemas.ts';
export * from './documentation/documentation-kinds.ts';
export * from './documentation/vocabulary.ts';
export {
  type ApiError,
  ApiErrorSchema,
  apiError,
  type ErrorCode,
  ErrorCodeSchema,
  errorCodes,
  errorStatus,
} from './errors/error-codes.ts';
export * from './funds/funds-routes.ts';
export * from './funds/funds-schemas.ts';
export {
  type DatabaseKind,
  DatabaseKindSchema,
  type Health,
  HealthSchema,
} from './health/health.ts';
export * from './intake/email-reply.ts';
export * from './intake/intake-routes.ts';
export * from './intake/intake-schemas.ts';
export * from './mentions/mention-routes.ts';
export * from './mentions/mention-schemas.ts';
export * from './partners/partner-routes.ts';
export * from './partners/partner-schemas.ts';
export * from './referrals/referral-routes.ts';
export * from './referrals/referral-schemas.ts';
export * from './referrers/referrer-routes.ts';
export * from './referrers/referrer-schemas.ts';
export {
  defineRoute,
  type HttpMethod,
  type Listener,
  type RouteDefinition,
} from './routes/route.ts';
export { commonErrorResponses, healthRoute, routes } from './routes/routes.ts';
export * from './shelters/shelter-routes.ts';
export * from './shelters/shelter-schemas.ts';
export { teamKeyGrantStatement } from './teams/grant-statement.ts';
export * from './teams/team-routes.ts';
export * from './teams/team-schemas.ts';
export * from './verified-heads/verified-heads.ts';
export { protocolVersion } from './version.ts';
export * from './vocabularies/vocabulary-store-routes.ts';
export * from './vocabularies/vocabulary-store-schemas.ts';
