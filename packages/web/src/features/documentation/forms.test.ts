import { describe, expect, it } from 'vitest';
import { readConsent, withdrawnConsent } from './consent-form.ts';
import { isRefusal, readCapture } from './evidence-form.ts';

const formOf = (fields: [string, string | File][]) => {
  const form = new FormData();
  for (const [name, value] of fields) form.append(name, value);
  return form;
};

describe('the consent fields', () => {
  it('read no consent when no use is ticked', () => {
    expect(readConsent(formOf([['givenOn', '2026-11-01']]))).toBeNull();
  });

  it('read the uses, dates, method and note', () => {
    expect(
      readConsent(
        formOf([
          ['consentUse', 'anonymised_statistics'],
          ['consentUse', 'united_nations'],
          ['givenOn', '2026-11-01'],
          ['expiresOn', ''],
          ['consentMethod', 'oral_recorded'],
          ['consentNote', ' recorded on the phone '],
        ]),
      ),
    ).toEqual({
      uses: ['anonymised_statistics', 'united_nations'],
      givenOn: '2026-11-01',
      expiresOn: null,
      method: 'oral_recorded',
      note: 'recorded on the phone',
    });
  });

  it('withdraw to internal use only, saying when in the note', () => {
    const consent = {
      uses: ['anonymised_statistics', 'named_publication'],
      givenOn: '2026-11-01',
      expiresOn: null,
      method: 'written' as const,
      note: 'signed form',
    };
    expect(withdrawnConsent(consent, 'Withdrawn on 26 Nov 2026.')).toEqual({
      ...consent,
      uses: ['internal_only'],
      note: 'signed form\nWithdrawn on 26 Nov 2026.',
    });
  });
});

describe('the capture form', () => {
  const described: [string, string][] = [
    ['title', 'Photo of injuries'],
    ['source', "The person's phone"],
    ['method', 'Copied by the interviewer'],
  ];

  it('refuses a missing title, a file kind without a file, a bad address', () => {
    expect(readCapture(formOf([['kind', 'file']]))).toEqual({
      code: 'text_required',
      path: 'title',
    });
    expect(readCapture(formOf([['kind', 'file'], ...described]))).toEqual({
      code: 'evidence_needs_file_or_url',
      path: 'file',
    });
    expect(
      readCapture(formOf([['kind', 'link'], ['url', 'javascript:alert(1)'], ...described])),
    ).toEqual({
      code: 'url_invalid',
      path: 'url',
    });
  });

  it('reads a file and the acts it supports, and a link with no acts without an event', async () => {
    const file = new File([new Uint8Array([1, 2, 3])], 'photo.jpg', { type: 'image/jpeg' });
    const capture = readCapture(
      formOf([
        ['kind', 'file'],
        ['file', file],
        ['eventId', 'e'],
        ['actId', 'a1'],
        ['actId', 'a2'],
        ...described,
      ]),
    );
    if (isRefusal(capture)) throw new Error(capture.code);
    expect(capture).toMatchObject({
      title: 'Photo of injuries',
      eventId: 'e',
      actIds: ['a1', 'a2'],
    });
    expect(capture.file).toMatchObject({ name: 'photo.jpg', type: 'image/jpeg', size: 3 });
    const link = readCapture(
      formOf([
        ['kind', 'link'],
        ['url', 'https://vk.com/wall1'],
        ['eventId', ''],
        ['actId', 'a1'],
        ...described,
      ]),
    );
    expect(link).toMatchObject({ url: 'https://vk.com/wall1', eventId: null, actIds: [] });
    expect(link).not.toHaveProperty('file');
  });
});
