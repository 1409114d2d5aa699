// bench:intake — what sealing on arrival costs the public web form: a first message
// posted to `/messages` (strict form parsing, receipt code stretched with Argon2id,
// sealed to the inbox key, conversation and message committed durably, receipt page
// rendered) against the same Fastify app shape and form parsing inserting the same two
// rows with the text in the clear, over one SQLite file. Then the staff API's p99 (the
// inbox list, as a hotline member) while the public form is flooded by ten times as
// many concurrent senders as the sequential run.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  generateBoxKeyPair,
  initCrypto,
  randomToken,
  toBase64,
  tokenDigest,
} from '@corridor/crypto';
import { createLogger, loadConfig, startServer } from '@corridor/server';
import Fastify from 'fastify';
import { compare, quick, report } from '../lib/harness.ts';

await initCrypto();
const dataDir = await mkdtemp(join(tmpdir(), 'corridor-bench-intake-'));
const unlimited = 1_000_000_000;
const server = await startServer(
  loadConfig({ CORRIDOR_DATA_DIR: dataDir, CORRIDOR_PUBLIC_PORT: '0', CORRIDOR_STAFF_PORT: '0' }),
  {
    logger: createLogger('silent'),
    webDistDir: dataDir,
    publicIntakeLimits: {
      withProofPerAddress: unlimited,
      withoutProofPerAddress: unlimited,
      withProofGlobal: unlimited,
      withoutProofGlobal: unlimited,
      lookupsPerAddress: unlimited,
      lookupsGlobal: unlimited,
    },
  },
);
const { db } = server.storage;

// A hotline member, team and inbox key written directly: the benchmark measures intake,
// not sign-up. The inbox's secret key is thrown away (nothing here opens messages).
const now = new Date().toISOString();
const accountId = randomToken(16);
const teamId = randomToken(16);
const sessionToken = randomToken(32);
await db
  .insertInto('account')
  .values({
    id: accountId,
    handle: 'bench',
    status: 'active',
    created_at: now,
    opaque_record: 'x',
    password_stretching: '{}',
    box_public_key: 'x',
    sign_public_key: 'x',
    wrapped_keys: 'x',
    recovery_wrapped_keys: 'x',
    totp_secret_sealed: 'x',
    totp_last_step: null,
  })
  .execute();
await db
  .insertInto('team')
  .values({
    id: teamId,
    name: 'Hotline',
    box_public_key: 'x',
    created_by: accountId,
    created_at: now,
  })
  .execute();
await db
  .insertInto('team_member')
  .values({ team_id: teamId, account_id: accountId, added_at: now })
  .execute();
await db
  .insertInto('session')
  .values({
    id: randomToken(16),
    token_digest: tokenDigest('session', sessionToken),
    account_id: accountId,
    device_label: 'bench',
    created_at: now,
    last_seen_at: now,
    expires_at: new Date(Date.now() + 3600_000).toISOString(),
    revoked_at: null,
    authenticated_at: now,
  })
  .execute();
await db
  .insertInto('intake_inbox')
  .values({
    id: 'hotline',
    team_id: teamId,
    receipt_salt: toBase64(new Uint8Array(16)),
    receipt_kdf: JSON.stringify({
      algorithm: 'argon2id13',
      opsLimit: 1,
      memLimitBytes: 1024 * 1024,
    }),
    updated_at: now,
  })
  .execute();
await db
  .insertInto('intake_inbox_key')
  .values({
    version: 1,
    box_public_key: toBase64(generateBoxKeyPair().publicKey),
    team_id: teamId,
    team_key_version: 1,
    sealed_secret_key: 'x',
    created_by: accountId,
    signature: 'x',
    created_at: now,
  })
  .execute();

// The baseline: a Fastify app on the same database, parsing the same form and inserting
// the same two rows in one transaction, the text in the clear.
const bare = Fastify({ bodyLimit: 64 * 1024 });
bare.removeAllContentTypeParsers();
bare.addContentTypeParser(
  'application/x-www-form-urlencoded',
  { parseAs: 'buffer' },
  (_request, body, done) => {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(body as Buffer);
    done(null, Object.fromEntries(new URLSearchParams(text)));
  },
);
bare.post('/messages', async (request, reply) => {
  const { message = '' } = request.body as Record<string, string>;
  const at = new Date().toISOString();
  const conversationId = randomToken(16);
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('intake_conversation')
      .values({
        id: conversationId,
        channel: 'web',
        routing_index: null,
        receipt_lookup: null,
        receipt_verifier: null,
        reply_public_key: null,
        status: 'new',
        case_id: null,
        owner_id: null,
        created_at: at,
        last_message_at: at,
        message_count: 1,
      })
      .execute();
    await trx
      .insertInto('intake_message')
      .values({
        id: randomToken(16),
        conversation_id: conversationId,
        seq: 1,
        direction: 'inbound',
        inbox_key_version: 1,
        body: message,
        channel_body: null,
        author_id: null,
        created_at: at,
        delivered_at: null,
      })
      .execute();
  });
  return reply.type('text/html; charset=utf-8').send('<p>received</p>');
});
const bareUrl = await bare.listen({ host: '127.0.0.1', port: 0 });

const message =
  'Меня зовут А., мне 24 года. Отец узнал обо мне и ищет меня с двоюродными братьями. Я сейчас у подруги в другом городе, телефон могут проверить. Связаться лучше вечером после 21:00.'.repeat(
    3,
  );
const form = new URLSearchParams({ message, lang: 'ru' }).toString();
const post = async (base: string) => {
  const response = await fetch(new URL('/messages', base), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form,
  });
  if (response.status !== 200) throw new Error(`status ${response.status}`);
  await response.arrayBuffer();
};

const outcome = await compare(
  { name: 'sealed-web-submission', run: () => post(server.publicUrl) },
  { name: 'plain-insert', run: () => post(bareUrl) },
  { operationsPerRound: 100, rounds: 5 },
);

// Staff p99 under a flood: ten senders posting as fast as they can, while one staff
// client lists the inbox again and again.
const staffLatencies: number[] = [];
let flooding = true;
let flooded = 0;
const sender = async () => {
  while (flooding) {
    await post(server.publicUrl);
    flooded++;
  }
};
const senders = Array.from({ length: 10 }, sender);
const floodMs = quick ? 500 : 5000;
const until = Date.now() + floodMs;
while (Date.now() < until) {
  const start = performance.now();
  const response = await fetch(new URL('/api/intake/conversations', server.staffUrl), {
    headers: { authorization: `Bearer ${sessionToken}` },
  });
  if (response.status !== 200) throw new Error(`staff status ${response.status}`);
  await response.arrayBuffer();
  staffLatencies.push(performance.now() - start);
}
flooding = false;
await Promise.all(senders);
const sorted = staffLatencies.sort((a, b) => a - b);
const p99 = sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))] ?? 0;

await bare.close();
await server.close();
await rm(dataDir, { recursive: true, force: true });

report('intake', outcome, {
  database: 'sqlite',
  submissions_per_second: Number((1000 / outcome.subject.msPerOp).toFixed(1)),
  plain_inserts_per_second: Number((1000 / outcome.baseline.msPerOp).toFixed(1)),
  throughput_share: Number((outcome.baseline.msPerOp / outcome.subject.msPerOp).toFixed(3)),
  flood_senders: 10,
  flood_submissions_per_second: Number(((flooded * 1000) / floodMs).toFixed(1)),
  staff_requests: sorted.length,
  staff_p99_ms: Number(p99.toFixed(1)),
});
