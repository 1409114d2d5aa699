import {
  fromBase64,
  fromUtf8,
  openSealed,
  type ReceiptServerKey,
  utf8,
  wipe,
} from '@corridor/crypto';
import { maxIntakeMessageChars } from '@corridor/protocol';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { renderCheckinForm, renderWordAnswer } from '../checkins/checkin-page.ts';
import { checkInByWord, hasWordCheckin, type WordAnswer } from '../checkins/word-checkin.ts';
import { ApiFailure } from '../http/error-handling.ts';
import {
  type ConversationEntry,
  choosePublicLanguage,
  type PublicLanguage,
  type PublicNotice,
  renderConversationPage,
  renderFollowUpPage,
  renderIntakePage,
  renderReceiptPage,
} from '../public/intake-page.ts';
import { acceptFollowUp, acceptInbound, type IntakeDeps } from './channel-api.ts';
import { currentInboxKey, type InboxState, inboxState } from './inbox.ts';
import type { IntakeLimiter } from './intake-limits.ts';
import type { ProofOfWork } from './proof-of-work.ts';
import { issueReceipt, openReceipt } from './receipts.ts';

export interface WebFormDeps extends IntakeDeps {
  readonly proofOfWork: ProofOfWork;
  readonly limiter: IntakeLimiter;
  /** Keys receipt-code derivations (`receiptServerKey`); from the secrets file, never stored. */
  readonly receiptKey: ReceiptServerKey;
}

/** Form posts: a 4,000-character message percent-encoded as 4-byte characters fits. */
const formBodyLimit = 64 * 1024;

type Form = Record<string, string>;

/**
 * Parses `application/x-www-form-urlencoded` strictly: the bytes must be UTF-8, every
 * escape must decode to UTF-8, and no field may repeat. Anything else is refused whole
 * (`invalid_request`) before a handler sees it, so nothing half-read is ever stored.
 */
function parseForm(raw: Buffer): Form {
  const text = new TextDecoder('utf-8', { fatal: true }).decode(raw);
  const form: Form = Object.create(null);
  for (const pair of text.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const name = decodeURIComponent((eq < 0 ? pair : pair.slice(0, eq)).replaceAll('+', ' '));
    const value = decodeURIComponent((eq < 0 ? '' : pair.slice(eq + 1)).replaceAll('+', ' '));
    if (name in form) throw new Error('repeated field');
    form[name] = value;
  }
  return form;
}

/**
 * Text a person could have typed: no NUL or other control characters than tab and line
 * breaks, no lone surrogates (decodeURIComponent has refused those already).
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to find them.
const controlCharacters = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufffe\uffff]/;

function checkMessage(raw: string | undefined): { text: string } | { notice: PublicNotice } {
  const text = (raw ?? '').replaceAll('\r\n', '\n').trim();
  if (text.length === 0) return { notice: 'emptyMessage' };
  if ([...text].length > maxIntakeMessageChars) return { notice: 'tooLong' };
  if (controlCharacters.test(text)) return { notice: 'notText' };
  return { text };
}

const languageOf = (request: FastifyRequest, form?: Form): PublicLanguage =>
  choosePublicLanguage(
    form?.lang ?? (request.query as { lang?: unknown } | undefined)?.lang,
    request.headers['accept-language'],
  );

function html(reply: FastifyReply, lang: PublicLanguage, status: number, body: string) {
  reply.header('vary', 'accept-language');
  reply.header('content-language', lang);
  return reply.code(status).type('text/html; charset=utf-8').send(body);
}

async function readyInbox(deps: IntakeDeps): Promise<InboxState | undefined> {
  const inbox = await inboxState(deps.storage.db);
  if (!inbox || !(await currentInboxKey(deps.storage.db))) return undefined;
  return inbox;
}

/** A staff reply opened with the code's key in memory; the applicant's own stay sealed. */
async function conversationEntries(
  deps: IntakeDeps,
  conversationId: string,
  keyPair: Parameters<typeof openSealed>[0],
): Promise<ConversationEntry[]> {
  const rows = await deps.storage.db
    .selectFrom('intake_message')
    .select(['direction', 'created_at', 'channel_body'])
    .where('conversation_id', '=', conversationId)
    .orderBy('seq')
    .limit(200)
    .execute();
  return rows.map((row) => {
    if (row.direction === 'inbound' || !row.channel_body) {
      return { direction: row.direction, at: row.created_at, text: null };
    }
    let text: string;
    try {
      text = fromUtf8(openSealed(keyPair, fromBase64(row.channel_body)));
    } catch {
      text = '…';
    }
    return { direction: 'outbound', at: row.created_at, text };
  });
}

/**
 * The anonymous web channel on the public listener: `/` (write), `/messages` (send,
 * answered with a receipt code), `/follow-up` (open a conversation with the code) and
 * `/follow-up/reply` (write again). Plain HTML forms: everything works with JavaScript off.
 */
export function registerWebForm(app: FastifyInstance, deps: WebFormDeps): void {
  // Forms only: a JSON or text body is refused (415) rather than read as a message.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'buffer', bodyLimit: formBodyLimit },
    (_request, body, done) => {
      try {
        done(null, parseForm(body as Buffer));
      } catch {
        done(new ApiFailure('invalid_request'), undefined);
      }
    },
  );

  const now = () => deps.clock();
  const challenge = () => deps.proofOfWork.challenge(now());
  const proved = async (form: Form) => deps.proofOfWork.redeem(form.altcha ?? '', now());

  app.get('/', async (request, reply) => {
    const lang = languageOf(request);
    const ready = (await readyInbox(deps)) !== undefined;
    return html(
      reply,
      lang,
      200,
      renderIntakePage(lang, { ready, challenge: ready ? await challenge() : null }),
    );
  });

  app.post('/messages', { bodyLimit: formBodyLimit }, async (request, reply) => {
    const form = (request.body ?? {}) as Form;
    const lang = languageOf(request, form);
    // Whether a key exists is checked by acceptInbound (`unavailable`): one query fewer.
    const inbox = await inboxState(deps.storage.db);
    const notReady = () =>
      html(reply, lang, 503, renderIntakePage(lang, { ready: false, challenge: null }));
    if (!inbox) return notReady();
    const again = async (status: number, notice: PublicNotice, draft = '') =>
      html(
        reply,
        lang,
        status,
        renderIntakePage(lang, { ready: true, challenge: await challenge(), notice, draft }),
      );
    const checked = checkMessage(form.message);
    if ('notice' in checked) return again(checked.notice === 'tooLong' ? 413 : 400, checked.notice);
    if (!deps.limiter.message(request.ip, await proved(form), now().getTime())) {
      return again(429, 'tooMany', checked.text);
    }
    const receipt = issueReceipt(inbox, deps.receiptKey);
    try {
      await acceptInbound(deps, {
        channel: 'web',
        routingIndex: null,
        body: utf8(checked.text),
        replyPublicKey: receipt.replyPublicKey,
        receipt: receipt.record,
      });
    } catch (error) {
      if (error instanceof ApiFailure && error.code === 'unavailable') return notReady();
      throw error;
    }
    return html(reply, lang, 200, renderReceiptPage(lang, receipt.code));
  });

  app.get('/follow-up', async (request, reply) => {
    const lang = languageOf(request);
    return html(reply, lang, 200, renderFollowUpPage(lang));
  });

  /** Opens the conversation for a typed code, or answers as for a wrong code. */
  async function withCode(
    request: FastifyRequest,
    reply: FastifyReply,
    form: Form,
    then: (conversationId: string, keyPair: Parameters<typeof openSealed>[0]) => Promise<unknown>,
  ) {
    const lang = languageOf(request, form);
    const inbox = await readyInbox(deps);
    if (!inbox)
      return html(reply, lang, 503, renderIntakePage(lang, { ready: false, challenge: null }));
    if (!deps.limiter.lookup(request.ip, now().getTime())) {
      return html(reply, lang, 429, renderFollowUpPage(lang, 'tooMany'));
    }
    const opened = await openReceipt(
      deps.storage.db,
      inbox,
      deps.receiptKey,
      (form.code ?? '').slice(0, 100),
    );
    if (!opened) return html(reply, lang, 404, renderFollowUpPage(lang, 'unknownCode'));
    try {
      return await then(opened.conversationId, opened.keyPair);
    } finally {
      wipe(opened.keyPair.secretKey);
    }
  }

  const showConversation = async (
    reply: FastifyReply,
    lang: PublicLanguage,
    code: string,
    conversationId: string,
    keyPair: Parameters<typeof openSealed>[0],
    status: number,
    notice?: PublicNotice,
    draft?: string,
    wordAnswer?: WordAnswer,
  ) =>
    html(
      reply,
      lang,
      status,
      renderConversationPage(lang, code, await conversationEntries(deps, conversationId, keyPair), {
        challenge: await challenge(),
        ...(notice ? { notice } : {}),
        ...(draft ? { draft } : {}),
        checkin: await checkinSection(lang, code, conversationId, wordAnswer),
      }),
    );

  /** The "Check in" form while a check-in with words is open, and the answer to a word. */
  const checkinSection = async (
    lang: PublicLanguage,
    code: string,
    conversationId: string,
    answer: WordAnswer | undefined,
  ) =>
    (answer ? renderWordAnswer(lang, answer) : '') +
    ((await hasWordCheckin(deps.storage.db, conversationId)) ? renderCheckinForm(lang, code) : '');

  app.post('/follow-up', { bodyLimit: formBodyLimit }, async (request, reply) => {
    const form = (request.body ?? {}) as Form;
    const lang = languageOf(request, form);
    return withCode(request, reply, form, (conversationId, keyPair) =>
      showConversation(reply, lang, form.code ?? '', conversationId, keyPair, 200),
    );
  });

  app.post('/follow-up/reply', { bodyLimit: formBodyLimit }, async (request, reply) => {
    const form = (request.body ?? {}) as Form;
    const lang = languageOf(request, form);
    return withCode(request, reply, form, async (conversationId, keyPair) => {
      const code = form.code ?? '';
      const checked = checkMessage(form.message);
      if ('notice' in checked) {
        return showConversation(
          reply,
          lang,
          code,
          conversationId,
          keyPair,
          checked.notice === 'tooLong' ? 413 : 400,
          checked.notice,
        );
      }
      if (!deps.limiter.message(request.ip, await proved(form), now().getTime())) {
        return showConversation(
          reply,
          lang,
          code,
          conversationId,
          keyPair,
          429,
          'tooMany',
          checked.text,
        );
      }
      await acceptFollowUp(deps, conversationId, utf8(checked.text));
      return showConversation(reply, lang, code, conversationId, keyPair, 200, 'sent');
    });
  });

  // The evacuee's check-in by word (issue 7). The safe and the duress word get the same
  // page; a word that is neither changes nothing.
  app.post('/follow-up/checkin', { bodyLimit: formBodyLimit }, async (request, reply) => {
    const form = (request.body ?? {}) as Form;
    const lang = languageOf(request, form);
    return withCode(request, reply, form, async (conversationId, keyPair) => {
      const answer = await checkInByWord(
        deps.storage.db,
        conversationId,
        form.word ?? '',
        now().toISOString(),
      );
      const status = answer === 'rate_limited' ? 429 : 200;
      return showConversation(
        reply,
        lang,
        form.code ?? '',
        conversationId,
        keyPair,
        status,
        undefined,
        undefined,
        answer,
      );
    });
  });
}
