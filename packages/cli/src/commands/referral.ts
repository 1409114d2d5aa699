import { readFile, writeFile } from 'node:fs/promises';
import {
  asBoxPublicKey,
  type BoxKeyPair,
  type BoxSecretKey,
  fromBase64,
  generateBoxKeyPair,
  initCrypto,
  keyFingerprint,
  toBase64,
} from '@corridor/crypto';
import { openReferralPackage, packageMode } from '@corridor/vault';

/** A partner's key file: its X25519 key pair, URL-safe base64. Keep it like a password. */
interface PartnerKeyFile {
  readonly format: 'corridor-partner-key/1';
  readonly publicKey: string;
  readonly secretKey: string;
}

const key32 = /^[A-Za-z0-9_-]{43}$/;

function asKeyFile(value: unknown): PartnerKeyFile {
  const v = value as Partial<PartnerKeyFile> | null;
  if (
    v?.format !== 'corridor-partner-key/1' ||
    typeof v.publicKey !== 'string' ||
    typeof v.secretKey !== 'string' ||
    !key32.test(v.publicKey) ||
    !key32.test(v.secretKey)
  ) {
    throw new Error('not a key file');
  }
  return v as PartnerKeyFile;
}

/** Something the partner did wrong, said plainly; the command exits 1 with it. */
export class ReferralCommandError extends Error {
  override readonly name = 'ReferralCommandError';
}

/**
 * `corridor partner keygen --out F`: makes a partner's key pair, writes it to a new file
 * readable by its owner only (never overwriting one), and returns the public key to give
 * the referring organisation's administrator, with its fingerprint — the one their
 * Partners page and referral form show — to compare by phone or in person.
 */
export async function partnerKeygen(out: string): Promise<string> {
  await initCrypto();
  const pair = generateBoxKeyPair();
  const file = {
    format: 'corridor-partner-key/1',
    publicKey: toBase64(pair.publicKey),
    secretKey: toBase64(pair.secretKey),
  };
  try {
    await writeFile(out, `${JSON.stringify(file, null, 2)}\n`, { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new ReferralCommandError(`${out} exists already; choose another file name`);
    }
    throw error;
  }
  return `Key pair written to ${out} (keep it secret; it opens every package sealed to you).
Public key, to give to the organisation that refers people to you:
  ${file.publicKey}
Fingerprint, to compare with the one they see (by phone or in person, not by the same channel):
  ${keyFingerprint(pair.publicKey)}`;
}

async function readKeyPair(path: string): Promise<BoxKeyPair> {
  let parsed: PartnerKeyFile;
  try {
    parsed = asKeyFile(JSON.parse(await readFile(path, 'utf8')));
  } catch {
    throw new ReferralCommandError(`${path} is not a key file made by \`corridor partner keygen\``);
  }
  return {
    publicKey: asBoxPublicKey(fromBase64(parsed.publicKey)),
    secretKey: fromBase64(parsed.secretKey) as BoxSecretKey,
  };
}

/**
 * `corridor referral open <file>`: opens a referral package with the partner's key file
 * or the password, and returns its JSON (the fields shared and the link to answer on).
 */
export async function openReferral(
  path: string,
  key: { readonly secretKeyFile: string } | { readonly password: string },
): Promise<string> {
  await initCrypto();
  const file = new Uint8Array(await readFile(path));
  const mode = packageMode(file);
  if (!mode) throw new ReferralCommandError(`${path} is not a Corridor referral package`);
  if (mode === 'sealed' && !('secretKeyFile' in key)) {
    throw new ReferralCommandError('this package is sealed to a key: use --secret-key-file');
  }
  if (mode === 'password' && !('password' in key)) {
    throw new ReferralCommandError('this package is locked with a password: use --password');
  }
  try {
    const pkg = openReferralPackage(
      file,
      'secretKeyFile' in key
        ? { keyPair: await readKeyPair(key.secretKeyFile) }
        : { password: key.password },
    );
    return JSON.stringify(pkg, null, 2);
  } catch (error) {
    if (error instanceof ReferralCommandError) throw error;
    throw new ReferralCommandError(
      mode === 'sealed'
        ? 'the package does not open with this key (sealed to someone else, or changed)'
        : 'the package does not open with this password (wrong password, or changed)',
    );
  }
}

/**
 * The package password: from `CORRIDOR_REFERRAL_PASSWORD` if set, else typed at a
 * terminal without echo, else the first line of standard input. Never an argument, which
 * would stay in the shell's history and the process list.
 */
export async function readPassword(env: NodeJS.ProcessEnv): Promise<string> {
  const fromEnv = env.CORRIDOR_REFERRAL_PASSWORD;
  if (fromEnv) return fromEnv;
  const { stdin, stderr } = process;
  if (stdin.isTTY) {
    stderr.write('Package password: ');
    stdin.setRawMode(true);
    stdin.resume();
    return new Promise((resolve, reject) => {
      let typed = '';
      const onData = (chunk: Buffer) => {
        for (const ch of chunk.toString('utf8')) {
          if (ch === '\r' || ch === '\n') {
            stdin.setRawMode(false);
            stdin.pause();
            stdin.off('data', onData);
            stderr.write('\n');
            resolve(typed);
            return;
          }
          if (ch === '\u0003') {
            stdin.setRawMode(false);
            reject(new ReferralCommandError('cancelled'));
            return;
          }
          typed = ch === '\u007f' ? typed.slice(0, -1) : typed + ch;
        }
      };
      stdin.on('data', onData);
    });
  }
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(chunk as Buffer);
  return (Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '').trim();
}
