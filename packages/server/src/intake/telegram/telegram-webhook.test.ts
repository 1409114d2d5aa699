// The Telegram channel's settings and its webhook: no token, no bot; the webhook is set
// with its secret, and an update counts only with that secret (constant-time compare).
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeBotApi, startFakeBotApi } from '../../../../../test-support/fake-bot-api.ts';
import {
  createTestDatabase,
  type TestDatabase,
} from '../../../../../test-support/test-database.ts';
import { ConfigError, loadConfig } from '../../config/config.ts';
import { createLogger } from '../../logging/logger.ts';
import { type RunningServer, startServer } from '../../server.ts';

const secret = 'a'.repeat(40);
const token = '7000001:AAFakeTokenForTestsOnly_0123456789abcd';

describe('Telegram settings', () => {
  it('runs no bot without a token, and refuses half a configuration', () => {
    expect(loadConfig({}).telegram).toBeUndefined();
    expect(() => loadConfig({ CORRIDOR_TELEGRAM_WEBHOOK_SECRET: secret })).toThrow(
      /CORRIDOR_TELEGRAM_TOKEN is not/,
    );
    expect(() => loadConfig({ CORRIDOR_TELEGRAM_TOKEN: token })).toThrow(/CORRIDOR_PUBLIC_URL/);
    expect(() =>
      loadConfig({
        CORRIDOR_TELEGRAM_TOKEN: token,
        CORRIDOR_PUBLIC_URL: 'https://intake.example.org/',
        CORRIDOR_TELEGRAM_WEBHOOK_URL: 'https://intake.example.org/telegram/webhook',
      }),
    ).toThrow(ConfigError);
    expect(() =>
      loadConfig({ CORRIDOR_TELEGRAM_TOKEN: 'not a token', CORRIDOR_PUBLIC_URL: 'https://x.org/' }),
    ).toThrow(/BotFather/);
    expect(
      loadConfig({
        CORRIDOR_TELEGRAM_TOKEN: token,
        CORRIDOR_PUBLIC_URL: 'https://intake.example.org/',
      }).telegram,
    ).toEqual({
      token,
      apiRoot: undefined,
      webhook: undefined,
      publicFormUrl: 'https://intake.example.org/',
    });
  });
});

describe('the Telegram webhook', () => {
  let fake: FakeBotApi;
  let database: TestDatabase;
  let server: RunningServer;
  let webhook: URL;

  beforeAll(async () => {
    fake = await startFakeBotApi();
    database = await createTestDatabase('sqlite');
    const config = loadConfig({
      CORRIDOR_DATA_DIR: database.dataDir,
      CORRIDOR_PUBLIC_PORT: '0',
      CORRIDOR_STAFF_PORT: '0',
      CORRIDOR_SECRETS_FILE: join(database.dataDir, 'server-secrets.json'),
      CORRIDOR_TELEGRAM_TOKEN: fake.token,
      CORRIDOR_TELEGRAM_API_ROOT: fake.apiRoot,
      CORRIDOR_TELEGRAM_WEBHOOK_URL: 'https://intake.example.org/telegram/webhook',
      CORRIDOR_TELEGRAM_WEBHOOK_SECRET: secret,
      CORRIDOR_PUBLIC_URL: 'https://intake.example.org/',
    });
    server = await startServer(config, {
      logger: createLogger('silent'),
      webDistDir: database.dataDir,
    });
    webhook = new URL('/telegram/webhook', server.publicUrl);
  });
  afterAll(async () => {
    await server?.close();
    await database?.dispose();
    await fake?.close();
  });

  const post = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(webhook, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });

  it('sets the webhook with its secret and does not poll', async () => {
    const until = Date.now() + 5000;
    while (!fake.webhook && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    expect(fake.webhook).toEqual({
      url: 'https://intake.example.org/telegram/webhook',
      secret_token: secret,
    });
    expect(fake.calls).not.toContain('getUpdates');
  });

  it('refuses an update with a wrong, shorter, longer or missing secret with 403', async () => {
    const { update, message } = fake.userSends({ id: 42, languageCode: 'en' }, { text: 'hello' });
    for (const headers of [
      {} as Record<string, string>,
      { 'x-telegram-bot-api-secret-token': 'b'.repeat(40) },
      { 'x-telegram-bot-api-secret-token': secret.slice(1) },
      { 'x-telegram-bot-api-secret-token': `${secret}a` },
    ]) {
      const response = await post(update, headers);
      expect(response.status).toBe(403);
    }
    expect(fake.calls).not.toContain('sendMessage');
    expect(message.deleted).toBe(false);
  });

  it('takes an update with the right secret, and a malformed one without failing', async () => {
    const headers = { 'x-telegram-bot-api-secret-token': secret };
    const { update } = fake.userSends({ id: 43, languageCode: 'en' }, { text: 'hello' });
    const response = await post(update, headers);
    expect(response.status).toBe(200);
    // No inbox key on this server yet: the sender is told, in English, and nothing is kept.
    const said = fake.messagesIn(43).map((m) => m.text ?? '');
    expect(said.some((t) => t.includes('not taking messages yet'))).toBe(true);
    expect(said.some((t) => t.includes('not end-to-end encrypted'))).toBe(true);
    expect((await post({ update_id: 'x' }, headers)).status).toBe(200);
    expect((await post('not an update', headers)).status).toBe(200);
    const broken = await fetch(webhook, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: '{"update_id": 7, "message": {',
    });
    expect(broken.status).toBe(200);
    const messages = await server.storage.db
      .selectFrom('intake_message')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(messages.n)).toBe(0);
  });
});
