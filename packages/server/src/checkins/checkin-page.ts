import type { WordAnswer } from './word-checkin.ts';

// The "Check in" form on the public conversation page (plain HTML, no JavaScript), in the
// intake page's languages. One answer for the safe and the duress word.

const text = {
  en: {
    heading: 'Check in',
    intro: 'If we agreed a word with you, write it here to let us know how you are.',
    label: 'Your word',
    send: 'Check in',
    checked_in: 'Checked in. Thank you.',
    not_recognised: 'This word was not recognised. Nothing was changed.',
    rate_limited: 'Too many attempts. Please wait fifteen minutes and try again.',
  },
  ru: {
    heading: 'Отметиться',
    intro: 'Если мы договорились с вами о слове, напишите его здесь, чтобы мы знали, как вы.',
    label: 'Ваше слово',
    send: 'Отметиться',
    checked_in: 'Отметка получена. Спасибо.',
    not_recognised: 'Это слово не распознано. Ничего не изменено.',
    rate_limited: 'Слишком много попыток. Подождите пятнадцать минут и попробуйте снова.',
  },
} as const;

const escapeHtml = (value: string) =>
  value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');

/** The answer to a word, as a notice; `checked_in` is a status, the others alerts. */
export function renderWordAnswer(lang: 'en' | 'ru', answer: WordAnswer): string {
  const role = answer === 'checked_in' ? 'status' : 'alert';
  return `<p class="notice" role="${role}">${escapeHtml(text[lang][answer])}</p>\n`;
}

/** The form, shown while the conversation has an open check-in with words. */
export function renderCheckinForm(lang: 'en' | 'ru', code: string): string {
  const t = text[lang];
  return `<h2>${escapeHtml(t.heading)}</h2>
<p>${escapeHtml(t.intro)}</p>
<form method="post" action="/follow-up/checkin">
<input type="hidden" name="lang" value="${lang}">
<input type="hidden" name="code" value="${escapeHtml(code)}">
<label for="checkin-word">${escapeHtml(t.label)}</label>
<input id="checkin-word" name="word" type="text" autocomplete="off" maxlength="100" required>
<button type="submit">${escapeHtml(t.send)}</button>
</form>
`;
}

/** The bot's answer to `/checkin <word>`: the same for the safe and the duress word. */
export function checkinChatAnswer(lang: 'en' | 'ru', answer: WordAnswer): string {
  return text[lang][answer];
}
