import { tokenDigest } from '@corridor/crypto';
import type { ReferralState } from '@corridor/protocol';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../auth/clock.ts';
import { ApiFailure } from '../http/error-handling.ts';
import { choosePublicLanguage, escapeHtml, type PublicLanguage } from '../public/intake-page.ts';
import type { Storage } from '../storage/storage.ts';
import { answerReferral, referralByResponse } from './referral-service.ts';

const text = {
  en: {
    title: 'Referral',
    heading: 'Referral to',
    made: 'Made on',
    state: 'State',
    states: {
      sent: 'waiting for your answer',
      accepted: 'accepted by you',
      declined: 'declined by you',
      done: 'done',
      revoked: 'withdrawn by the referring organisation',
    },
    accept: 'Accept the referral',
    decline: 'Decline the referral',
    done: 'Mark as done (the person is in your care)',
    saved: 'Your answer is recorded; the referring organisation sees it.',
    stale: 'That answer no longer fits this referral; nothing was changed.',
    missing: 'This link is not valid, or the referral no longer exists.',
    note: 'The package you received holds everything shared with you. This page shows only the state.',
  },
  ru: {
    title: 'Направление',
    heading: 'Направление в',
    made: 'Создано',
    state: 'Состояние',
    states: {
      sent: 'ожидает вашего ответа',
      accepted: 'принято вами',
      declined: 'отклонено вами',
      done: 'завершено',
      revoked: 'отозвано направившей организацией',
    },
    accept: 'Принять направление',
    decline: 'Отклонить направление',
    done: 'Отметить как завершённое (человек под вашей опекой)',
    saved: 'Ваш ответ записан; направившая организация его видит.',
    stale: 'Этот ответ больше не подходит для направления; ничего не изменено.',
    missing: 'Ссылка недействительна, или направления больше нет.',
    note: 'Всё, чем с вами поделились, — в полученном пакете. Эта страница показывает только состояние.',
  },
} as const;

/** The answers a partner can give from each state. */
const answers: Partial<Record<ReferralState, readonly ('accept' | 'decline' | 'done')[]>> = {
  sent: ['accept', 'decline'],
  accepted: ['done'],
};
const targetOf = { accept: 'accepted', decline: 'declined', done: 'done' } as const;

const tokenPattern = /^[A-Za-z0-9_-]{43}$/;

function layout(lang: PublicLanguage, path: string, main: string): string {
  const other: PublicLanguage = lang === 'en' ? 'ru' : 'en';
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex, nofollow">
<title>${escapeHtml(text[lang].title)}</title>
<link rel="stylesheet" href="/intake.css">
</head>
<body>
<header><nav aria-label="Language / Язык"><a href="${path}?lang=${other}" lang="${other}" hreflang="${other}">${other === 'ru' ? 'Русский' : 'English'}</a></nav></header>
<main>
${main}
</main>
</body>
</html>
`;
}

/** The page a partner's link opens: state, and a button for each answer open to them. */
export function renderReferralResponsePage(
  lang: PublicLanguage,
  path: string,
  referral: { state: ReferralState; partnerName: string; createdAt: string } | null,
  notice?: 'saved' | 'stale',
): string {
  const t = text[lang];
  if (!referral) return layout(lang, path, `<h1>${escapeHtml(t.missing)}</h1>`);
  const buttons = (answers[referral.state] ?? [])
    .map(
      (answer) => `<form method="post" action="${path}">
<input type="hidden" name="lang" value="${lang}">
<input type="hidden" name="answer" value="${answer}">
<button type="submit">${escapeHtml(t[answer])}</button>
</form>`,
    )
    .join('\n');
  return layout(
    lang,
    path,
    `<h1>${escapeHtml(t.heading)} ${escapeHtml(referral.partnerName)}</h1>
${notice ? `<p class="notice" role="status">${escapeHtml(t[notice])}</p>\n` : ''}<dl>
<dt>${escapeHtml(t.made)}</dt><dd>${escapeHtml(referral.createdAt.slice(0, 10))}</dd>
<dt>${escapeHtml(t.state)}</dt><dd>${escapeHtml(t.states[referral.state])}</dd>
</dl>
${buttons}
<p>${escapeHtml(t.note)}</p>`,
  );
}

function html(reply: FastifyReply, lang: PublicLanguage, status: number, body: string) {
  reply.header('content-language', lang);
  reply.header('cache-control', 'no-store');
  return reply.code(status).type('text/html; charset=utf-8').send(body);
}

/**
 * The partner's side of a referral on the public listener: `/referral/<token>` shows the
 * state, and its forms accept, decline or mark done. No JavaScript. The token (256 bits,
 * in the package) is the capability; the server keeps only its digest, like a session
 * token, and request logging is off, so the path is not written anywhere.
 */
export function registerReferralResponsePage(
  app: FastifyInstance,
  deps: { readonly storage: Storage; readonly clock: Clock },
): void {
  const langOf = (request: FastifyRequest, form?: Record<string, string>) =>
    choosePublicLanguage(
      form?.lang ?? (request.query as { lang?: unknown } | undefined)?.lang,
      request.headers['accept-language'],
    );
  const digestOf = (token: string) =>
    tokenPattern.test(token) ? tokenDigest('referral-response', token) : null;

  app.get<{ Params: { token: string } }>('/referral/:token', async (request, reply) => {
    const lang = langOf(request);
    const path = `/referral/${encodeURIComponent(request.params.token)}`;
    const digest = digestOf(request.params.token);
    const row = digest ? await referralByResponse(deps.storage.db, digest) : null;
    const view = row
      ? {
          state: row.state as ReferralState,
          partnerName: row.partner_name,
          createdAt: row.created_at,
        }
      : null;
    return html(reply, lang, row ? 200 : 404, renderReferralResponsePage(lang, path, view));
  });

  app.post<{ Params: { token: string } }>(
    '/referral/:token',
    { bodyLimit: 4096 },
    async (request, reply) => {
      const form = (request.body ?? {}) as Record<string, string>;
      const lang = langOf(request, form);
      const path = `/referral/${encodeURIComponent(request.params.token)}`;
      const digest = digestOf(request.params.token);
      const answer = form.answer;
      if (!digest || (answer !== 'accept' && answer !== 'decline' && answer !== 'done')) {
        return html(reply, lang, 404, renderReferralResponsePage(lang, path, null));
      }
      try {
        const view = await answerReferral(
          deps.storage,
          digest,
          targetOf[answer],
          deps.clock().toISOString(),
        );
        return html(reply, lang, 200, renderReferralResponsePage(lang, path, view, 'saved'));
      } catch (error) {
        if (!(error instanceof ApiFailure)) throw error;
        const row = await referralByResponse(deps.storage.db, digest);
        const view = row
          ? {
              state: row.state as ReferralState,
              partnerName: row.partner_name,
              createdAt: row.created_at,
            }
          : null;
        return html(
          reply,
          lang,
          row ? 409 : 404,
          renderReferralResponsePage(lang, path, view, row ? 'stale' : undefined),
        );
      }
    },
  );
}
