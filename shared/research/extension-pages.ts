import type { FieldIssue } from '../kernel/errors.js';
import type { Bilingual, Language } from '../kernel/i18n.js';
import { html, type SafeHtml } from '../kernel/pages/html.js';
import { layout } from '../kernel/pages/layout.js';
import {
  calendarDate,
  decisionChoice,
  factList,
  formContext,
  hiddenInput,
  issueSummary,
  localized,
  sendDecisionButton,
  t,
  textArea,
  textInput,
  time,
} from '../kernel/pages/page-kit.js';
import { todayInWib } from '../kernel/time.js';
import { extensionStatusLabels } from './research-labels.js';
import type { ExtensionRecord, ResearchStepLink } from './research-records.js';
import type { MilestonePageView, ResearchStepView } from './views.js';

/**
 * The pages of a milestone's extension: the lead's request form (a part of the milestone's own
 * page, shown until the milestone is sent) and the coordinator's decision page.
 */

const text = {
  heading: { id: 'Minta perpanjangan tenggat', en: 'Ask for a later due date' },
  intro: {
    id: 'Sebelum tahap dikirim, Anda dapat meminta tenggat baru: setelah hari ini, sebelum tenggat tahap berikutnya dan tidak setelah akhir proyek. Koordinator BKPSDM memutuskannya; Anda diberi tahu melalui email.',
    en: 'Before the milestone is sent, you may ask for a new due date: after today, before the next milestone is due and not after the project ends. The BKPSDM coordinator decides; you are told by email.',
  },
  newDueDate: { id: 'Tenggat baru', en: 'New due date' },
  reason: { id: 'Alasan', en: 'Reason' },
  reasonHint: {
    id: 'Mengapa tahap ini perlu waktu lebih lama. Koordinator membaca alasan ini.',
    en: 'Why this milestone needs more time. The coordinator reads this.',
  },
  ask: { id: 'Minta perpanjangan', en: 'Ask for the extension' },
  pending: { id: 'Permintaan perpanjangan menunggu keputusan koordinator', en: "An extension request awaits the coordinator's decision" },
  history: { id: 'Perpanjangan sebelumnya', en: 'Earlier extensions' },
  decisionTitle: { id: 'Keputusan perpanjangan tenggat', en: 'Decision on an extension' },
  kicker: { id: 'Proyek penelitian', en: 'Research project' },
  safe: {
    id: 'Membuka halaman ini tidak mengubah apa pun. Keputusan baru tercatat setelah Anda memilih dan menekan tombol kirim.',
    en: 'Opening this page changes nothing. A decision is recorded only when you choose and press send.',
  },
  backup: { id: 'Anda menerima langkah ini sebagai cadangan koordinator.', en: "You have this step as the coordinator's backup." },
  comment: { id: 'Catatan untuk ketua peneliti', en: 'Note for the lead researcher' },
  commentHint: { id: 'Wajib bila tidak disetujui.', en: 'Required when you refuse.' },
  approve: { id: 'Setujui tenggat baru', en: 'Approve the new due date' },
  reject: { id: 'Tidak setuju', en: 'Refuse' },
  requested: { id: 'Diminta pada', en: 'Asked on' },
  previous: { id: 'Tenggat saat ini', en: 'Current due date' },
  asked: { id: 'Tenggat yang diminta', en: 'Due date asked for' },
  project: { id: 'Proyek', en: 'Project' },
  milestone: { id: 'Tahap', en: 'Milestone' },
  lead: { id: 'Ketua peneliti', en: 'Lead researcher' },
  done: { id: 'Keputusan tercatat', en: 'Decision recorded' },
  doneApproved: {
    id: 'Tenggat pindah ke tanggal baru; pengingatnya dijadwalkan ulang dan ketua diberi tahu.',
    en: 'The due date moves to the new date; its reminders are planned again and the lead is told.',
  },
  doneRefused: { id: 'Tenggat tetap; ketua diberi tahu beserta catatan Anda.', en: 'The due date stays; the lead is told, with your note.' },
} satisfies Record<string, Bilingual>;

function extensionList(extensions: readonly ExtensionRecord[], lang: Language): SafeHtml {
  if (!extensions.length) return html``;
  const rows = extensions.map(
    (e) =>
      html`<li>${calendarDate(e.previousDueDate, lang)} → ${calendarDate(e.newDueDate, lang)}: ${t(extensionStatusLabels[e.status], lang)}${e.comment ? html` — ${e.comment}` : ''}</li>`,
  );
  return html`<h3>${t(text.history, lang)}</h3><ul>${rows}</ul>`;
}

/**
 * The extension part of a milestone's page: its earlier extensions, and while the milestone is
 * open the form (a pending request shows instead of the form). Posts to the page's own address
 * with `intent=extension`.
 */
export function extensionSection(args: { lang: Language; view: MilestonePageView; issues?: FieldIssue[]; values?: Record<string, string> }): SafeHtml {
  const { lang, view } = args;
  const { milestone } = view;
  const list = extensionList(milestone.extensions, lang);
  if (milestone.status !== 'OPEN')
    return list.toString() ? html`<section aria-labelledby="extension-title"><h2 id="extension-title">${t(text.history, lang)}</h2>${list}</section>` : html``;
  if (milestone.pendingExtension !== undefined)
    return html`<section aria-labelledby="extension-title"><h2 id="extension-title">${t(text.heading, lang)}</h2><p class="box">${t(text.pending, lang)}</p>${list}</section>`;
  const issues = args.issues?.filter((i) => i.path === 'newDueDate' || i.path === 'reason');
  const ctx = formContext(lang, args.values ?? {}, issues);
  return html`<section aria-labelledby="extension-title">
<h2 id="extension-title">${t(text.heading, lang)}</h2>
<p>${t(text.intro, lang)}</p>
${issueSummary(issues, localized({ newDueDate: text.newDueDate, reason: text.reason }, lang), lang)}
<form method="post" novalidate>
${hiddenInput('proof', view.proof)}
${textInput(ctx, { name: 'newDueDate', label: text.newDueDate, required: true }, 'date', html` min="${todayInWib(new Date())}"`)}
${textArea(ctx, { name: 'reason', label: text.reason, required: true, hint: text.reasonHint }, html` rows="4" maxlength="2000"`)}
<div class="actions"><button type="submit" name="intent" value="extension">${t(text.ask, lang)}</button></div>
</form>
${list}
</section>`;
}

/** What the coordinator's decision page shows of a request. */
function requestFacts(view: ResearchStepView, extension: ExtensionRecord, lang: Language) {
  const milestone = view.milestones.find((m) => m.number === view.link.milestone);
  return factList([
    { label: t(text.project, lang), value: `${view.project.data.title} (${view.project.institution})` },
    { label: t(text.milestone, lang), value: milestone ? `${milestone.number}. ${milestone.title}` : String(view.link.milestone) },
    { label: t(text.lead, lang), value: view.project.data.lead.name },
    { label: t(text.previous, lang), value: extension.previousDueDate },
    { label: t(text.asked, lang), value: extension.newDueDate },
    { label: t(text.reason, lang), value: extension.reason },
  ]);
}

/** The coordinator's decision page for an extension link (`/decide/{token}`). */
export function extensionDecisionPage(args: {
  lang: Language;
  view: ResearchStepView;
  extension: ExtensionRecord;
  issues?: FieldIssue[];
  values?: Record<string, string>;
}): string {
  const { lang, view, extension } = args;
  const ctx = formContext(lang, args.values ?? {}, args.issues);
  const body = html`<p class="muted">${t(text.kicker, lang)}</p>
<h1>${t(text.decisionTitle, lang)}</h1>
<p class="box lead">${t(text.safe, lang)}</p>
${view.link.attempt === 'backup' && html`<p class="box warn">${t(text.backup, lang)}</p>`}
${requestFacts(view, extension, lang)}
<p class="muted">${t(text.requested, lang)} ${time(extension.requestedAt, lang)}</p>
${issueSummary(args.issues, localized({ decision: text.decisionTitle, comment: text.comment }, lang), lang)}
<form method="post" novalidate>
${hiddenInput('proof', view.proof)}
${decisionChoice(ctx, [
  { value: 'approve', label: t(text.approve, lang) },
  { value: 'reject', label: t(text.reject, lang) },
])}
${textArea(ctx, { name: 'comment', label: text.comment, required: false, unmarked: true, hint: text.commentHint }, html` rows="4" maxlength="2000"`)}
${sendDecisionButton(lang)}
</form>`;
  return layout({ lang, title: t(text.decisionTitle, lang), body });
}

/** After the coordinator decided an extension. */
export function extensionDonePage(args: { lang: Language; link: ResearchStepLink; action: string }): string {
  const { lang, action } = args;
  const body = html`<h1>${t(text.done, lang)}</h1><p class="box">${t(action === 'approve' ? text.doneApproved : text.doneRefused, lang)}</p>`;
  return layout({ lang, title: t(text.done, lang), body });
}

export const extensionDecisionLabels: Partial<Record<ResearchStepLink['actions'][number], Bilingual>> = { approve: text.approve, reject: text.reject };
