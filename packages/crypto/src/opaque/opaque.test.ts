import { describe, expect, it } from 'vitest';
import { initCrypto } from '../init.ts';
import { errorCode } from '../testing.ts';
import { generateUserKeys, unwrapUserKeys, wrapUserKeys } from '../user-keys.ts';
import { finishLogin, finishRegistration, startLogin, startRegistration } from './opaque-client.ts';
import {
  createServerSetup,
  finishServerLogin,
  registrationResponse,
  startServerLogin,
} from './opaque-server.ts';
import { type PasswordStretching, pinnedPasswordStretching } from './password-stretching.ts';

await initCrypto();

const setup = createServerSetup();
/** Cheap stretching for the many-case tests; the pinned setting runs in the first test. */
const fast: PasswordStretching = {
  algorithm: 'argon2id',
  memoryKiB: 1024,
  iterations: 1,
  parallelism: 1,
};

function register(accountId: string, password: string, stretching = fast) {
  const start = startRegistration(password);
  return finishRegistration(
    password,
    start,
    registrationResponse(setup, accountId, start.request),
    stretching,
  );
}

function login(accountId: string, record: string | null, password: string, stretching = fast) {
  const start = startLogin(password);
  const server = startServerLogin(setup, accountId, record, start.request);
  const client = finishLogin(password, start, server.response, stretching);
  finishServerLogin(server.state, client.finishRequest);
  return client;
}

describe('OPAQUE accounts', () => {
  it('register and log in with the pinned stretching; the wrapping key is the same both times', () => {
    const password = 'корова-батарея-скрепка-42';
    const registered = register('acct-1', password, pinnedPasswordStretching);
    expect(registered.stretching).toEqual({
      algorithm: 'argon2id',
      memoryKiB: 65536,
      iterations: 3,
      parallelism: 4,
    });
    const wrapped = wrapUserKeys(registered.wrappingKey, generateUserKeys(), 'acct-1');
    const loggedIn = login('acct-1', registered.record, password, pinnedPasswordStretching);
    expect(loggedIn.wrappingKey).toEqual(registered.wrappingKey);
    expect(() => unwrapUserKeys(loggedIn.wrappingKey, wrapped, 'acct-1')).not.toThrow();
  });

  it('store no password and nothing of it in the record', () => {
    const password = 'a-very-particular-password';
    const { record } = register('acct-2', password);
    expect(record).not.toContain(password);
    expect(Buffer.from(record, 'base64url').toString('latin1')).not.toContain(password);
  });

  it('refuse a wrong password', () => {
    const { record } = register('acct-3', 'right password');
    expect(errorCode(() => login('acct-3', record, 'wrong password'))).toBe(
      'authentication_failed',
    );
  });

  it('answer an unknown account like a wrong password', () => {
    expect(errorCode(() => login('nobody', null, 'any password'))).toBe('authentication_failed');
  });

  it('refuse a record registered for another account', () => {
    const { record } = register('acct-4', 'pw');
    expect(errorCode(() => login('acct-5', record, 'pw'))).toBe('authentication_failed');
  });

  it('refuse the wrong stretching setting (a different export key, a failed login)', () => {
    const { record } = register('acct-6', 'pw', fast);
    expect(errorCode(() => login('acct-6', record, 'pw', { ...fast, iterations: 2 }))).toBe(
      'authentication_failed',
    );
  });

  it('fail closed on tampered messages', () => {
    const { record } = register('acct-7', 'pw');
    const flip = (text: string) =>
      text.slice(0, 10) + (text[10] === 'A' ? 'B' : 'A') + text.slice(11);

    expect(errorCode(() => registrationResponse(setup, 'x', 'not opaque at all'))).toBe(
      'malformed',
    );

    const start = startLogin('pw');
    const server = startServerLogin(setup, 'acct-7', record, start.request);
    expect(['authentication_failed', 'malformed']).toContain(
      errorCode(() => finishLogin('pw', start, flip(server.response), fast)),
    );
    const client = finishLogin('pw', start, server.response, fast);
    expect(errorCode(() => finishServerLogin(server.state, flip(client.finishRequest)))).toBe(
      'authentication_failed',
    );
    expect(errorCode(() => startServerLogin(setup, 'acct-7', record, 'garbage'))).toBe('malformed');
  });
});
