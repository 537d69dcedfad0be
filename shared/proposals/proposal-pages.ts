import type { FieldIssue } from '../kernel/errors.js';
import type { Bilingual, Language } from '../kernel/i18n.js';
import { html, join, type SafeHtml } from '../kernel/pages/html.js';
import { agencyContactEmail, fieldLabels, label, recordedActionLabels, roleLabel, scopeLabels } from '../kernel/pages/labels.js';
import { layout } from '../kernel/pages/layout.js';
import {
  badge,
  choiceGroup,
  decisionChoice,
  factList,
  formContext,
  hiddenInput,
  issueSummary,
  languageSelect,
  localized,
  selectInput,
  sendDecisionButton,
  t,
  textArea,
  textAt,
  textInput,
  time,
  trustedText,
} from '../kernel/pages/page-kit.js';
import { scopes } from '../kernel/partnerships/partnership.js';
import type { DecisionResult, DecisionView } from './decisions.js';
import { type DecisionAction, decisionActions, institutionTypeLabels, institutionTypes } from './proposal.schema.js';
import { decisionButtonLabels, eventLabels, proposalFacts, statusLabels, stepText } from './proposal-labels.js';
import type { Outcome } from './proposal-records.js';
import type { HistoryEntry, TrackingView } from './tracking.js';

// ---------------------------------------------------------------------------------------------
// The proposal form

const formText = {
  titleNew: { id: 'Usulan kemitraan', en: 'Partnership proposal' },
  titleEdit: { id: 'Perbaiki usulan kemitraan', en: 'Revise your partnership proposal' },
  introNew: {
    id: 'Ajukan kerja sama antara institusi Anda dan BKPSDM Kota Surakarta. Setelah dikirim, Anda menerima email berisi tautan untuk memantau usulan.',
    en: 'Propose a partnership between your institution and BKPSDM Kota Surakarta. After sending, you receive an email with a link to follow the proposal.',
  },
  introEdit: {
    id: 'Penyetuju meminta perbaikan. Ubah isian yang perlu, lalu kirim kembali; usulan akan ditinjau lagi dari tingkat pertama.',
    en: 'The approver asked for a revision. Change what is needed and send it again; the proposal is then reviewed again from the first level.',
  },
  requiredNote: { id: 'Kolom bertanda (wajib) harus diisi.', en: 'Fields marked (required) must be filled in.' },
  approverNote: { id: 'Catatan dari penyetuju', en: "The approver's note" },
  deadline: { id: 'Kirim perbaikan sebelum', en: 'Send the revision before' },
  institution: { id: 'Institusi', en: 'Institution' },
  contact: { id: 'Narahubung', en: 'Contact person' },
  proposal: { id: 'Usulan', en: 'Proposal' },
  choose: { id: '— pilih —', en: '— choose —' },
  pddiktiHint: { id: '6 angka, jika institusi terdaftar di PDDikti.', en: '6 digits, if the institution is listed in PDDikti.' },
  emailHint: {
    id: 'Kabar tentang usulan dikirim ke alamat ini.',
    en: 'News about the proposal is sent to this address.',
  },
  scopesHint: { id: 'Pilih satu atau lebih.', en: 'Choose one or more.' },
  durationHint: { id: 'Antara 1 dan 120 bulan.', en: 'Between 1 and 120 months.' },
  submitNew: { id: 'Kirim usulan', en: 'Submit proposal' },
  submitEdit: { id: 'Kirim perbaikan', en: 'Send revision' },
};

const formFields: Record<string, Bilingual> = {
  'institution.name': fieldLabels.institutionName,
  'institution.type': fieldLabels.institutionType,
  'institution.pddiktiCode': fieldLabels.pddiktiCode,
  'contact.name': fieldLabels.contactName,
  'contact.email': fieldLabels.contactEmail,
  'contact.phone': fieldLabels.contactPhone,
  title: fieldLabels.title,
  summary: fieldLabels.summary,
  scopes: fieldLabels.scopes,
  startDate: fieldLabels.startDate,
  durationMonths: fieldLabels.durationMonths,
  language: fieldLabels.language,
};

/**
 * The proposal form, new or as a revision. `values` is whatever was submitted before, valid
 * or not, so a person never types a field twice.
 */
export function proposalFormPage(args: {
  lang: Language;
  mode: 'new' | 'edit';
  action: string;
  values?: unknown;
  issues?: FieldIssue[];
  proof?: string;
  /** Sent back with the form, so that pressing the button twice submits one proposal. */
  submissionKey?: string;
  revisionComment?: string;
  deadline?: string;
}): string {
  const { lang, mode, values } = args;
  const ctx = formContext(lang, values, args.issues);
  const title = t(mode === 'new' ? formText.titleNew : formText.titleEdit, lang);
  const institutionType = textAt(values, 'institution.type');

  const revisionBox =
    mode === 'edit' &&
    (args.revisionComment || args.deadline) &&
    html`<section class="box warn" aria-labelledby="approver-note">
<h2 id="approver-note">${trustedText(formText.approverNote, lang)}</h2>
${args.revisionComment && html`<blockquote>${args.revisionComment}</blockquote>`}
${args.deadline && html`<p><strong>${t(formText.deadline, lang)} ${time(args.deadline, lang)}</strong></p>`}
</section>`;

  const body = html`<h1>${title}</h1>
<p class="lead">${t(mode === 'new' ? formText.introNew : formText.introEdit, lang)}</p>
${revisionBox}
${issueSummary(args.issues, localized(formFields, lang), lang)}
<p class="muted">${t(formText.requiredNote, lang)}</p>
<form method="post" action="${args.action}" enctype="application/x-www-form-urlencoded" accept-charset="utf-8" novalidate>
${mode === 'edit' && hiddenInput('proof', args.proof)}${args.submissionKey && hiddenInput('submissionKey', args.submissionKey)}
<h2>${t(formText.institution, lang)}</h2>
${textInput(ctx, { name: 'institution.name', label: fieldLabels.institutionName, required: true }, 'text', html` maxlength="200" autocomplete="organization"`)}
${selectInput(
  ctx,
  { name: 'institution.type', label: fieldLabels.institutionType, required: true },
  institutionTypes.map((type) => ({ value: type, label: t(institutionTypeLabels[type], lang) })),
  institutionType,
  t(formText.choose, lang),
)}
${textInput(ctx, { name: 'institution.pddiktiCode', label: fieldLabels.pddiktiCode, required: false, hint: formText.pddiktiHint }, 'text', html` class="short" inputmode="numeric" maxlength="6"`)}
<h2>${t(formText.contact, lang)}</h2>
${textInput(ctx, { name: 'contact.name', label: fieldLabels.contactName, required: true }, 'text', html` maxlength="120" autocomplete="name"`)}
${textInput(ctx, { name: 'contact.email', label: fieldLabels.contactEmail, required: true, hint: formText.emailHint }, 'email', html` maxlength="254" autocomplete="email"`)}
${textInput(ctx, { name: 'contact.phone', label: fieldLabels.contactPhone, required: false }, 'tel', html` maxlength="25" autocomplete="tel"`)}
<h2>${t(formText.proposal, lang)}</h2>
${textInput(ctx, { name: 'title', label: fieldLabels.title, required: true }, 'text', html` maxlength="200"`)}
${textArea(ctx, { name: 'summary', label: fieldLabels.summary, required: true }, html` rows="8" maxlength="5000"`)}
${choiceGroup(
  ctx,
  { name: 'scopes', label: fieldLabels.scopes, required: true, hint: formText.scopesHint, type: 'checkbox' },
  scopes.map((scope) => ({ value: scope, label: t(scopeLabels[scope], lang) })),
)}
${textInput(ctx, { name: 'startDate', label: fieldLabels.startDate, required: true }, 'date', html` class="short"`)}
${textInput(ctx, { name: 'durationMonths', label: fieldLabels.durationMonths, required: true, hint: formText.durationHint }, 'number', html` class="short" min="1" max="120" step="1" inputmode="numeric"`)}
${languageSelect(ctx, { name: 'language', label: fieldLabels.language, required: true })}
<div class="actions"><button type="submit">${t(mode === 'new' ? formText.submitNew : formText.submitEdit, lang)}</button></div>
</form>`;
  return layout({ lang, title, body, langSwitchPath: '' });
}

// ---------------------------------------------------------------------------------------------
// Tracking

const trackText = {
  title: { id: 'Status usulan', en: 'Proposal status' },
  confirmed: { id: 'Terima kasih, usulan sudah dikonfirmasi dan diteruskan ke BKPSDM.', en: 'Thank you: the proposal is confirmed and on its way to BKPSDM.' },
  round: { id: 'Putaran peninjauan', en: 'Review round' },
  submittedAt: { id: 'Diajukan pada', en: 'Submitted on' },
  updatedAt: { id: 'Terakhir berubah', en: 'Last change' },
  history: { id: 'Riwayat', en: 'History' },
  noHistory: { id: 'Belum ada riwayat.', en: 'No history yet.' },
  by: { id: 'oleh', en: 'by' },
  level: { id: 'Tingkat', en: 'Level' },
  decision: { id: 'Keputusan', en: 'Decision' },
  comment: { id: 'Komentar', en: 'Comment' },
  privacy: {
    id: 'Halaman ini hanya dapat dibuka dengan tautan pribadi Anda. Jangan bagikan tautannya.',
    en: 'Only your private link opens this page. Please do not share it.',
  },
} satisfies Record<string, Bilingual>;

const statusHints: Partial<Record<TrackingView['status'], Bilingual>> = {
  UNCONFIRMED: {
    id: 'Kami mengirim email ke alamat narahubung. Buka tautan di email itu dan konfirmasi usulan dalam satu hari; baru setelah itu usulan diteruskan ke BKPSDM. Tanpa konfirmasi, usulan terhapus sendiri.',
    en: "We sent an email to the contact person's address. Open the link in it and confirm the proposal within a day; only then does it go to BKPSDM. Without a confirmation, the proposal removes itself.",
  },
  SUBMITTED: { id: 'Usulan sudah diterima dan menunggu peninjauan.', en: 'The proposal was received and awaits review.' },
  IN_REVIEW: { id: 'Usulan sedang ditinjau oleh penyetuju.', en: 'An approver is reviewing the proposal.' },
  REVISION_REQUESTED: {
    id: 'Penyetuju meminta perbaikan. Tautan untuk memperbaiki usulan telah dikirim ke email narahubung.',
    en: "The approver asked for a revision. A link to revise the proposal was sent to the contact person's email.",
  },
  APPROVED: { id: 'Usulan disetujui dan kemitraan sudah aktif.', en: 'The proposal was approved and the partnership is active.' },
  REJECTED: { id: 'Usulan tidak disetujui.', en: 'The proposal was not approved.' },
  EXPIRED: {
    id: `Usulan berakhir karena batas waktunya terlewati. Hubungi ${agencyContactEmail} bila ingin melanjutkan.`,
    en: `The proposal ended because its deadline passed. Write to ${agencyContactEmail} if you wish to continue.`,
  },
};

function historyItem(entry: HistoryEntry, lang: Language): SafeHtml {
  const who = entry.by ? html`${roleLabel(entry.by.role, lang)}${entry.by.name && html` (${entry.by.name})`}` : roleLabel('system', lang);
  const details: SafeHtml[] = [];
  if (entry.level !== undefined) details.push(html`${t(trackText.level, lang)} ${entry.level}${entry.role && html` (${roleLabel(entry.role, lang)})`}`);
  if (entry.action) details.push(html`${t(trackText.decision, lang)}: <strong>${label(recordedActionLabels, entry.action, lang)}</strong>`);
  return html`<li><strong>${label(eventLabels, entry.type, lang)}</strong> — ${time(entry.at, lang)}, ${t(trackText.by, lang)} ${who}${
    details.length > 0 && html`<br>${join(details, ' · ')}`
  }${entry.comment && html`<blockquote aria-label="${t(trackText.comment, lang)}">${entry.comment}</blockquote>`}</li>`;
}

/** The proposer's private view of where the proposal stands and what happened to it. */
export function trackingPage(args: { lang: Language; view: TrackingView; notice?: 'confirmed' }): string {
  const { lang, view } = args;
  const hint = statusHints[view.status];
  const history = view.history.map((entry) => historyItem(entry, lang));
  const body = html`${args.notice === 'confirmed' && html`<p class="box ok" role="status">${t(trackText.confirmed, lang)}</p>`}
<p class="muted">${t(trackText.title, lang)}</p>
<h1>${view.title}</h1>
<dl class="facts">
<dt>${t(fieldLabels.institution, lang)}</dt><dd>${view.institution}</dd>
<dt>${t(fieldLabels.status, lang)}</dt><dd>${badge(statusLabels, view.status, lang)}</dd>
<dt>${t(trackText.round, lang)}</dt><dd>${view.round}</dd>
<dt>${t(trackText.submittedAt, lang)}</dt><dd>${time(view.submittedAt, lang)}</dd>
<dt>${t(trackText.updatedAt, lang)}</dt><dd>${time(view.updatedAt, lang)}</dd>
</dl>
${hint && html`<p class="box">${t(hint, lang)}</p>`}
<h2>${t(trackText.history, lang)}</h2>
${history.length ? html`<ol class="history">${join(history, '\n')}</ol>` : html`<p>${t(trackText.noHistory, lang)}</p>`}
<p class="muted">${t(trackText.privacy, lang)}</p>`;
  return layout({ lang, title: `${t(trackText.title, lang)}: ${view.title}`, body, langSwitchPath: '' });
}

// ---------------------------------------------------------------------------------------------
// Decisions

const decideText = {
  title: { id: 'Keputusan atas usulan kemitraan', en: 'Decision on a partnership proposal' },
  safe: {
    id: 'Membuka halaman ini tidak mengubah apa pun. Keputusan baru tercatat setelah Anda memilih salah satu keputusan di bawah lalu menekan “Kirim keputusan”.',
    en: 'Opening this page changes nothing. A decision is recorded only when you choose one below and press “Send decision”.',
  },
  step: { id: 'Tahap', en: 'Step' },
  decider: { id: 'Penyetuju', en: 'Approver' },
  deadline: { id: 'Batas waktu', en: 'Deadline' },
  round: { id: 'Putaran', en: 'Round' },
  afterRevision: { id: 'setelah perbaikan oleh pengusul', en: 'after a revision by the proposer' },
  backup: {
    id: 'Permintaan ini dialihkan kepada Anda sebagai penyetuju cadangan karena penyetuju utama belum memberi keputusan sebelum batas waktunya.',
    en: 'This request was passed to you as the backup approver because the primary approver did not decide before the deadline.',
  },
  proposal: { id: 'Usulan', en: 'The proposal' },
  yourDecision: { id: 'Keputusan Anda', en: 'Your decision' },
  comment: { id: 'Komentar untuk pengusul', en: 'Comment for the proposer' },
  lastRound: {
    id: 'Ini putaran terakhir: usulan hanya dapat disetujui atau ditolak.',
    en: 'This is the last round: the proposal can only be approved or rejected.',
  },
} satisfies Record<string, Bilingual>;

/** Which decisions need a reason: the proposer must learn what to change or why not. */
function commentHint(actions: readonly DecisionAction[]): Bilingual {
  const needing = actions.filter((a) => a !== 'approve');
  if (needing.length === 0) return { id: 'Opsional.', en: 'Optional.' };
  const list = (lang: Language) => needing.map((a) => `“${decisionButtonLabels[a][lang]}”`).join(lang === 'id' ? ' atau ' : ' or ');
  const approveOptional = actions.includes('approve');
  return {
    id: `Wajib diisi untuk ${list('id')}.${approveOptional ? ' Opsional bila menyetujui.' : ''}`,
    en: `Required for ${list('en')}.${approveOptional ? ' Optional when approving.' : ''}`,
  };
}

/**
 * The confirmation page behind a decision link: everything needed to decide, a choice among
 * the link's actions that the page never makes itself, and one button that sends it. `comment`
 * and `decision` are what the person sent before, shown again after a 400.
 */
export function decisionPage(args: { lang: Language; view: DecisionView; issues?: FieldIssue[]; comment?: string; decision?: string }): string {
  const { lang, view } = args;
  const { link, proposal } = view;
  const ctx = formContext(lang, { comment: args.comment, decision: args.decision }, args.issues);
  const actions = decisionActions.filter((action) => link.actions.includes(action));
  const fieldNames = { comment: t(decideText.comment, lang), decision: t(decideText.yourDecision, lang) };

  const body = html`<h1>${t(decideText.title, lang)}</h1>
<p class="box lead">${t(decideText.safe, lang)}</p>
${link.attempt === 'backup' && html`<p class="box warn">${t(decideText.backup, lang)}</p>`}
<dl class="facts">
<dt>${t(decideText.step, lang)}</dt><dd>${stepText(link.level, view.chainLength, link.role, lang)}</dd>
<dt>${t(decideText.decider, lang)}</dt><dd>${link.holder.name}</dd>
<dt>${t(decideText.deadline, lang)}</dt><dd>${time(link.expiresAt, lang)}</dd>
<dt>${t(decideText.round, lang)}</dt><dd>${proposal.round}${proposal.round > 1 && html` (${t(decideText.afterRevision, lang)})`}</dd>
</dl>
<h2>${t(decideText.proposal, lang)}</h2>
${factList(proposalFacts(proposal.data, lang))}
<h2 id="decide-title">${t(decideText.yourDecision, lang)}</h2>
${issueSummary(args.issues, fieldNames, lang)}
${!actions.includes('revise') && html`<p>${t(decideText.lastRound, lang)}</p>`}
<form method="post" aria-labelledby="decide-title" novalidate>
${hiddenInput('proof', view.proof)}
${decisionChoice(
  ctx,
  actions.map((action) => ({ value: action, label: t(decisionButtonLabels[action], lang) })),
)}
${textArea(ctx, { name: 'comment', label: decideText.comment, required: false, unmarked: true, hint: commentHint(actions) }, html` rows="6" maxlength="2000"`)}
${sendDecisionButton(lang)}
</form>`;
  return layout({ lang, title: `${t(decideText.title, lang)}: ${proposal.data.title}`, body, langSwitchPath: '' });
}

const doneText = {
  title: { id: 'Keputusan tercatat', en: 'Decision recorded' },
  thanks: { id: 'Terima kasih', en: 'Thank you' },
  recorded: { id: 'Kami mencatat keputusan berikut', en: 'We recorded the following decision' },
  decision: { id: 'Keputusan', en: 'Decision' },
  comment: { id: 'Komentar', en: 'Comment' },
  at: { id: 'Waktu', en: 'Time' },
  next: { id: 'Selanjutnya', en: 'What happens next' },
  close: { id: 'Anda dapat menutup halaman ini.', en: 'You may close this page.' },
} satisfies Record<string, Bilingual>;

function nextStep(outcome: Outcome, level: number, chainLength: number | undefined, lang: Language): string {
  const id = lang === 'id';
  switch (outcome.action) {
    case 'approve':
      if (chainLength !== undefined && level < chainLength)
        return id
          ? `Usulan diteruskan ke tingkat persetujuan berikutnya (tingkat ${level + 1} dari ${chainLength}).`
          : `The proposal goes on to the next approval level (level ${level + 1} of ${chainLength}).`;
      if (chainLength !== undefined)
        return id
          ? 'Ini tingkat terakhir: kemitraan menjadi aktif dan pengusul diberi tahu melalui email.'
          : 'This was the last level: the partnership becomes active and the proposer is told by email.';
      return id
        ? 'Usulan diteruskan ke tingkat persetujuan berikutnya; bila ini tingkat terakhir, kemitraan menjadi aktif dan pengusul diberi tahu melalui email.'
        : 'The proposal goes on to the next approval level; if this was the last one, the partnership becomes active and the proposer is told by email.';
    case 'reject':
      return id ? 'Pengusul diberi tahu melalui email, beserta alasan Anda.' : 'The proposer is told by email, with your reason.';
    case 'revise':
      return id
        ? 'Pengusul menerima email berisi tautan untuk memperbaiki usulan. Setelah perbaikan dikirim, usulan ditinjau kembali dari tingkat pertama.'
        : 'The proposer receives an email with a link to revise the proposal. Once the revision is sent, the proposal is reviewed again from the first level.';
    case 'resubmit':
      return id ? 'Usulan akan ditinjau kembali.' : 'The proposal will be reviewed again.';
  }
}

/** The answer to a decision: what was recorded and what happens next. */
export function decisionDonePage(args: { lang: Language; result: DecisionResult; chainLength?: number }): string {
  const { lang, result } = args;
  const { outcome, proposal, link } = result;
  const body = html`<h1>${t(doneText.title, lang)}</h1>
<p class="box ok lead">${t(doneText.thanks, lang)}, ${outcome.decidedBy.name}. ${t(doneText.recorded, lang)}:</p>
<dl class="facts">
<dt>${t(fieldLabels.title, lang)}</dt><dd>${proposal.data.title}</dd>
<dt>${t(fieldLabels.institution, lang)}</dt><dd>${proposal.data.institution.name}</dd>
<dt>${t(doneText.decision, lang)}</dt><dd><strong>${label(recordedActionLabels, outcome.action, lang)}</strong></dd>
${outcome.comment && html`<dt>${t(doneText.comment, lang)}</dt><dd class="prewrap">${outcome.comment}</dd>`}
<dt>${t(doneText.at, lang)}</dt><dd>${time(outcome.decidedAt, lang)}</dd>
</dl>
<h2>${t(doneText.next, lang)}</h2>
<p>${nextStep(outcome, link.level, args.chainLength, lang)}</p>
<p class="muted">${t(doneText.close, lang)}</p>`;
  return layout({ lang, title: t(doneText.title, lang), body });
}
