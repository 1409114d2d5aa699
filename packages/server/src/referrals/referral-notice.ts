import type { EmailConfig } from '../config/email-config.ts';
import { smtpTransport } from '../intake/email/email-sender.ts';
import type { Logger } from '../logging/logger.ts';
import { serializeError } from '../logging/logger.ts';

/** Tells a partner a referral waits for them; never says who or anything of the case. */
export type ReferralNotifier = (to: string, partnerName: string) => Promise<void>;

/**
 * The notice goes by the SMTP server the e-mail channel uses (`CORRIDOR_SMTP_*`). It names
 * only the partner: the package itself travels another way (the coordinator hands over
 * the file), so a read mailbox gives away that a referral exists, not whom it is about.
 */
export function smtpReferralNotifier(config: EmailConfig, logger: Logger): ReferralNotifier {
  const transport = smtpTransport(config);
  return async (to, partnerName) => {
    try {
      await transport.sendMail({
        from: config.fromAddress,
        to,
        subject: 'A referral is waiting / Ожидает направление',
        text: referralNoticeText(partnerName),
        disableFileAccess: true,
        disableUrlAccess: true,
      });
    } catch (error) {
      // Never the address: logs hold no identifiers (architecture.md).
      logger.warn({ err: serializeError(error) }, 'referral notice could not be sent');
    }
  };
}

export function referralNoticeText(partnerName: string): string {
  const name = partnerName.replace(/[\r\n]+/g, ' ');
  return `${name}: a referral from Corridor is waiting for you. Open the package you receive with your key or password, and answer through the link inside it.

${name}: для вас ожидает направление из Corridor. Откройте полученный пакет своим ключом или паролем и ответьте по ссылке внутри него.
`;
}
