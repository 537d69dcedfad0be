import { randomBytes } from 'node:crypto';
import { GoneError, UnavailableError } from '../errors.js';
import type { Language } from '../i18n.js';
import { logger } from '../logger.js';
import { assertSameOrigin } from './link-errors.js';
import { type ConfirmLink, type Holder, type LinkRecord, StepConflict, type Subject } from './step-link.js';
import { assertPageProof, type KnownLink, notFound, proofFor, readLink } from './step-links.js';
import { hashToken, type Keyed, type LinkKeyring, mintToken } from './tokens.js';

/**
 * Confirming a submission, the same for every workflow. An anonymous submission (a partnership
 * proposal, an internship application) is stored as UNCONFIRMED, and a mail to the submitter's
 * own address carries a link to `/confirm/{token}`. Opening it shows what will be sent and
 * changes nothing, so a mail scanner that follows links confirms nothing; pressing its one
 * button makes the submission real, once, and starts its workflow. Until then nobody else is
 * mailed and nothing else is written; after the confirmation window the submission, its
 * tracking link and this link are gone (DynamoDB's TTL removes them; reads treat them as gone
 * from the moment the window ends, since TTL deletes within days, not at once).
 */

/** How long a submission waits for its submitter: a day. */
export const CONFIRMATION_WINDOW_S = 86_400;

/** The public address of every confirmation page, whatever its subject. */
export const confirmUrl = (config: { PUBLIC_BASE_URL: string }, token: string) => `${config.PUBLIC_BASE_URL}/confirm/${token}`;

/** A new submission's confirmation link (to store) and its token (to mail, minted under the submission's key version), and the epoch second the unconfirmed submission is removed at. */
export interface PendingConfirmation {
  token: string;
  link: ConfirmLink;
  /** The value of the `ttl` attribute of every item of the unconfirmed submission. */
  ttl: number;
}

export function pendingConfirmation(secret: LinkKeyring, keyed: Keyed, subject: Subject, holder: Holder, title: string, now: Date): PendingConfirmation {
  const token = mintToken(secret, keyed, 'confirm', `${subject.type}:${subject.id}`);
  const expiresAt = new Date(now.getTime() + CONFIRMATION_WINDOW_S * 1000);
  return {
    token,
    ttl: Math.floor(expiresAt.getTime() / 1000),
    link: {
      kind: 'confirm',
      hash: hashToken(token),
      subject,
      createdAt: now.toISOString(),
      expiresAt: expiresAt.toISOString(),
      state: 'PENDING',
      pageSecret: randomBytes(32).toString('base64url'),
      holder,
      title,
    },
  };
}

/** Whether an unconfirmed submission made at `createdAt` has outlived its window at `now`. */
export const isLapsed = (createdAt: string, now: Date) => Date.parse(createdAt) + CONFIRMATION_WINDOW_S * 1000 <= now.getTime();

/** The window passed before anyone pressed the button: there is nothing left to confirm. */
export function lapsed(lang: Language): GoneError {
  return new GoneError(
    lang === 'id'
      ? 'Batas waktu konfirmasi (satu hari) sudah lewat, sehingga pengajuan ini sudah dihapus. Silakan ajukan kembali bila masih diperlukan.'
      : 'The time to confirm (one day) has passed, so this submission was removed. Please submit it again if it is still needed.',
  );
}

/** How a workflow confirms its own submissions. */
export interface Confirmable<R> {
  /** The submission a link names, as read now. */
  load(subject: Subject): Promise<R | undefined>;
  /** When it was submitted (the window runs from there). */
  createdAt(subject: R): string;
  /**
   * The one conditional write that makes the submission real, or that refuses it (telling the
   * submitter why, by mail): throws StepConflict, with the link as it is now, when the link was
   * used meanwhile.
   */
  confirm(link: ConfirmLink, subject: R, now: Date): Promise<'confirmed' | 'refused'>;
  /**
   * Starts the submission's workflow if it has not started yet (its execution's name is the
   * submission's own, so a second start is no second workflow).
   */
  start(subject: R): Promise<void>;
}

/** A confirmation link and what its page shows: the link, the submission, and the page's anti-forgery value. */
export interface FoundConfirmation<R> {
  link: ConfirmLink;
  subject: R;
  proof: string;
}

/** The confirmation link a token opens, with its submission; 404 for anything else, 410 once the window has passed. */
export async function findConfirmation<R>(
  token: string,
  route: Pick<Confirmable<R>, 'load' | 'createdAt'>,
  lang: Language,
  deps: { store: { getLink(hash: string): Promise<LinkRecord | undefined> }; clock: { now(): Date } },
  known?: KnownLink,
): Promise<FoundConfirmation<R>> {
  const { link } = known ?? (await readLink(token, deps.store));
  if (link?.kind !== 'confirm') throw notFound(lang);
  const now = deps.clock.now();
  const subject = await route.load(link.subject);
  if (!subject) throw link.state === 'PENDING' ? lapsed(lang) : notFound(lang);
  if (link.state === 'PENDING' && (link.expiresAt <= now.toISOString() || isLapsed(route.createdAt(subject), now))) throw lapsed(lang);
  return { link, subject, proof: proofFor(link, now) };
}

/**
 * The button was pressed: checks the request came from the link's own page, then confirms the
 * submission exactly once and starts its workflow. A second press (or a press that meets
 * another) answers what the first did; a press after a start that failed starts it again.
 */
export async function confirmOnce<R>(
  token: string,
  proof: string,
  ctx: { lang: Language; headers: Record<string, string> },
  route: Confirmable<R>,
  deps: { store: { getLink(hash: string): Promise<LinkRecord | undefined> }; clock: { now(): Date }; config: { PUBLIC_BASE_URL: string } },
  known?: KnownLink,
): Promise<{ link: ConfirmLink; subject: R; result: 'confirmed' | 'refused' }> {
  const { lang } = ctx;
  assertSameOrigin(ctx.headers, deps.config.PUBLIC_BASE_URL, lang);
  let found = await findConfirmation(token, route, lang, deps, known);
  assertPageProof(found.link, proof, deps.clock.now(), lang);
  for (let attempt = 1; ; attempt++) {
    const { link, subject } = found;
    if (link.state === 'USED' && link.outcome) {
      if (link.outcome.result === 'confirmed') await startOrSay(route, subject, link, lang);
      return { link, subject, result: link.outcome.result };
    }
    try {
      const result = await route.confirm(link, subject, deps.clock.now());
      if (result === 'confirmed') await startOrSay(route, subject, link, lang);
      return { link, subject, result };
    } catch (error) {
      // Another press was written first: answer as it did, from the link as it is now.
      if (!(error instanceof StepConflict) || attempt >= 3) throw error;
      found = await findConfirmation(token, route, lang, deps);
    }
  }
}

async function startOrSay<R>(route: Confirmable<R>, subject: R, link: ConfirmLink, lang: Language): Promise<void> {
  try {
    await route.start(subject);
  } catch (error) {
    // Confirmed and kept: pressing the button again starts it (the link stays usable for that).
    logger.error('confirmed, but its workflow did not start', { subject: link.subject.type, subjectId: link.subject.id, errorName: (error as Error).name });
    throw new UnavailableError(
      lang === 'id'
        ? 'Konfirmasi Anda sudah tersimpan, tetapi pengajuan belum dapat diteruskan saat ini. Muat ulang halaman ini sebentar lagi untuk mencoba lagi.'
        : 'Your confirmation is saved, but the submission cannot be passed on right now. Reload this page in a moment to try again.',
    );
  }
}
