import type { ErrorCode } from '@corridor/protocol';

/**
 * The public side's words, in each language it speaks. Plain, short sentences: the
 * reader may be frightened, on a slow connection, in Tor Browser with JavaScript off.
 */
const text = {
  en: {
    title: 'Corridor — safe contact',
    heading: 'Ask for help safely',
    intro:
      'This page belongs to an organisation that helps people in danger leave and find safety. What you send here is encrypted as soon as it arrives: not even our server can read it.',
    soon: 'The contact form is being set up. Please come back soon.',
    safetyHeading: 'Before you write',
    safety: [
      'Use a device and a network that the people you fear cannot see. Tor Browser is safest.',
      'Delete this page from your history when you are done.',
      'If someone comes, press “Quick exit”: it leaves this page at once.',
    ],
    writeHeading: 'Write to us',
    whatToWrite:
      'Write what is happening, where you are (a city is enough), and how and when we can safely reach you. A first name or a nickname is enough.',
    whatNotToWrite:
      'Do not write passwords, or names and addresses of other people unless we need them to help you.',
    messageLabel: 'Your message',
    send: 'Send safely',
    haveCode: 'Already wrote to us? Enter your receipt code',
    receivedHeading: 'Your message has arrived',
    codeLabel: 'Your receipt code',
    codeAdvice:
      'Write the code down or copy it somewhere safe. With it you can come back to read our answer and write again. We cannot recover it. Anyone who has it can read our answers, so keep it hidden.',
    readAnswers: 'Read answers with your code',
    followUpHeading: 'Come back with your receipt code',
    open: 'Open',
    conversationHeading: 'Your conversation',
    youWrote: 'You wrote',
    youWroteNote: 'sealed: only the hotline can read it, so it is not shown here',
    weWrote: 'The hotline answered',
    noReplies: 'No answer yet. Please come back later.',
    replyHeading: 'Write again',
    sent: 'Sent. Your message has arrived.',
    emptyMessage: 'Write a message first.',
    tooLong: 'The message is too long. Please shorten it to 4,000 characters or send it in parts.',
    notText: 'The message contains characters that are not text. Please write it again.',
    unknownCode:
      'This code does not open anything. Check it and try again: letters and numbers in groups of four.',
    tooMany: 'Too many attempts. Please wait ten minutes and try again.',
    quickExit: 'Quick exit',
    language: 'Language',
    notFound: 'This page does not exist.',
    failed: 'Something went wrong. Nothing you sent was lost; please try again.',
    refused: 'This could not be sent. Nothing was stored; please go back and try again.',
    home: 'Back to the start page',
  },
  ru: {
    title: 'Corridor — безопасная связь',
    heading: 'Попросите о помощи безопасно',
    intro:
      'Эта страница принадлежит организации, которая помогает людям в опасности уехать и оказаться в безопасности. Всё, что вы отправите, шифруется сразу при получении: даже наш сервер не может это прочитать.',
    soon: 'Форма для связи скоро заработает. Пожалуйста, зайдите позже.',
    safetyHeading: 'Прежде чем писать',
    safety: [
      'Пишите с устройства и из сети, которые не видят те, кого вы боитесь. Безопаснее всего Tor Browser.',
      'Когда закончите, удалите эту страницу из истории браузера.',
      'Если кто-то подходит, нажмите «Быстрый выход»: страница сразу закроется.',
    ],
    writeHeading: 'Напишите нам',
    whatToWrite:
      'Напишите, что происходит, где вы (достаточно города) и как и когда с вами можно безопасно связаться. Достаточно имени или прозвища.',
    whatNotToWrite:
      'Не пишите пароли, имена и адреса других людей, если они не нужны, чтобы вам помочь.',
    messageLabel: 'Ваше сообщение',
    send: 'Отправить безопасно',
    haveCode: 'Уже писали нам? Введите код получения',
    receivedHeading: 'Ваше сообщение получено',
    codeLabel: 'Ваш код получения',
    codeAdvice:
      'Запишите код или сохраните его в надёжном месте. С ним вы сможете вернуться, прочитать наш ответ и написать снова. Восстановить код мы не можем. Любой, у кого он есть, прочитает наши ответы, поэтому прячьте его.',
    readAnswers: 'Прочитать ответы по коду',
    followUpHeading: 'Вернитесь с кодом получения',
    open: 'Открыть',
    conversationHeading: 'Ваша переписка',
    youWrote: 'Вы написали',
    youWroteNote: 'запечатано: прочитать может только горячая линия, поэтому здесь не показано',
    weWrote: 'Ответ горячей линии',
    noReplies: 'Ответа пока нет. Пожалуйста, зайдите позже.',
    replyHeading: 'Написать ещё',
    sent: 'Отправлено. Ваше сообщение получено.',
    emptyMessage: 'Сначала напишите сообщение.',
    tooLong: 'Сообщение слишком длинное. Сократите его до 4000 знаков или отправьте частями.',
    notText:
      'В сообщении есть символы, которые не являются текстом. Пожалуйста, напишите его заново.',
    unknownCode:
      'Этот код ничего не открывает. Проверьте его и попробуйте снова: буквы и цифры группами по четыре.',
    tooMany: 'Слишком много попыток. Подождите десять минут и попробуйте снова.',
    quickExit: 'Быстрый выход',
    language: 'Язык',
    notFound: 'Такой страницы нет.',
    failed: 'Что-то пошло не так. Ничего из отправленного не потеряно; попробуйте ещё раз.',
    refused: 'Не удалось отправить. Ничего не сохранено; вернитесь и попробуйте ещё раз.',
    home: 'На главную страницу',
  },
} as const;

export type PublicLanguage = keyof typeof text;
export type PublicText = (typeof text)[PublicLanguage];
/** A message the intake pages can show as an alert. */
export type PublicNotice =
  | 'emptyMessage'
  | 'tooLong'
  | 'notText'
  | 'unknownCode'
  | 'tooMany'
  | 'soon'
  | 'sent'
  | 'failed';

/** A neutral page to leave to: it looks like ordinary browsing to anyone watching. */
export const quickExitUrl = 'https://www.wikipedia.org/';

/**
 * The language to answer in: an explicit `?lang=` choice first, then the first
 * supported language in Accept-Language (RFC 9110 §12.5.4), then English.
 */
export function choosePublicLanguage(
  explicit: unknown,
  acceptLanguage: string | undefined,
): PublicLanguage {
  if (explicit === 'ru' || explicit === 'en') return explicit;
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag, q: q ? Number(q.slice(2)) || 0 : 1 };
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    const primary = tag.split('-')[0];
    if (primary === 'ru' || primary === 'en') return primary;
  }
  return 'en';
}

const escapes: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => escapes[c] ?? c);

function layout(lang: PublicLanguage, path: string, main: string, script = false): string {
  const t = text[lang];
  const other: PublicLanguage = lang === 'en' ? 'ru' : 'en';
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex, nofollow">
<title>${escapeHtml(t.title)}</title>
<link rel="stylesheet" href="/intake.css">${script ? '\n<script src="/intake.js" defer></script>' : ''}
</head>
<body>
<header>
<a class="exit" href="${quickExitUrl}" rel="noreferrer">${escapeHtml(t.quickExit)}</a>
<nav aria-label="${escapeHtml(t.language)}"><a href="${path}?lang=${other}" lang="${other}" hreflang="${other}">${other === 'ru' ? 'Русский' : 'English'}</a></nav>
</header>
<main>
${main}
</main>
</body>
</html>
`;
}

const notice = (t: PublicText, which: PublicNotice | undefined, role = 'alert') =>
  which ? `<p class="notice" role="${role}">${escapeHtml(t[which])}</p>\n` : '';

/** The message field and the proof-of-work slot the script fills (empty without JavaScript). */
function messageFields(t: PublicText, challenge: string | null, draft = ''): string {
  return `<label for="message">${escapeHtml(t.messageLabel)}</label>
<textarea id="message" name="message" rows="8" maxlength="4000" required>${escapeHtml(draft)}</textarea>
${challenge ? `<input type="hidden" name="altcha" value="" data-challenge="${escapeHtml(challenge)}">\n` : ''}<button type="submit">${escapeHtml(t.send)}</button>`;
}

export interface FormPageOptions {
  /** A signed proof-of-work challenge, or null when the inbox takes no messages yet. */
  readonly challenge: string | null;
  readonly ready: boolean;
  readonly notice?: PublicNotice;
  readonly draft?: string;
}

export function renderIntakePage(lang: PublicLanguage, options?: FormPageOptions): string {
  const t = text[lang];
  const ready = options?.ready ?? false;
  const form = ready
    ? `<h2>${escapeHtml(t.writeHeading)}</h2>
<p>${escapeHtml(t.whatToWrite)}</p>
<p>${escapeHtml(t.whatNotToWrite)}</p>
${notice(t, options?.notice)}<form method="post" action="/messages">
<input type="hidden" name="lang" value="${lang}">
${messageFields(t, options?.challenge ?? null, options?.draft)}
</form>
<p><a href="/follow-up?lang=${lang}">${escapeHtml(t.haveCode)}</a></p>`
    : `<p class="notice">${escapeHtml(t.soon)}</p>`;
  return layout(
    lang,
    '/',
    `<h1>${escapeHtml(t.heading)}</h1>
<p>${escapeHtml(t.intro)}</p>
<h2>${escapeHtml(t.safetyHeading)}</h2>
<ul>
${t.safety.map((line) => `<li>${escapeHtml(line)}</li>`).join('\n')}
</ul>
${form}`,
    ready,
  );
}

export function renderReceiptPage(lang: PublicLanguage, code: string): string {
  const t = text[lang];
  return layout(
    lang,
    '/follow-up',
    `<h1>${escapeHtml(t.receivedHeading)}</h1>
<h2>${escapeHtml(t.codeLabel)}</h2>
<p class="code" id="receipt-code">${escapeHtml(code)}</p>
<p>${escapeHtml(t.codeAdvice)}</p>
<p><a href="/follow-up?lang=${lang}">${escapeHtml(t.readAnswers)}</a></p>`,
  );
}

export function renderFollowUpPage(lang: PublicLanguage, which?: PublicNotice): string {
  const t = text[lang];
  return layout(
    lang,
    '/follow-up',
    `<h1>${escapeHtml(t.followUpHeading)}</h1>
${notice(t, which)}<form method="post" action="/follow-up">
<input type="hidden" name="lang" value="${lang}">
<label for="code">${escapeHtml(t.codeLabel)}</label>
<input id="code" name="code" autocomplete="off" autocapitalize="characters" spellcheck="false" maxlength="40" required>
<button type="submit">${escapeHtml(t.open)}</button>
</form>`,
  );
}

export interface ConversationEntry {
  readonly direction: 'inbound' | 'outbound';
  readonly at: string;
  /** A staff reply opened with the code's key; null for the applicant's own (sealed) messages. */
  readonly text: string | null;
}

const shownTime = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;

export function renderConversationPage(
  lang: PublicLanguage,
  code: string,
  entries: readonly ConversationEntry[],
  options: {
    challenge: string | null;
    notice?: PublicNotice;
    draft?: string;
    /** The check-in form and its answer, as HTML (checkins/checkin-page.ts), or nothing. */
    checkin?: string;
  },
): string {
  const t = text[lang];
  const items = entries.map((entry) =>
    entry.direction === 'inbound'
      ? `<li><p class="meta">${escapeHtml(t.youWrote)}, <time datetime="${entry.at}">${shownTime(entry.at)}</time> — ${escapeHtml(t.youWroteNote)}</p></li>`
      : `<li class="reply"><p class="meta">${escapeHtml(t.weWrote)}, <time datetime="${entry.at}">${shownTime(entry.at)}</time></p><p class="text">${escapeHtml(entry.text ?? '')}</p></li>`,
  );
  const hasReply = entries.some((e) => e.direction === 'outbound');
  return layout(
    lang,
    '/follow-up',
    `<h1>${escapeHtml(t.conversationHeading)}</h1>
${notice(t, options.notice, options.notice === 'sent' ? 'status' : 'alert')}${options.checkin ?? ''}<ol class="conversation">
${items.join('\n')}
</ol>
${hasReply ? '' : `<p>${escapeHtml(t.noReplies)}</p>\n`}<h2>${escapeHtml(t.replyHeading)}</h2>
<form method="post" action="/follow-up/reply">
<input type="hidden" name="lang" value="${lang}">
<input type="hidden" name="code" value="${escapeHtml(code)}">
${messageFields(t, options.challenge, options.draft)}
</form>`,
    options.challenge !== null,
  );
}

export function renderPublicErrorPage(lang: PublicLanguage, code: ErrorCode): string {
  const t = text[lang];
  const message =
    code === 'not_found'
      ? t.notFound
      : code === 'rate_limited'
        ? t.tooMany
        : code === 'payload_too_large'
          ? t.tooLong
          : code === 'unavailable'
            ? t.soon
            : code === 'internal'
              ? t.failed
              : t.refused;
  return layout(
    lang,
    '/',
    `<h1>${escapeHtml(message)}</h1>
<p><a href="/?lang=${lang}">${escapeHtml(t.home)}</a></p>`,
  );
}

/** Kept tiny and system fonts only: the page must load fast over Tor. */
export const intakeCss = `*{box-sizing:border-box}
body{margin:0 auto;max-width:40rem;padding:1rem;font:1.05rem/1.5 system-ui,sans-serif;color:#1a1a1a;background:#fff}
header{display:flex;justify-content:space-between;align-items:center;gap:1rem;margin-bottom:1rem}
a{color:#0b57d0}
a:focus-visible,textarea:focus-visible,input:focus-visible,button:focus-visible{outline:3px solid #1a1a1a;outline-offset:2px}
.exit{background:#b3261e;color:#fff;padding:.5rem 1rem;border-radius:.25rem;font-weight:600;text-decoration:none}
.notice{border-left:4px solid #0b57d0;padding:.5rem 1rem;background:#eef3fd}
label{display:block;font-weight:600;margin:.5rem 0 .25rem}
textarea,input{width:100%;font:inherit;padding:.5rem;border:1px solid #555;border-radius:.25rem}
button{margin-top:.75rem;font:inherit;font-weight:600;padding:.5rem 1.25rem;border:0;border-radius:.25rem;background:#0b57d0;color:#fff}
.code{font:700 1.4rem/1.4 ui-monospace,monospace;letter-spacing:.05em;padding:.75rem;border:2px dashed #1a1a1a;word-break:break-all}
.conversation{padding-left:1.25rem}
.meta{color:#444;margin-bottom:0}
.text{white-space:pre-wrap;margin-top:.25rem}
`;

/**
 * The only script, optional: solves the ALTCHA challenge (SHA-256 of salt and number)
 * while the person writes, so the message earns the looser limits. Without it the form
 * works the same under stricter ones.
 */
export const intakeScript = `(async()=>{for(const i of document.querySelectorAll('input[name=altcha][data-challenge]')){try{const c=JSON.parse(atob(i.dataset.challenge)),e=new TextEncoder();for(let n=0;n<=c.maxnumber;n++){const h=new Uint8Array(await crypto.subtle.digest('SHA-256',e.encode(c.salt+n)));let x='';for(const b of h)x+=b.toString(16).padStart(2,'0');if(x===c.challenge){i.value=btoa(JSON.stringify({algorithm:c.algorithm,challenge:c.challenge,number:n,salt:c.salt,signature:c.signature}));break}}}catch{}}})();
`;
