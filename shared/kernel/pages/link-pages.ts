import type { Bilingual, Language } from '../i18n.js';
import type { StepOutcome } from '../steps/step-link.js';
import { html, multiline } from './html.js';
import { agencyContactEmail, label, recordedActionLabels } from './labels.js';
import { layout } from './layout.js';
import { t, time } from './page-kit.js';

/**
 * The pages every link and route answers with when there is nothing to act on: a link used
 * already (who decided what, and when), a link whose step is over, and any other failure.
 */

const usedText = {
  title: { id: 'Tautan ini sudah digunakan', en: 'This link has already been used' },
  generic: {
    id: 'Keputusan melalui tautan ini sudah tercatat sebelumnya, jadi tidak ada lagi yang perlu Anda lakukan.',
    en: 'A decision was already recorded through this link, so there is nothing more for you to do.',
  },
  nothingChanged: {
    id: 'Tidak ada yang berubah karena Anda membuka tautan ini lagi.',
    en: 'Opening the link again changed nothing.',
  },
  question: {
    id: `Ada pertanyaan? Hubungi koordinator BKPSDM di ${agencyContactEmail}.`,
    en: `Questions? Write to the BKPSDM coordinator at ${agencyContactEmail}.`,
  },
} satisfies Record<string, Bilingual>;

/** A second use of a link: says kindly who already decided what, and when. */
export function linkUsedPage(args: { lang: Language; outcome?: StepOutcome }): string {
  const { lang, outcome } = args;
  const actions = recordedActionLabels;
  const decided = outcome
    ? lang === 'id'
      ? html`Keputusan sudah diberikan oleh <strong>${outcome.decidedBy.name}</strong>: <strong>${label(actions, outcome.action, lang)}</strong> pada ${time(outcome.decidedAt, lang)}.`
      : html`Already decided by <strong>${outcome.decidedBy.name}</strong>: <strong>${label(actions, outcome.action, lang)}</strong> on ${time(outcome.decidedAt, lang)}.`
    : t(usedText.generic, lang);
  const body = html`<h1>${t(usedText.title, lang)}</h1>
<p class="box lead">${decided}</p>
<p>${t(usedText.nothingChanged, lang)}</p>
<p class="muted">${t(usedText.question, lang)}</p>`;
  return layout({ lang, title: t(usedText.title, lang), body, langSwitchPath: '' });
}

const closedText = {
  expiredTitle: { id: 'Tautan ini sudah kedaluwarsa', en: 'This link has expired' },
  supersededTitle: { id: 'Tautan ini sudah digantikan', en: 'This link has been replaced' },
  expired: {
    id: `Batas waktu untuk tautan ini sudah lewat, jadi tautan ini tidak dapat digunakan lagi. Hubungi koordinator BKPSDM di ${agencyContactEmail} agar dikirimi tautan baru.`,
    en: `The time for this link has passed, so it can no longer be used. Contact the BKPSDM coordinator at ${agencyContactEmail} to be sent a new one.`,
  },
  superseded: {
    id: 'Tautan yang lebih baru sudah dikirim (kepada Anda atau kepada penyetuju cadangan). Gunakan tautan dari email terbaru.',
    en: 'A newer link was sent (to you or to the backup approver). Please use the link in the latest email.',
  },
  nothingChanged: { id: 'Membuka tautan ini tidak mengubah apa pun.', en: 'Opening this link changed nothing.' },
} satisfies Record<string, Bilingual>;

/** A link whose step is over: says why, and what to do instead. */
export function linkClosedPage(args: { lang: Language; reason: 'expired' | 'superseded' }): string {
  const { lang, reason } = args;
  const title = t(reason === 'expired' ? closedText.expiredTitle : closedText.supersededTitle, lang);
  const body = html`<h1>${title}</h1>
<p class="box warn lead">${t(reason === 'expired' ? closedText.expired : closedText.superseded, lang)}</p>
<p>${t(closedText.nothingChanged, lang)}</p>`;
  return layout({ lang, title, body, langSwitchPath: '' });
}

const errorTitles: Record<number, Bilingual> = {
  400: { id: 'Permintaan tidak valid', en: 'The request is not valid' },
  403: { id: 'Tidak diizinkan', en: 'Not allowed' },
  404: { id: 'Halaman tidak ditemukan', en: 'Page not found' },
  405: { id: 'Cara akses tidak didukung', en: 'Method not allowed' },
  409: { id: 'Sudah berubah', en: 'Already changed' },
  410: { id: 'Tautan tidak berlaku lagi', en: 'This link is no longer valid' },
  413: { id: 'Isian terlalu besar', en: 'Too much data' },
  415: { id: 'Jenis isian tidak didukung', en: 'Unsupported content' },
  429: { id: 'Terlalu banyak permintaan', en: 'Too many requests' },
  503: { id: 'Layanan sedang sibuk', en: 'Service busy' },
};
const serverError: Bilingual = { id: 'Terjadi kesalahan', en: 'Something went wrong' };
const requestError: Bilingual = { id: 'Permintaan tidak dapat diproses', en: 'The request could not be processed' };

const errorHelp = {
  id: `Bila masalah berlanjut, hubungi ${agencyContactEmail}.`,
  en: `If the problem persists, write to ${agencyContactEmail}.`,
} satisfies Bilingual;

/** Any failure a person meets on a page: a plain title, the message, and where to ask. */
export function errorPage(args: { lang: Language; statusCode: number; message: string }): string {
  const { lang, statusCode } = args;
  const title = t(errorTitles[statusCode] ?? (statusCode >= 500 ? serverError : requestError), lang);
  const body = html`<h1>${title}</h1>
<p class="lead">${multiline(args.message)}</p>
<p class="muted">${t(errorHelp, lang)} (${statusCode})</p>`;
  return layout({ lang, title, body, langSwitchPath: '' });
}
