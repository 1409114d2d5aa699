// bench:kdf — the cost of the pinned password stretching, to justify it: a whole OPAQUE
// login (client and server, Argon2id 64 MiB / 3 passes / 4 lanes in the client) against
// libsodium's Argon2id at the same memory and passes, measured in the same run, plus
// the other settings considered and the receipt-code derivation.
import { compare, quick, report } from '../../../bench/lib/harness.ts';
import {
  deriveReceiptKeys,
  generateReceiptCode,
  initCrypto,
  type PasswordStretching,
  pinnedPasswordStretching,
} from '../src/index.ts';
import {
  finishLogin,
  finishRegistration,
  startLogin,
  startRegistration,
} from '../src/opaque/opaque-client.ts';
import {
  createServerSetup,
  finishServerLogin,
  registrationResponse,
  startServerLogin,
} from '../src/opaque/opaque-server.ts';
import { lib } from '../src/sodium.ts';

await initCrypto();
const sodium = lib();
const setup = createServerSetup();
const password = 'correct horse battery staple';

function opaqueLogin(stretching: PasswordStretching): () => void {
  const start = startRegistration(password);
  const { record } = finishRegistration(
    password,
    start,
    registrationResponse(setup, 'a', start.request),
    stretching,
  );
  return () => {
    const s = startLogin(password);
    const server = startServerLogin(setup, 'a', record, s.request);
    const client = finishLogin(password, s, server.response, stretching);
    finishServerLogin(server.state, client.finishRequest);
  };
}

const salt = sodium.randombytes_buf(16);
const pinned = await compare(
  { name: 'opaque-login-64MiB-t3-p4', run: opaqueLogin(pinnedPasswordStretching) },
  {
    name: 'libsodium-argon2id-64MiB-t3',
    run: () =>
      void sodium.crypto_pwhash(
        32,
        password,
        salt,
        3,
        64 * 1024 * 1024,
        sodium.crypto_pwhash_ALG_ARGON2ID13,
      ),
  },
  { operationsPerRound: 3, rounds: 5, warmupOperations: 1 },
);

const alternatives: Record<string, PasswordStretching> = {
  'owasp-19MiB-t2-p1': { algorithm: 'argon2id', memoryKiB: 19_456, iterations: 2, parallelism: 1 },
  'pinned-64MiB-t3-p4': pinnedPasswordStretching,
  '256MiB-t3-p4': { algorithm: 'argon2id', memoryKiB: 262_144, iterations: 3, parallelism: 4 },
};
const table: Record<string, number> = {};
for (const [name, stretching] of Object.entries(alternatives)) {
  const run = opaqueLogin(stretching);
  const start = performance.now();
  const runs = quick ? 1 : 3;
  for (let i = 0; i < runs; i++) run();
  table[name] = Number(((performance.now() - start) / runs).toFixed(1));
  console.log(`kdf: OPAQUE login with ${name}: ${table[name]} ms`);
}

const code = generateReceiptCode();
const receiptStart = performance.now();
const receiptRuns = quick ? 1 : 3;
for (let i = 0; i < receiptRuns; i++) deriveReceiptKeys(code, salt);
const receiptMs = Number(((performance.now() - receiptStart) / receiptRuns).toFixed(1));
console.log(`kdf: receipt-code derivation (Argon2id 64 MiB, 2 passes): ${receiptMs} ms`);

report('kdf', pinned, { login_ms_by_setting: table, receipt_code_ms: receiptMs });
