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
    quickExit: 'Quick exit',
    language: 'Language',
    notFound: 'This page does not exist.',
    failed: 'Something went wrong. Nothing you sent was lost; please try again.',
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
    quickExit: 'Быстрый выход',
    language: 'Язык',
    notFound: 'Такой страницы нет.',
    failed: 'Что-то пошло не так. Ничего из отправленного не потеряно; попробуйте ещё раз.',
    home: 'На главную страницу',
  },
} as const;

export type PublicLanguage = keyof typeof text;

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
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => escapes[c] ?? c);

function layout(lang: PublicLanguage, title: string, main: string): string {
  const t = text[lang];
  const other: PublicLanguage = lang === 'en' ? 'ru' : 'en';
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex, nofollow">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="/intake.css">
</head>
<body>
<header>
<a class="exit" href="${quickExitUrl}" rel="noreferrer">${escapeHtml(t.quickExit)}</a>
<nav aria-label="${escapeHtml(t.language)}"><a href="/?lang=${other}" lang="${other}" hreflang="${other}">${other === 'ru' ? 'Русский' : 'English'}</a></nav>
</header>
<main>
${main}
</main>
</body>
</html>
`;
}

export function renderIntakePage(lang: PublicLanguage): string {
  const t = text[lang];
  return layout(
    lang,
    t.title,
    `<h1>${escapeHtml(t.heading)}</h1>
<p>${escapeHtml(t.intro)}</p>
<p class="notice">${escapeHtml(t.soon)}</p>
<h2>${escapeHtml(t.safetyHeading)}</h2>
<ul>
${t.safety.map((line) => `<li>${escapeHtml(line)}</li>`).join('\n')}
</ul>`,
  );
}

export function renderPublicErrorPage(lang: PublicLanguage, code: ErrorCode): string {
  const t = text[lang];
  const message = code === 'not_found' ? t.notFound : t.failed;
  return layout(
    lang,
    t.title,
    `<h1>${escapeHtml(message)}</h1>
<p><a href="/?lang=${lang}">${escapeHtml(t.home)}</a></p>`,
  );
}

/** Kept tiny and system fonts only: the page must load fast over Tor. */
export const intakeCss = `*{box-sizing:border-box}
body{margin:0 auto;max-width:40rem;padding:1rem;font:1.05rem/1.5 system-ui,sans-serif;color:#1a1a1a;background:#fff}
header{display:flex;justify-content:space-between;align-items:center;gap:1rem;margin-bottom:1rem}
a{color:#0b57d0}
a:focus-visible{outline:3px solid #1a1a1a;outline-offset:2px}
.exit{background:#b3261e;color:#fff;padding:.5rem 1rem;border-radius:.25rem;font-weight:600;text-decoration:none}
.notice{border-left:4px solid #0b57d0;padding:.5rem 1rem;background:#eef3fd}
`;
