import { describe, expect, it } from 'vitest';
import { checkinChatAnswer, renderCheckinForm, renderWordAnswer } from './checkin-page.ts';

describe('the check-in form on the public page', () => {
  it('is a plain form with one word field, the code escaped', () => {
    const html = renderCheckinForm('en', '"><script>alert(1)</script>');
    expect(html).toContain('<form method="post" action="/follow-up/checkin">');
    expect(html).toContain('name="word"');
    expect(html).toContain('autocomplete="off"');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&quot;&gt;&lt;script&gt;');
  });

  it('answers in English and Russian; a check-in is a status, a refusal an alert', () => {
    expect(renderWordAnswer('en', 'checked_in')).toContain('role="status"');
    expect(renderWordAnswer('ru', 'not_recognised')).toContain('role="alert"');
    expect(renderWordAnswer('ru', 'checked_in')).toContain('Отметка получена');
    expect(checkinChatAnswer('en', 'rate_limited')).toContain('fifteen minutes');
  });
});
