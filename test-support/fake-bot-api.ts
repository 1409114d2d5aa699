// A local Bot API–compatible server for tests (grammY's `apiRoot`): just the methods the
// channel calls, with Telegram's rules that matter here (a bot deletes a message only
// within 48 hours; deleting a deleted message fails), and a record of every call.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

export interface FakeMessage {
  readonly chatId: number;
  readonly messageId: number;
  readonly fromBot: boolean;
  readonly text?: string;
  /** Unix seconds, as Telegram sends. */
  readonly date: number;
  deleted: boolean;
}

export interface FakeUser {
  readonly id: number;
  readonly username?: string;
  readonly firstName?: string;
  readonly languageCode?: string;
}

export interface FakeBotApi {
  /** What to pass as `apiRoot` (CORRIDOR_TELEGRAM_API_ROOT). */
  readonly apiRoot: string;
  readonly token: string;
  /** A user writes to the bot in their private chat; returns the message and its update. */
  userSends(
    user: FakeUser,
    content: {
      text?: string;
      caption?: string;
      /** A photo: these bytes (or three bytes of JPEG for `true`), served by getFile. */
      photo?: boolean | Uint8Array;
      /** A document; `declaredSize` is what the update and getFile say (default: its length). */
      document?: { name: string; type: string; bytes: Uint8Array; declaredSize?: number };
      sticker?: boolean;
    },
  ): { message: FakeMessage; update: Record<string, unknown> };
  /** How many times a file was downloaded from the file URL. */
  readonly fileDownloads: number;
  /** Queues a raw update (malformed, replayed) for getUpdates. */
  queueUpdate(update: unknown): void;
  /** Every message in a chat, deleted ones included. */
  messagesIn(chatId: number): FakeMessage[];
  /** The next `count` calls of `method` fail (`status` 500 by default, or a Bot API error). */
  failNext(method: string, count: number, status?: number): void;
  /** Method names in call order. */
  readonly calls: string[];
  /** The last setWebhook parameters, if any. */
  readonly webhook: { url?: string; secret_token?: string } | undefined;
  /** Messages sent now are dated this many seconds in the past (the 48-hour rule). */
  setAge(seconds: number): void;
  close(): Promise<void>;
}

const botUser = { id: 7000001, is_bot: true, first_name: 'Hotline', username: 'hotline_test_bot' };

export async function startFakeBotApi(
  token = '7000001:AAFakeTokenForTestsOnly_0123456789abcd',
): Promise<FakeBotApi> {
  const chats = new Map<number, FakeMessage[]>();
  const updates: Record<string, unknown>[] = [];
  const failures = new Map<string, { count: number; status: number }>();
  const calls: string[] = [];
  const waiters = new Set<() => void>();
  let nextUpdateId = 500_000_001;
  let age = 0;
  let webhook: { url?: string; secret_token?: string } | undefined;
  // file_id → the bytes served and the size getFile states.
  const files = new Map<string, { bytes: Uint8Array; size: number; path: string }>();
  let nextFile = 1;
  let fileDownloads = 0;
  const addFile = (bytes: Uint8Array, size: number, extension: string) => {
    const id = `file-${nextFile++}`;
    files.set(id, { bytes, size, path: `documents/${id}.${extension}` });
    return id;
  };

  const nowSeconds = () => Math.floor(Date.now() / 1000) - age;
  const chat = (id: number) => {
    const list = chats.get(id) ?? [];
    chats.set(id, list);
    return list;
  };
  const post = (chatId: number, fromBot: boolean, text?: string): FakeMessage => {
    const list = chat(chatId);
    const message: FakeMessage = {
      chatId,
      messageId: list.length + 1,
      fromBot,
      ...(text !== undefined ? { text } : {}),
      date: nowSeconds(),
      deleted: false,
    };
    list.push(message);
    return message;
  };
  const queue = (update: unknown) => {
    updates.push(update as Record<string, unknown>);
    for (const wake of waiters) wake();
  };

  const methods: Record<string, (p: Record<string, unknown>) => unknown | Promise<unknown>> = {
    getMe: () => botUser,
    deleteWebhook: () => {
      webhook = undefined;
      return true;
    },
    setWebhook: (p) => {
      webhook = { url: String(p.url), secret_token: String(p.secret_token ?? '') };
      return true;
    },
    getUpdates: async (p) => {
      const offset = Number(p.offset ?? 0);
      // Confirmed updates are gone for good, as on Telegram.
      while (updates.length > 0 && Number(updates[0]?.update_id) < offset) updates.shift();
      if (updates.length === 0 && Number(p.timeout ?? 0) > 0) {
        await new Promise<void>((resolve) => {
          const wake = () => {
            waiters.delete(wake);
            clearTimeout(timer);
            resolve();
          };
          // Shorter than Telegram's, so tests stop quickly.
          const timer = setTimeout(wake, Math.min(Number(p.timeout) * 1000, 500));
          waiters.add(wake);
        });
      }
      return updates.slice(0, Number(p.limit ?? 100));
    },
    sendMessage: (p) => {
      const chatId = Number(p.chat_id);
      const text = String(p.text ?? '');
      if (text.length === 0 || text.length > 4096)
        throw apiError(400, 'Bad Request: message text is empty or too long');
      const m = post(chatId, true, text);
      return {
        message_id: m.messageId,
        date: m.date,
        chat: { id: chatId, type: 'private' },
        from: botUser,
        text,
      };
    },
    deleteMessage: (p) => {
      const m = chat(Number(p.chat_id)).find((x) => x.messageId === Number(p.message_id));
      if (!m || m.deleted) throw apiError(400, 'Bad Request: message to delete not found');
      if (Math.floor(Date.now() / 1000) - m.date > 48 * 3600) {
        throw apiError(400, "Bad Request: message can't be deleted for everyone");
      }
      m.deleted = true;
      return true;
    },
    getFile: (p) => {
      const file = files.get(String(p.file_id));
      if (!file) throw apiError(400, 'Bad Request: invalid file_id');
      return {
        file_id: String(p.file_id),
        file_unique_id: `u-${String(p.file_id)}`,
        file_size: file.size,
        file_path: file.path,
      };
    },
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://fake');
    if (url.pathname.startsWith(`/file/bot${token}/`)) {
      const path = url.pathname.slice(`/file/bot${token}/`.length);
      const file = [...files.values()].find((f) => f.path === path);
      if (!file) {
        res.writeHead(404).end();
        return;
      }
      fileDownloads += 1;
      res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(file.bytes);
      return;
    }
    const match = /^\/bot([^/]+)\/(\w+)$/.exec(url.pathname);
    if (!match || match[1] !== token) {
      reply(res, 401, { ok: false, error_code: 401, description: 'Unauthorized' });
      return;
    }
    const method = match[2] ?? '';
    calls.push(method);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const params = (raw ? JSON.parse(raw) : {}) as Record<string, unknown>;
    const failure = failures.get(method);
    if (failure && failure.count > 0) {
      failure.count -= 1;
      reply(res, failure.status, {
        ok: false,
        error_code: failure.status,
        description: 'Internal Server Error',
      });
      return;
    }
    const implementation = methods[method];
    if (!implementation) {
      reply(res, 404, { ok: false, error_code: 404, description: 'Not Found: method not found' });
      return;
    }
    try {
      reply(res, 200, { ok: true, result: await implementation(params) });
    } catch (error) {
      const e = error as { status?: number; description?: string };
      reply(res, e.status ?? 500, {
        ok: false,
        error_code: e.status ?? 500,
        description: e.description ?? 'error',
      });
    }
  }

  /** A thumbnail and the full size, as Telegram sends them (smallest first). */
  const photoSizes = (photo: true | Uint8Array) => {
    const bytes = photo === true ? Uint8Array.from([0xff, 0xd8, 0xff]) : photo;
    const thumb = bytes.subarray(0, Math.min(3, bytes.length));
    return [
      { file_id: addFile(thumb, thumb.length, 'jpg'), file_unique_id: 't', width: 90, height: 90 },
      {
        file_id: addFile(bytes, bytes.length, 'jpg'),
        file_unique_id: 'p',
        width: 1280,
        height: 960,
        file_size: bytes.length,
      },
    ];
  };

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  return {
    apiRoot: `http://127.0.0.1:${port}`,
    token,
    userSends(user, content) {
      const message = post(user.id, false, content.text);
      const payload: Record<string, unknown> = {
        message_id: message.messageId,
        date: message.date,
        chat: {
          id: user.id,
          type: 'private',
          ...(user.username ? { username: user.username } : {}),
        },
        from: {
          id: user.id,
          is_bot: false,
          first_name: user.firstName ?? 'A',
          ...(user.username ? { username: user.username } : {}),
          ...(user.languageCode ? { language_code: user.languageCode } : {}),
        },
        ...(content.text !== undefined ? { text: content.text } : {}),
        ...(content.caption !== undefined ? { caption: content.caption } : {}),
        ...(content.photo ? { photo: photoSizes(content.photo) } : {}),
        ...(content.document
          ? {
              document: {
                file_id: addFile(
                  content.document.bytes,
                  content.document.declaredSize ?? content.document.bytes.length,
                  'bin',
                ),
                file_unique_id: `d${nextFile}`,
                file_name: content.document.name,
                mime_type: content.document.type,
                file_size: content.document.declaredSize ?? content.document.bytes.length,
              },
            }
          : {}),
        ...(content.sticker ? { sticker: { file_id: 'st1', file_unique_id: 'u2' } } : {}),
      };
      const update = { update_id: nextUpdateId++, message: payload };
      queue(update);
      return { message, update };
    },
    queueUpdate: queue,
    get fileDownloads() {
      return fileDownloads;
    },
    messagesIn: (chatId) => [...chat(chatId)],
    failNext(method, count, status = 500) {
      failures.set(method, { count, status });
    },
    calls,
    get webhook() {
      return webhook;
    },
    setAge(seconds) {
      age = seconds;
    },
    async close() {
      for (const wake of waiters) wake();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function apiError(status: number, description: string) {
  return Object.assign(new Error(description), { status, description });
}

function reply(res: ServerResponse, status: number, body: unknown) {
  if (res.writableEnded || res.destroyed) return;
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}
