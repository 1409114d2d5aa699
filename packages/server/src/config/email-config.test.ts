import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

const complete = {
  CORRIDOR_IMAP_HOST: 'imap.example.org',
  CORRIDOR_IMAP_USER: 'help@example.org',
  CORRIDOR_IMAP_PASSWORD: 'imap secret',
  CORRIDOR_SMTP_HOST: 'smtp.example.org',
  CORRIDOR_SMTP_USER: 'help@example.org',
  CORRIDOR_SMTP_PASSWORD: 'smtp secret',
};

describe('e-mail settings', () => {
  it('leave the channel off when CORRIDOR_IMAP_HOST is unset', () => {
    expect(loadConfig({}).email).toBeUndefined();
  });

  it('refuse stray e-mail settings without CORRIDOR_IMAP_HOST', () => {
    expect(() => loadConfig({ CORRIDOR_SMTP_HOST: 'smtp.example.org' })).toThrow(
      /CORRIDOR_SMTP_HOST set but CORRIDOR_IMAP_HOST is not/,
    );
  });

  it('default to TLS on the standard ports, the IMAP user as sender and a 30 s poll', () => {
    expect(loadConfig(complete).email).toEqual({
      imap: {
        host: 'imap.example.org',
        port: 993,
        security: 'tls',
        user: 'help@example.org',
        password: 'imap secret',
      },
      smtp: {
        host: 'smtp.example.org',
        port: 465,
        security: 'tls',
        user: 'help@example.org',
        password: 'smtp secret',
      },
      mailbox: 'INBOX',
      fromAddress: 'help@example.org',
      pollSeconds: 30,
      maxMessageBytes: 25 * 1024 * 1024,
    });
  });

  it('read passwords from files, so they stay out of the environment', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'corridor-email-config-'));
    await writeFile(join(dir, 'imap'), 'from a file\n');
    const { CORRIDOR_IMAP_PASSWORD: _, ...rest } = complete;
    const email = loadConfig({ ...rest, CORRIDOR_IMAP_PASSWORD_FILE: join(dir, 'imap') }).email;
    expect(email?.imap.password).toBe('from a file');
    expect(() =>
      loadConfig({ ...rest, CORRIDOR_IMAP_PASSWORD_FILE: join(dir, 'missing') }),
    ).toThrow(/CORRIDOR_IMAP_PASSWORD_FILE: cannot read/);
  });

  it('name every missing or bad setting at once', () => {
    let message = '';
    try {
      loadConfig({
        CORRIDOR_IMAP_HOST: 'imap.example.org',
        CORRIDOR_IMAP_SECURITY: 'none',
        CORRIDOR_SMTP_PORT: 'abc',
        CORRIDOR_EMAIL_POLL_SECONDS: '0',
        CORRIDOR_EMAIL_FROM: 'not an address',
      });
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      message = (error as Error).message;
    }
    for (const part of [
      'CORRIDOR_IMAP_SECURITY=none',
      'CORRIDOR_IMAP_USER is required',
      'CORRIDOR_IMAP_PASSWORD (or CORRIDOR_IMAP_PASSWORD_FILE) is required',
      'CORRIDOR_SMTP_HOST is required',
      'CORRIDOR_SMTP_PORT must be a port number',
      'CORRIDOR_EMAIL_POLL_SECONDS must be a whole number',
      'CORRIDOR_EMAIL_FROM must be',
    ]) {
      expect(message).toContain(part);
    }
  });

  it('allow plain connections to a mail server on this machine only', () => {
    const local = loadConfig({
      ...complete,
      CORRIDOR_IMAP_HOST: 'localhost',
      CORRIDOR_IMAP_SECURITY: 'none',
    }).email;
    expect(local?.imap).toMatchObject({ security: 'none', port: 143 });
  });
});
