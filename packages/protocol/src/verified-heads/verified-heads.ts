import { z } from 'zod';
import { base64Url } from '../common/base64-url.ts';
import { defineRoute } from '../routes/route.ts';

/**
 * A member's verified heads: for each case whose whole history their browser checked
 * (chain, payloads and every signature), the version and digest of its last event, in
 * a statement they signed. At the next unlock the events up to those heads need no
 * signature checked again, and a history shortened or rewritten below a head is caught.
 * The server learns nothing new: case ids, versions and the digests of statements it
 * stores are its own knowledge already. It cannot forge heads; it can withhold them or
 * answer an older set, which narrows what is caught to those older heads (devices keep
 * nothing at rest to compare with).
 */
export const verifiedHeadsPurpose = 'verified-heads';

/** At most this many bytes of statement: ~75 bytes a case, for 100 000 cases and more. */
export const maxVerifiedHeadsBytes = 12 * 1024 * 1024;

export const VerifiedHeadsSchema = z.object({
  /**
   * JSON `["verified-heads", accountId, at, [[caseId, version, digest], …]]`, signed as is
   * (purpose `verified-heads`) by the member's signing key.
   */
  statement: z.string().min(1).max(maxVerifiedHeadsBytes),
  signature: base64Url(86).min(86),
});

export const VerifiedHeadsSaved = z.object({ savedAt: z.iso.datetime() });

export const getVerifiedHeadsRoute = defineRoute({
  id: 'getVerifiedHeads',
  method: 'get',
  path: '/api/me/verified-heads',
  listeners: ['staff'],
  summary: 'The caller’s own signed verified heads, as they last saved them (404 if never).',
  responses: { 200: VerifiedHeadsSchema },
});

export const putVerifiedHeadsRoute = defineRoute({
  id: 'putVerifiedHeads',
  method: 'put',
  path: '/api/me/verified-heads',
  listeners: ['staff'],
  summary:
    'Replaces the caller’s signed verified heads. Stored as given: only the member’s own browser can check and use them.',
  body: VerifiedHeadsSchema,
  responses: { 200: VerifiedHeadsSaved },
});

export const verifiedHeadsRoutes = [getVerifiedHeadsRoute, putVerifiedHeadsRoute];
