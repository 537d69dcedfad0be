import { normalizedEmail } from '../asn/official-email.js';
import { TooManyRequestsError } from '../errors.js';
import type { Language } from '../i18n.js';

/** Where anonymous submissions are counted: what a limited use case needs of its repository. */
export interface HourlySlots {
  takeHourlySlot(scope: string, client: string, limit: number, now: Date): Promise<{ retryAfterSeconds: number } | undefined>;
}

/**
 * Counts one anonymous submission (a proposal, an application) of a client address against
 * the hourly limit, before anything is read or written; over it, a 429 that says when to try again.
 */
export async function countAnonymousSubmission(store: HourlySlots, clientAddress: string | undefined, limit: number, now: Date, lang: Language): Promise<void> {
  const refused = await store.takeHourlySlot('submission', clientAddress ?? 'unknown', limit, now);
  if (!refused) return;
  const minutes = Math.ceil(refused.retryAfterSeconds / 60);
  throw new TooManyRequestsError(
    lang === 'id'
      ? `Terlalu banyak pengajuan dari alamat Anda dalam satu jam ini. Tidak ada yang disimpan; silakan coba lagi dalam ${minutes} menit.`
      : `Too many submissions from your address this hour. Nothing was stored; please try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
    refused.retryAfterSeconds,
  );
}

/**
 * Counts one confirmation mail to `recipient` against the hourly limit of mails one address may
 * be sent, whoever asks and from wherever: a script rotating its addresses still cannot fill a
 * stranger's inbox from the city's sender. Addresses are counted as they are normalised for
 * comparison (case, `+tag`), by their SHA-256.
 */
export async function countConfirmationMail(store: HourlySlots, recipient: string, limit: number, now: Date, lang: Language): Promise<void> {
  const refused = await store.takeHourlySlot('confirmation-mail', normalizedEmail(recipient), limit, now);
  if (!refused) return;
  const minutes = Math.ceil(refused.retryAfterSeconds / 60);
  throw new TooManyRequestsError(
    lang === 'id'
      ? `Terlalu banyak email konfirmasi dikirim ke alamat ini dalam satu jam ini. Tidak ada yang disimpan; silakan coba lagi dalam ${minutes} menit.`
      : `Too many confirmation mails were sent to this address this hour. Nothing was stored; please try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
    refused.retryAfterSeconds,
  );
}
