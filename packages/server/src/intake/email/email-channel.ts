import type { EmailConfig } from '../../config/email-config.ts';
import { serializeError } from '../../logging/logger.ts';
import { type EmailDeps, type PollResult, pollMailbox } from './email-poller.ts';
import {
  type DeliverResult,
  deliverReplies,
  RetrySchedule,
  smtpTransport,
} from './email-sender.ts';

export interface EmailChannel {
  /** One pass now: import the mailbox, then send pending replies. Never throws. */
  tick(): Promise<{ poll: PollResult | null; deliver: DeliverResult | null }>;
  /** Stops the timer and waits for a pass under way. */
  stop(): Promise<void>;
}

/**
 * The e-mail channel: every `pollSeconds`, one pass over the mailbox and the outbox. The
 * server starts it only when `CORRIDOR_IMAP_HOST` is set (config/email-config.ts).
 * `autoStart: false` (tests) leaves the passes to `tick()`.
 */
export function startEmailChannel(
  config: EmailConfig,
  deps: EmailDeps,
  options: { readonly autoStart?: boolean } = {},
): EmailChannel {
  const transport = smtpTransport(config);
  const retries = new RetrySchedule();
  let running: Promise<unknown> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const pass = async () => {
    let poll: PollResult | null = null;
    let deliver: DeliverResult | null = null;
    try {
      poll = await pollMailbox(config, deps);
      if (poll.imported + poll.duplicates > 0) {
        deps.logger.info({ ...poll }, 'e-mail: messages imported');
      }
    } catch (error) {
      deps.logger.warn({ err: serializeError(error) }, 'e-mail: polling the mailbox failed');
    }
    try {
      deliver = await deliverReplies(config, deps, transport, retries);
      if (deliver.sent > 0) deps.logger.info({ ...deliver }, 'e-mail: replies sent');
    } catch (error) {
      deps.logger.warn({ err: serializeError(error) }, 'e-mail: sending replies failed');
    }
    return { poll, deliver };
  };

  const tick = () => {
    // One pass at a time: a second caller waits for the one under way, then runs its own.
    const next = running.then(pass, pass);
    running = next;
    return next;
  };

  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      tick().finally(schedule);
    }, config.pollSeconds * 1000);
    timer.unref();
  };
  if (options.autoStart !== false) {
    // The first pass soon after start, not a whole interval later.
    timer = setTimeout(() => {
      tick().finally(schedule);
    }, 1000);
    timer.unref();
  }

  return {
    tick,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running.catch(() => {});
      transport.close();
    },
  };
}
