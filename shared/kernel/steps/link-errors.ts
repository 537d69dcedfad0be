import { ConflictError, ForbiddenError, GoneError } from '../errors.js';
import type { Language } from '../i18n.js';
import type { LinkState, StepOutcome } from './step-link.js';

/** The link was used already: says who did what, and when. */
export class LinkUsedError extends ConflictError {
  constructor(
    readonly outcome: StepOutcome | undefined,
    lang: Language,
  ) {
    super(lang === 'id' ? 'Tautan ini sudah digunakan.' : 'This link has already been used.');
  }
}

/** The link's step is over: it expired, or a newer link replaced it. */
export class LinkClosedError extends GoneError {
  constructor(
    readonly reason: 'expired' | 'superseded',
    lang: Language,
  ) {
    super(
      reason === 'superseded'
        ? lang === 'id'
          ? 'Tautan ini sudah digantikan oleh tautan yang lebih baru.'
          : 'This link has been replaced by a newer one.'
        : lang === 'id'
          ? 'Tautan ini sudah kedaluwarsa.'
          : 'This link has expired.',
    );
  }
}

/** Throws unless the link can still be acted on at `now`. */
export function assertOpen(link: { state: LinkState; outcome?: StepOutcome; expiresAt: string }, now: Date, lang: Language): void {
  if (link.state === 'USED') throw new LinkUsedError(link.outcome, lang);
  if (link.state === 'SUPERSEDED') throw new LinkClosedError('superseded', lang);
  if (link.state === 'EXPIRED' || link.expiresAt <= now.toISOString()) throw new LinkClosedError('expired', lang);
}

/**
 * Only a person on our own page may act. Browsers send `Origin` on every form POST; with the
 * pages' `no-referrer` policy some send `Origin: null`, and then the fetch metadata header
 * must say the request came from the same origin.
 */
export function assertSameOrigin(headers: Record<string, string>, publicBaseUrl: string, lang: Language): void {
  const allowed = new URL(publicBaseUrl).origin;
  const origin = headers.origin;
  const site = headers['sec-fetch-site'];
  const ok = origin && origin !== 'null' ? origin === allowed : site === 'same-origin';
  if (!ok)
    throw new ForbiddenError(
      lang === 'id'
        ? 'Permintaan ini tidak berasal dari halaman Sinergi. Buka tautan dari email Anda lalu tekan tombolnya.'
        : 'This request did not come from a Sinergi page. Open the link from your email and press the button.',
    );
}
