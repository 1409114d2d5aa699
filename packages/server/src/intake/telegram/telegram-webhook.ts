import { timingSafeEqual } from 'node:crypto';
import { fromHex, sha256, utf8 } from '@corridor/crypto';
import type { FastifyInstance } from 'fastify';
import type { TelegramChannel } from './telegram-channel.ts';

/** Telegram's header carrying the secret given to setWebhook (Bot API, setWebhook). */
const secretHeader = 'x-telegram-bot-api-secret-token';

/**
 * The webhook route on the public listener, at the path of CORRIDOR_TELEGRAM_WEBHOOK_URL.
 * Anyone can reach it, so an update counts only with the secret token; a wrong or
 * missing one gets 403 and is not looked at.
 */
export function registerTelegramWebhook(
  app: FastifyInstance,
  options: { url: string; secret: string; channel: TelegramChannel },
): void {
  const expected = fromHex(sha256(utf8(options.secret)));
  // A scope of its own: the public listener takes only forms (web-form-routes), this
  // route only Telegram's JSON.
  void app.register((scope, _options, done) => {
    // Before the body is read: a stranger's request costs a digest and nothing more.
    scope.addHook('onRequest', async (request, reply) => {
      const given = request.headers[secretHeader];
      // Digests first: equal lengths for timingSafeEqual, and no early exit on a length
      // mismatch that would time the secret's length.
      const ok =
        typeof given === 'string' && timingSafeEqual(fromHex(sha256(utf8(given))), expected);
      if (!ok) return reply.code(403).type('text/plain; charset=utf-8').send('Forbidden');
    });
    scope.addContentTypeParser(
      'application/json',
      // A text message is at most 4096 characters; an update with it stays far below this.
      { parseAs: 'string', bodyLimit: 128 * 1024 },
      (_request, body, done) => {
        // Unparseable JSON is an update the channel ignores, not an error Telegram retries.
        try {
          done(null, JSON.parse(String(body)));
        } catch {
          done(null, undefined);
        }
      },
    );
    scope.post(new URL(options.url).pathname, async (request, reply) => {
      await options.channel.handleUpdate(request.body);
      return reply.code(200).send({ ok: true });
    });
    done();
  });
}
