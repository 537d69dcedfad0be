import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { ConflictError, UnavailableError } from '../kernel/errors.js';
import type { Language } from '../kernel/i18n.js';
import { logger } from '../kernel/logger.js';
import { confirmationEmail } from '../kernel/mail/confirmation-mail.js';
import { confirmUrl, pendingConfirmation } from '../kernel/steps/confirmation.js';
import type { TrackLink } from '../kernel/steps/step-link.js';
import { countAnonymousSubmission, countConfirmationMail } from '../kernel/store/rate-limit.js';
import { createdOf } from '../kernel/store/table-store.js';
import { todayInWib } from '../kernel/time.js';
import { parseOrThrow } from '../kernel/validation.js';
import { applicationTrackHash, applicationTrackUrl } from './application-links.js';
import { isOpen, placementNotFound } from './catalogue.js';
import type { ApplyDeps } from './deps.js';
import { applicationInput } from './placement.schema.js';
import { applicationConfirmWords } from './placement-labels.js';
import type { ApplicationRecord } from './placement-records.js';

export interface ApplyResult {
  id: string;
  /** An application waits for its applicant's confirmation (a link mailed to their official address). */
  status: 'UNCONFIRMED';
  trackingUrl: string;
}

const say = (lang: Language, id: string, en: string) => (lang === 'id' ? id : en);
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * An ASN applies for a placement: the body is checked (NIP by its own rule, the addresses by
 * the city's mail domains) and the placement must be open; then the application is stored as
 * UNCONFIRMED and the applicant is mailed its confirmation link. Nothing else happens until it
 * is pressed (see application-confirmation.ts): no claim on the NIP, no ASN record, no mail to
 * anyone else. So the answer is the same whoever's NIP was typed: whether that NIP applied
 * before, or holds a placement on the same dates, is told only to the confirmed address.
 */
export async function submitApplication(
  placementId: string,
  raw: unknown,
  ctx: { lang: Language; idempotencyKey?: string; requestId?: string; clientAddress?: string },
  deps: ApplyDeps,
): Promise<ApplyResult> {
  const { lang } = ctx;
  await countAnonymousSubmission(deps.placements, ctx.clientAddress, deps.config.ANONYMOUS_SUBMISSIONS_PER_HOUR, deps.clock.now(), lang);
  const placement = /^[0-9a-f-]{36}$/.test(placementId) ? await deps.placements.getPlacement(placementId) : undefined;
  if (placement?.status !== 'PUBLISHED') throw placementNotFound(lang);
  const input = parseOrThrow(applicationInput(deps.config.WORK_UNITS, deps.clock, deps.config.OFFICIAL_EMAIL_DOMAINS), raw, lang);
  const now = deps.clock.now();
  if (!isOpen(placement, todayInWib(now))) throw closed(lang);

  const idempotency = ctx.idempotencyKey
    ? { keyHash: sha256(`application\n${ctx.idempotencyKey}`), requestHash: sha256(JSON.stringify([placementId, input])) }
    : undefined;
  if (idempotency) {
    const earlier = await replay(idempotency, lang, deps);
    if (earlier) return earlier;
  }
  await countConfirmationMail(deps.placements, input.email, deps.config.CONFIRMATION_MAILS_PER_HOUR, now, lang);

  const id = randomUUID();
  const at = now.toISOString();
  const keyVersion = deps.config.LINK_SECRET.current;
  const result: ApplyResult = { id, status: 'UNCONFIRMED', trackingUrl: applicationTrackUrl(deps, { id, keyVersion }) };
  const application: ApplicationRecord = {
    id,
    keyVersion,
    placementId,
    status: 'UNCONFIRMED',
    data: input,
    placement: {
      title: placement.data.title,
      hostUnit: placement.data.hostUnit,
      startDate: placement.data.startDate,
      endDate: placement.data.endDate,
      jpHours: placement.data.jpHours,
      institution: placement.institution,
    },
    createdAt: at,
    updatedAt: at,
  };
  const track: TrackLink = {
    kind: 'track',
    hash: applicationTrackHash(deps, application),
    subject: { type: 'application', id },
    createdAt: at,
    pageSecret: randomBytes(32).toString('base64url'),
  };
  const holder = { name: input.name, email: input.email, language: input.language };
  const confirm = pendingConfirmation(deps.config.LINK_SECRET, application, track.subject, holder, placement.data.title, now);

  try {
    await deps.placements.createPendingApplication(application, track, confirm, idempotency && { ...idempotency, createdId: id, keyVersion });
  } catch (error) {
    // Two requests with the same key at once: the loser answers with the winner's result.
    if (idempotency && (error as Error).name === 'TransactionCanceledException') {
      const earlier = await replay(idempotency, lang, deps);
      if (earlier) return earlier;
    }
    throw error;
  }

  try {
    await deps.mailer.send({
      to: input.email,
      ...confirmationEmail({ link: confirm.link, what: applicationConfirmWords.what, confirmUrl: confirmUrl(deps.config, confirm.token) }),
    });
    logger.info('application submitted; awaiting confirmation', { applicationId: id, placementId });
  } catch (error) {
    logger.error('could not mail the confirmation link; removing the application', { applicationId: id, errorName: (error as Error).name });
    const removed = await deps.placements.deletePendingApplication(application, track, confirm, idempotency?.keyHash).then(
      () => true,
      (cleanup: Error) => {
        // Left behind: an unconfirmed application that its TTL removes within a day.
        logger.error('could not remove the application whose confirmation was not mailed', { applicationId: id, errorName: cleanup.name });
        return false;
      },
    );
    throw new UnavailableError(
      removed
        ? say(
            lang,
            'Pendaftaran belum dapat diproses saat ini. Tidak ada yang tersimpan; silakan coba lagi sebentar lagi.',
            'The application cannot be processed right now. Nothing was stored; please try again shortly.',
          )
        : say(
            lang,
            'Pendaftaran belum dapat diproses saat ini. Silakan coba lagi sebentar lagi.',
            'The application cannot be processed right now. Please try again shortly.',
          ),
    );
  }
  return result;
}

export function closed(lang: Language): ConflictError {
  return new ConflictError(say(lang, 'Pendaftaran untuk penempatan ini sudah ditutup.', 'Applications for this placement are closed.'));
}

async function replay(idempotency: { keyHash: string; requestHash: string }, lang: Language, deps: ApplyDeps): Promise<ApplyResult | undefined> {
  const earlier = await deps.placements.getIdempotency(idempotency.keyHash);
  if (!earlier) return undefined;
  if (earlier.requestHash !== idempotency.requestHash)
    throw new ConflictError(
      say(lang, 'Idempotency-Key ini sudah dipakai untuk pendaftaran lain.', 'This Idempotency-Key was already used for a different application.'),
    );
  const created = createdOf(earlier);
  return created && { id: created.id, status: 'UNCONFIRMED', trackingUrl: applicationTrackUrl(deps, created) };
}
