import type { FieldIssue } from '../errors.js';
import type { FormFields } from '../http/form.js';
import type { Bilingual, Language } from '../i18n.js';
import type { ConfirmLink } from '../steps/step-link.js';
import { html } from './html.js';
import { agencyContactEmail, type Fact } from './labels.js';
import { layout } from './layout.js';
import { choiceGroup, factList, formContext, hiddenInput, issueSummary, t, time, trustedText } from './page-kit.js';

/**
 * The pages of a confirmation link, the same for every workflow: what pressing the button will
 * send (opening it changes nothing), what happened when it was pressed before, and a refusal.
 * The workflow says what its submissions are called and what happens once one is confirmed.
 */
export interface ConfirmWords {
  /** What is confirmed, as a sentence names it: "usulan kemitraan" / "partnership proposal". */
  what: Bilingual;
  /** What happens once it is confirmed. */
  next: Bilingual;
}

const text = {
  title: { id: 'Konfirmasi pengajuan', en: 'Confirm your submission' },
  lead: {
    id: 'Pengajuan ini dibuat dengan alamat email Anda. Pengajuan baru diteruskan setelah Anda mengonfirmasinya di halaman ini; membuka halaman ini saja tidak mengubah apa pun.',
    en: 'This submission was made with your email address. It goes on only once you confirm it on this page; opening the page alone changes nothing.',
  },
  notYou: {
    id: 'Bukan Anda yang mengajukannya? Abaikan saja email dan halaman ini: pengajuan terhapus sendiri setelah batas waktu, dan tidak ada orang lain yang diberi tahu.',
    en: 'Did you not make it? Simply ignore the email and this page: the submission removes itself after the deadline, and nobody else is told.',
  },
  deadline: { id: 'Batas waktu konfirmasi', en: 'Confirm before' },
  submitter: { id: 'Diajukan atas nama', en: 'Submitted in the name of' },
  details: { id: 'Yang akan dikirim', en: 'What will be sent' },
  next: { id: 'Setelah dikonfirmasi', en: 'Once confirmed' },
  check: { id: 'Konfirmasi', en: 'Confirmation' },
  mine: {
    id: 'Saya sendiri yang membuat pengajuan ini dan ingin mengirimkannya.',
    en: 'I made this submission myself and want to send it.',
  },
  checkHint: { id: 'Centang kotak ini, lalu tekan “Konfirmasi dan kirim”.', en: 'Tick this box, then press “Confirm and send”.' },
  button: { id: 'Konfirmasi dan kirim', en: 'Confirm and send' },
  doneTitle: { id: 'Sudah dikonfirmasi', en: 'Already confirmed' },
  done: {
    id: 'Pengajuan ini sudah dikonfirmasi pada',
    en: 'This submission was confirmed on',
  },
  nothingChanged: { id: 'Membuka tautan ini lagi tidak mengubah apa pun.', en: 'Opening this link again changed nothing.' },
  refusedTitle: { id: 'Pengajuan tidak dapat diterima', en: 'The submission cannot be accepted' },
  refused: {
    id: 'Pengajuan ini tidak dapat diterima. Rinciannya sudah kami kirim ke alamat email Anda.',
    en: 'This submission cannot be accepted. We have sent the details to your email address.',
  },
  question: {
    id: `Ada pertanyaan? Hubungi koordinator BKPSDM di ${agencyContactEmail}.`,
    en: `Questions? Write to the BKPSDM coordinator at ${agencyContactEmail}.`,
  },
} satisfies Record<string, Bilingual>;

/** The form field the page asks to be ticked, and its one value. */
export const confirmFormFields: FormFields = { names: new Set(['proof', 'submitter']), lists: new Set() };
export const SUBMITTER_TICKED = 'yes';

/** The message of a press without the box ticked (a scanner pressing the first button sends nothing else). */
export function untickedIssue(lang: Language): FieldIssue {
  return {
    path: 'submitter',
    message: lang === 'id' ? 'Centang kotak konfirmasi bila Anda sendiri yang membuat pengajuan ini.' : 'Tick the box if you made this submission yourself.',
  };
}

/**
 * A confirmation link's page: the submission as it will be sent, and one form whose box must be
 * ticked before its button counts.
 */
export function confirmPage(args: { lang: Language; link: ConfirmLink; words: ConfirmWords; facts: Fact[]; proof: string; issues?: FieldIssue[] }): string {
  const { lang, link, words } = args;
  const ctx = formContext(lang, {}, args.issues);
  const body = html`<h1>${t(text.title, lang)}: ${t(words.what, lang)}</h1>
<p class="box lead">${t(text.lead, lang)}</p>
<dl class="facts">
<dt>${t(text.submitter, lang)}</dt><dd>${link.holder.name} (${link.holder.email})</dd>
<dt>${t(text.deadline, lang)}</dt><dd>${time(link.expiresAt, lang)}</dd>
</dl>
<h2>${t(text.details, lang)}</h2>
${factList(args.facts)}
<h2>${t(text.next, lang)}</h2>
<p>${t(words.next, lang)}</p>
${issueSummary(args.issues, { submitter: t(text.check, lang) }, lang)}
<form method="post" novalidate>
${hiddenInput('proof', args.proof)}
${choiceGroup(ctx, { name: 'submitter', label: text.check, required: true, hint: text.checkHint, type: 'checkbox' }, [
  { value: SUBMITTER_TICKED, label: t(text.mine, lang) },
])}
<div class="actions"><button type="submit">${trustedText(text.button, lang)}</button></div>
</form>
<p class="muted">${t(text.notYou, lang)}</p>`;
  return layout({ lang, title: `${t(text.title, lang)}: ${link.title}`, body, langSwitchPath: '' });
}

/** A confirmation link pressed before: when, and that nothing changed now. */
export function alreadyConfirmedPage(args: { lang: Language; link: ConfirmLink }): string {
  const { lang, link } = args;
  if (link.outcome?.result === 'refused') return refusedPage({ lang });
  const body = html`<h1>${t(text.doneTitle, lang)}</h1>
<p class="box lead">${t(text.done, lang)} ${link.outcome && time(link.outcome.at, lang)}.</p>
<p>${t(text.nothingChanged, lang)}</p>
<p class="muted">${t(text.question, lang)}</p>`;
  return layout({ lang, title: t(text.doneTitle, lang), body, langSwitchPath: '' });
}

/** A confirmed submission that another one stands in the way of: the reason goes to the mailbox, not the page. */
export function refusedPage(args: { lang: Language }): string {
  const { lang } = args;
  const body = html`<h1>${t(text.refusedTitle, lang)}</h1>
<p class="box warn lead">${t(text.refused, lang)}</p>
<p class="muted">${t(text.question, lang)}</p>`;
  return layout({ lang, title: t(text.refusedTitle, lang), body, langSwitchPath: '' });
}
