import { employmentTypes } from '../kernel/asn/nip.js';
import type { FieldIssue } from '../kernel/errors.js';
import type { Bilingual, Language } from '../kernel/i18n.js';
import { JP_MINIMUM_PER_YEAR } from '../kernel/jp/jp-ledger.js';
import { html, join, type SafeHtml } from '../kernel/pages/html.js';
import { agencyContactEmail, type Fact, fieldLabels, label, recordedActionLabels, scopeList } from '../kernel/pages/labels.js';
import { layout } from '../kernel/pages/layout.js';
import {
  badge,
  calendarDate,
  choiceGroup,
  decisionChoice,
  errorLine,
  type FormContext,
  factList,
  fieldId,
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
import { formatDate, formatDateTime } from '../kernel/time.js';
import { type StepName, stepActions } from './placement.schema.js';
import {
  applicantFacts,
  applicationFieldLabels,
  applicationStatusLabels,
  employmentTypeLabels,
  jpText,
  periodText,
  placementFieldLabels,
  placementOfferFacts,
  placementRoleLabels,
  placementStatusLabels,
  placementSummaryFacts,
  seatsLeftText,
  stepButtonLabel,
  stepLabels,
  subjectEventLabels,
} from './placement-labels.js';
import type { ApplicationRecord, PlacementOutcome } from './placement-records.js';
import type { ApplicationHistoryEntry, ApplicationTrackingView, CatalogueItem, PartnerView, StepResult, StepView } from './views.js';

/**
 * The pages of the internship placements: the partner's page where placements are offered, the
 * public catalogue, the ASN's application form and tracking page, and the pages behind the step
 * links (decisions and the ASN's report). Like the proposal pages, a GET never changes anything.
 */

const path = (...parts: string[]) => `/${parts.map(encodeURIComponent).join('/')}`;

const common = {
  requiredNote: { id: 'Kolom bertanda (wajib) harus diisi.', en: 'Fields marked (required) must be filled in.' },
  choose: { id: '— pilih —', en: '— choose —' },
  close: { id: 'Anda dapat menutup halaman ini.', en: 'You may close this page.' },
} satisfies Record<string, Bilingual>;

/** Each catalogue entry's facts, as the catalogue and the application form show them. */
function catalogueFacts(item: CatalogueItem, lang: Language): Fact[] {
  return [
    { label: placementFieldLabels.institution[lang], value: item.institution },
    { label: placementFieldLabels.hostUnit[lang], value: item.hostUnit },
    { label: placementFieldLabels.competencyArea[lang], value: item.competencyArea },
    { label: placementFieldLabels.period[lang], value: periodText(item.startDate, item.endDate, lang) },
    { label: placementFieldLabels.applicationDeadline[lang], value: formatDate(item.applicationDeadline, lang) },
    { label: placementFieldLabels.jpHours[lang], value: jpText(item.jpHours) },
    { label: placementFieldLabels.seats[lang], value: seatsLeftText(item.seatsLeft, item.seats, lang) },
  ];
}

/** The partner writes an offer in its own language; text in the other one is marked as such. */
const langAttr = (textLang: Language, pageLang: Language) => textLang !== pageLang && html` lang="${textLang}"`;

// ---------------------------------------------------------------------------------------------
// The partner's page

const partnerText = {
  kicker: { id: 'Halaman mitra', en: 'Partner page' },
  validity: { id: 'Masa berlaku', en: 'Valid' },
  offered: {
    id: 'Tawaran penempatan sudah terkirim. Tawaran ini menunggu persetujuan BKPSDM; Anda akan diberi tahu melalui email setelah diputuskan.',
    en: "Your placement offer was sent. It awaits BKPSDM's approval; you will be told by email once it is decided.",
  },
  placements: { id: 'Penempatan yang ditawarkan', en: 'Placements offered' },
  noPlacements: { id: 'Belum ada penempatan yang ditawarkan.', en: 'No placements offered yet.' },
  seatsTaken: { id: 'Kursi terisi', en: 'Seats taken' },
  newTitle: { id: 'Tawarkan penempatan baru', en: 'Offer a new placement' },
  newIntro: {
    id: 'Penempatan baru ditinjau oleh BKPSDM sebelum dibuka untuk pendaftaran ASN.',
    en: 'A new placement is reviewed by BKPSDM before civil servants (ASN) can apply for it.',
  },
  descriptionHint: {
    id: 'Apa yang dikerjakan peserta dan apa yang dipelajarinya.',
    en: 'What the intern will do and learn.',
  },
  competencyHint: { id: 'Misalnya: analisis data, kebijakan publik.', en: 'For example: data analysis, public policy.' },
  seatsHint: { id: 'Antara 1 dan 50 peserta.', en: 'Between 1 and 50 interns.' },
  deadlineHint: { id: 'Harus sebelum tanggal mulai.', en: 'Must be before the start date.' },
  jpHint: {
    id: `Jam pelajaran yang diakui bagi ASN yang menyelesaikan magang ini, antara 1 dan 500. Setiap PNS berhak atas sekurang-kurangnya ${JP_MINIMUM_PER_YEAR} JP pengembangan kompetensi per tahun.`,
    en: `The lesson hours credited to a civil servant who completes this internship, between 1 and 500. Every PNS is owed at least ${JP_MINIMUM_PER_YEAR} JP of competency development a year.`,
  },
  languageHint: {
    id: 'Bahasa yang Anda gunakan untuk menulis tawaran ini, dan bahasa email tentang tawaran ini kepada Anda.',
    en: 'The language you write this offer in, and of the emails to you about it.',
  },
  submit: { id: 'Kirim tawaran', en: 'Send offer' },
  privacy: {
    id: 'Halaman ini hanya dapat dibuka dengan tautan pribadi institusi Anda. Jangan bagikan tautannya.',
    en: "Only your institution's private link opens this page. Please do not share it.",
  },
} satisfies Record<string, Bilingual>;

const offerFields: Record<string, Bilingual> = {
  title: placementFieldLabels.title,
  hostUnit: placementFieldLabels.hostUnit,
  description: placementFieldLabels.description,
  competencyArea: placementFieldLabels.competencyArea,
  seats: placementFieldLabels.seats,
  startDate: placementFieldLabels.startDate,
  endDate: placementFieldLabels.endDate,
  applicationDeadline: placementFieldLabels.applicationDeadline,
  jpHours: placementFieldLabels.jpHours,
  language: placementFieldLabels.language,
};

function placementTable(placements: PartnerView['placements'], lang: Language): SafeHtml {
  if (placements.length === 0) return html`<p>${t(partnerText.noPlacements, lang)}</p>`;
  const head = [
    placementFieldLabels.title,
    placementFieldLabels.hostUnit,
    placementFieldLabels.status,
    partnerText.seatsTaken,
    placementFieldLabels.period,
    placementFieldLabels.applicationDeadline,
    placementFieldLabels.jpHours,
  ].map((text) => html`<th scope="col">${t(text, lang)}</th>`);
  const rows = placements.map(
    (p) =>
      html`<tr><th scope="row">${p.title}</th><td>${p.hostUnit}</td><td>${badge(placementStatusLabels, p.status, lang)}</td><td>${p.seatsTaken}/${p.seats}</td><td>${calendarDate(p.startDate, lang)} – ${calendarDate(p.endDate, lang)}</td><td>${calendarDate(p.applicationDeadline, lang)}</td><td>${jpText(p.jpHours)}</td></tr>`,
  );
  // A wide table scrolls on its own on a phone, rather than the whole page.
  return html`<div role="region" aria-labelledby="placements-title" tabindex="0" style="overflow-x:auto">
<table aria-labelledby="placements-title">
<thead><tr>${head}</tr></thead>
<tbody>
${join(rows, '\n')}
</tbody>
</table>
</div>`;
}

/**
 * What another workflow adds to the partner page: what it says at the top (a notice, the
 * messages of its form), and its section below the placements. Markup made with html`…`.
 */
export interface PartnerPageSection {
  top?: SafeHtml;
  body: SafeHtml;
}

/** The placements offered under the partnership, and the form to offer a new one. */
function placementSection(ctx: FormContext, placements: PartnerView['placements'], token: string): SafeHtml {
  const { lang } = ctx;
  return html`<h2 id="placements-title">${t(partnerText.placements, lang)}</h2>
${placementTable(placements, lang)}
<h2 id="offer-title">${t(partnerText.newTitle, lang)}</h2>
<p>${t(partnerText.newIntro, lang)}</p>
<p class="muted">${t(common.requiredNote, lang)}</p>
<form method="post" action="${path('partners', token, 'placements')}" enctype="application/x-www-form-urlencoded" accept-charset="utf-8" novalidate aria-labelledby="offer-title">
${textInput(ctx, { name: 'title', label: placementFieldLabels.title, required: true }, 'text', html` maxlength="200"`)}
${textInput(ctx, { name: 'hostUnit', label: placementFieldLabels.hostUnit, required: true }, 'text', html` maxlength="200"`)}
${textArea(ctx, { name: 'description', label: placementFieldLabels.description, required: true, hint: partnerText.descriptionHint }, html` rows="8" maxlength="5000"`)}
${textInput(ctx, { name: 'competencyArea', label: placementFieldLabels.competencyArea, required: true, hint: partnerText.competencyHint }, 'text', html` maxlength="200"`)}
${textInput(ctx, { name: 'seats', label: placementFieldLabels.seats, required: true, hint: partnerText.seatsHint }, 'number', html` class="short" min="1" max="50" step="1" inputmode="numeric"`)}
${textInput(ctx, { name: 'startDate', label: placementFieldLabels.startDate, required: true }, 'date', html` class="short"`)}
${textInput(ctx, { name: 'endDate', label: placementFieldLabels.endDate, required: true }, 'date', html` class="short"`)}
${textInput(ctx, { name: 'applicationDeadline', label: placementFieldLabels.applicationDeadline, required: true, hint: partnerText.deadlineHint }, 'date', html` class="short"`)}
${textInput(ctx, { name: 'jpHours', label: placementFieldLabels.jpHours, required: true, hint: partnerText.jpHint }, 'number', html` class="short" min="1" max="500" step="1" inputmode="numeric"`)}
${languageSelect(ctx, { name: 'language', label: placementFieldLabels.language, required: true, hint: partnerText.languageHint })}
<div class="actions"><button type="submit">${t(partnerText.submit, lang)}</button></div>
</form>`;
}

/**
 * GET /partners/{token}: the partnership; with the internship scope, its placements and the
 * form to offer a new one (`issues` and `values` are that form's); then the sections other
 * workflows add (research projects, for a partnership with the research scope).
 */
export function partnerPage(args: {
  lang: Language;
  view: PartnerView;
  token: string;
  issues?: FieldIssue[];
  values?: Record<string, unknown>;
  notice?: 'offered';
  sections?: readonly PartnerPageSection[];
}): string {
  const { lang, view, token } = args;
  const { partnership } = view;
  const sections = args.sections ?? [];
  const ctx = formContext(lang, args.values, args.issues);
  const body = html`<p class="muted">${t(partnerText.kicker, lang)}</p>
<h1>${partnership.title}</h1>
${args.notice === 'offered' && html`<p class="box ok lead" role="status">${trustedText(partnerText.offered, lang)}</p>`}
${issueSummary(args.issues, localized(offerFields, lang), lang)}
${sections.map((section) => section.top && html`${section.top}\n`)}${factList([
  { label: t(fieldLabels.institution, lang), value: partnership.institution.name },
  { label: t(fieldLabels.contactName, lang), value: partnership.contact.name },
  { label: t(fieldLabels.partnershipId, lang), value: partnership.id },
  { label: t(partnerText.validity, lang), value: periodText(partnership.startDate, partnership.endDate, lang) },
  { label: t(fieldLabels.scopes, lang), value: scopeList(partnership.scopes, lang) },
])}
${partnership.scopes.includes('internship') && placementSection(ctx, view.placements, token)}
${sections.map((section) => html`${section.body}\n`)}<p class="muted">${trustedText(partnerText.privacy, lang)}</p>`;
  return layout({ lang, title: `${t(partnerText.kicker, lang)}: ${partnership.title}`, body, langSwitchPath: path('partners', token) });
}

// ---------------------------------------------------------------------------------------------
// The catalogue

const catalogueText = {
  title: { id: 'Penempatan magang', en: 'Internship placements' },
  lead: {
    id: 'Magang di institusi mitra BKPSDM Kota Surakarta yang sedang membuka pendaftaran bagi ASN Pemerintah Kota Surakarta.',
    en: "Internships at BKPSDM Kota Surakarta's partner institutions that are open to the city's civil servants (ASN).",
  },
  jp: {
    id: `Magang yang diselesaikan diakui sebagai jam pelajaran (JP) pengembangan kompetensi; setiap PNS berhak atas sekurang-kurangnya ${JP_MINIMUM_PER_YEAR} JP per tahun.`,
    en: `A completed internship counts as lesson hours (JP) of competency development; every PNS is owed at least ${JP_MINIMUM_PER_YEAR} JP a year.`,
  },
  empty: {
    id: 'Saat ini belum ada penempatan yang membuka pendaftaran. Silakan kembali lagi nanti.',
    en: 'No placements are open for applications right now. Please come back later.',
  },
  full: {
    id: 'Semua kursi sudah terisi; pendaftar baru masuk daftar tunggu.',
    en: 'All seats are taken; new applicants join the waitlist.',
  },
  apply: { id: 'Daftar', en: 'Apply' },
} satisfies Record<string, Bilingual>;

function catalogueCard(item: CatalogueItem, index: number, lang: Language): SafeHtml {
  const headingId = `placement-${index}`;
  const own = langAttr(item.language, lang);
  return html`<article class="box" aria-labelledby="${headingId}">
<h2 id="${headingId}"${own}>${item.title}</h2>
<p class="prewrap"${own}>${item.description}</p>
${factList(catalogueFacts(item, lang))}
${item.seatsLeft <= 0 && html`<p class="muted">${t(catalogueText.full, lang)}</p>`}
<p><a href="${path('placements', item.id, 'apply')}">${t(catalogueText.apply, lang)}: <span${own}>${item.title}</span></a></p>
</article>`;
}

/** GET /placements: every placement open for applications, each with its link to apply. */
export function cataloguePage(args: { lang: Language; placements: CatalogueItem[] }): string {
  const { lang, placements } = args;
  const title = t(catalogueText.title, lang);
  const cards = placements.map((item, index) => catalogueCard(item, index, lang));
  const body = html`<h1>${title}</h1>
<p class="lead">${trustedText(catalogueText.lead, lang)}</p>
<p class="muted">${t(catalogueText.jp, lang)}</p>
${cards.length ? join(cards, '\n') : html`<p class="box">${t(catalogueText.empty, lang)}</p>`}`;
  return layout({ lang, title, body, langSwitchPath: '/placements' });
}

// ---------------------------------------------------------------------------------------------
// The application form

const applyText = {
  title: { id: 'Pendaftaran magang', en: 'Internship application' },
  lead: {
    id: 'Atasan langsung Anda menerima email untuk menyetujui pendaftaran ini; setelah itu koordinator BKPSDM dan instansi mitra meninjaunya. Anda menerima email berisi tautan untuk memantau pendaftaran.',
    en: 'Your supervisor receives an email to approve this application; then the BKPSDM coordinator and the host institution review it. You receive an email with a link to follow the application.',
  },
  placement: { id: 'Penempatan', en: 'The placement' },
  you: { id: 'Data diri', en: 'About you' },
  supervisor: { id: 'Atasan langsung', en: 'Your supervisor' },
  motivation: { id: 'Motivasi dan bahasa email', en: 'Motivation and email language' },
  nipHint: {
    id: '18 angka; boleh ditulis dengan spasi, misalnya 19900101 201501 1 001.',
    en: '18 digits; spaces are allowed, e.g. 19900101 201501 1 001.',
  },
  emailHint: { id: 'Tautan untuk memantau pendaftaran dikirim ke alamat ini.', en: 'The link to follow your application is sent to this address.' },
  supervisorEmailHint: {
    id: 'Atasan Anda menerima email untuk menyetujui pendaftaran ini. Harus berbeda dari email Anda.',
    en: 'Your supervisor receives an email to approve this application. It must differ from your own email.',
  },
  motivationHint: {
    id: 'Mengapa Anda memilih penempatan ini dan apa yang ingin Anda pelajari.',
    en: 'Why you chose this placement and what you want to learn.',
  },
  submit: { id: 'Kirim pendaftaran', en: 'Send application' },
} satisfies Record<string, Bilingual>;

const applicationFields: Record<string, Bilingual> = {
  nip: applicationFieldLabels.nip,
  employmentType: applicationFieldLabels.employmentType,
  name: applicationFieldLabels.name,
  email: applicationFieldLabels.email,
  unit: applicationFieldLabels.unit,
  position: applicationFieldLabels.position,
  'supervisor.name': applicationFieldLabels.supervisorName,
  'supervisor.email': applicationFieldLabels.supervisorEmail,
  motivation: applicationFieldLabels.motivation,
  language: applicationFieldLabels.language,
};

/** GET /placements/{id}/apply: the placement, then the ASN's application form. */
export function applicationFormPage(args: {
  lang: Language;
  placement: CatalogueItem;
  workUnits: readonly string[];
  submissionKey: string;
  issues?: FieldIssue[];
  values?: Record<string, unknown>;
}): string {
  const { lang, placement } = args;
  const ctx = formContext(lang, args.values, args.issues);
  const own = langAttr(placement.language, lang);
  const action = path('placements', placement.id, 'apply');
  const body = html`<p class="muted">${t(applyText.title, lang)}</p>
<h1${own}>${placement.title}</h1>
<p class="lead">${t(applyText.lead, lang)}</p>
${issueSummary(args.issues, localized(applicationFields, lang), lang)}
<h2>${t(applyText.placement, lang)}</h2>
<p class="prewrap"${own}>${placement.description}</p>
${factList(catalogueFacts(placement, lang))}
${placement.seatsLeft <= 0 && html`<p class="box warn">${t(catalogueText.full, lang)}</p>`}
<p class="muted">${t(common.requiredNote, lang)}</p>
<form method="post" action="${action}" enctype="application/x-www-form-urlencoded" accept-charset="utf-8" novalidate>
${hiddenInput('submissionKey', args.submissionKey)}
<h2>${t(applyText.you, lang)}</h2>
${textInput(ctx, { name: 'nip', label: applicationFieldLabels.nip, required: true, hint: applyText.nipHint }, 'text', html` inputmode="numeric" maxlength="30" autocomplete="off"`)}
${choiceGroup(
  ctx,
  { name: 'employmentType', label: applicationFieldLabels.employmentType, required: true, type: 'radio' },
  employmentTypes.map((type) => ({ value: type, label: t(employmentTypeLabels[type], lang) })),
)}
${textInput(ctx, { name: 'name', label: applicationFieldLabels.name, required: true }, 'text', html` maxlength="120" autocomplete="name"`)}
${textInput(ctx, { name: 'email', label: applicationFieldLabels.email, required: true, hint: applyText.emailHint }, 'email', html` maxlength="254" autocomplete="email"`)}
${selectInput(
  ctx,
  { name: 'unit', label: applicationFieldLabels.unit, required: true },
  args.workUnits.map((unit) => ({ value: unit, label: unit })),
  textAt(args.values, 'unit'),
  t(common.choose, lang),
)}
${textInput(ctx, { name: 'position', label: applicationFieldLabels.position, required: true }, 'text', html` maxlength="200" autocomplete="organization-title"`)}
<h2>${t(applyText.supervisor, lang)}</h2>
${textInput(ctx, { name: 'supervisor.name', label: applicationFieldLabels.supervisorName, required: true }, 'text', html` maxlength="120"`)}
${textInput(ctx, { name: 'supervisor.email', label: applicationFieldLabels.supervisorEmail, required: true, hint: applyText.supervisorEmailHint }, 'email', html` maxlength="254"`)}
<h2>${t(applyText.motivation, lang)}</h2>
${textArea(ctx, { name: 'motivation', label: applicationFieldLabels.motivation, required: true, hint: applyText.motivationHint }, html` rows="8" maxlength="3000"`)}
${languageSelect(ctx, { name: 'language', label: applicationFieldLabels.language, required: true })}
<div class="actions"><button type="submit">${t(applyText.submit, lang)}</button></div>
</form>`;
  return layout({ lang, title: `${t(applyText.title, lang)}: ${placement.title}`, body, langSwitchPath: action });
}

const submittedText = {
  title: { id: 'Pendaftaran terkirim', en: 'Application sent' },
  thanks: { id: 'Terima kasih. Pendaftaran Anda sudah kami terima.', en: 'Thank you. We received your application.' },
  number: { id: 'Nomor pendaftaran', en: 'Application number' },
  next: {
    id: 'Atasan langsung Anda menerima email untuk menyetujui pendaftaran. Anda juga menerima email berisi tautan pribadi untuk memantaunya.',
    en: 'Your supervisor receives an email to approve the application. You also receive an email with a private link to follow it.',
  },
  track: { id: 'Pantau pendaftaran', en: 'Follow your application' },
} satisfies Record<string, Bilingual>;

/**
 * The answer to the application form when a page is wanted instead of a redirect. It answers a
 * POST, so it has no language switch: opening its address again would show the empty form.
 */
export function applicationSubmittedPage(args: { lang: Language; result: { id: string; status: string; trackingUrl: string } }): string {
  const { lang, result } = args;
  const title = t(submittedText.title, lang);
  const body = html`<h1>${title}</h1>
<p class="box ok lead" role="status">${t(submittedText.thanks, lang)}</p>
<dl class="facts">
<dt>${t(submittedText.number, lang)}</dt><dd>${result.id}</dd>
<dt>${t(placementFieldLabels.status, lang)}</dt><dd>${badge(applicationStatusLabels, result.status, lang)}</dd>
</dl>
<p>${t(submittedText.next, lang)}</p>
<p><a href="${result.trackingUrl}">${t(submittedText.track, lang)}</a></p>`;
  return layout({ lang, title, body });
}

// ---------------------------------------------------------------------------------------------
// Tracking an application

const trackText = {
  kicker: { id: 'Status pendaftaran magang', en: 'Internship application status' },
  applicant: { id: 'Pendaftar', en: 'Applicant' },
  waitlist: { id: 'Urutan dalam daftar tunggu', en: 'Place on the waitlist' },
  credited: { id: 'JP yang diakui', en: 'JP credited' },
  submittedAt: { id: 'Diajukan pada', en: 'Submitted on' },
  updatedAt: { id: 'Terakhir berubah', en: 'Last change' },
  withdrawn: { id: 'Pendaftaran Anda sudah dibatalkan.', en: 'Your application has been withdrawn.' },
  confirmed: {
    id: 'Terima kasih, pendaftaran sudah dikonfirmasi dan diteruskan kepada atasan Anda.',
    en: 'Thank you: the application is confirmed and on its way to your supervisor.',
  },
  history: { id: 'Riwayat', en: 'History' },
  noHistory: { id: 'Belum ada riwayat.', en: 'No history yet.' },
  by: { id: 'oleh', en: 'by' },
  step: { id: 'Tahap', en: 'Step' },
  decision: { id: 'Keputusan', en: 'Decision' },
  hours: { id: 'Jumlah JP', en: 'JP' },
  comment: { id: 'Komentar', en: 'Comment' },
  withdrawTitle: { id: 'Batalkan pendaftaran', en: 'Withdraw application' },
  withdrawWarning: {
    id: 'Pembatalan tidak dapat diurungkan. Untuk ikut lagi, Anda perlu mendaftar ulang.',
    en: 'Withdrawing cannot be undone. To take part again, you would have to apply anew.',
  },
  privacy: {
    id: 'Halaman ini hanya dapat dibuka dengan tautan pribadi Anda. Jangan bagikan tautannya.',
    en: 'Only your private link opens this page. Please do not share it.',
  },
} satisfies Record<string, Bilingual>;

const statusHints: Partial<Record<ApplicationTrackingView['status'], Bilingual>> = {
  UNCONFIRMED: {
    id: 'Kami mengirim email ke alamat dinas Anda. Buka tautan di email itu dan konfirmasi pendaftaran dalam satu hari; baru setelah itu pendaftaran diteruskan kepada atasan Anda. Tanpa konfirmasi, pendaftaran terhapus sendiri.',
    en: 'We sent an email to your official address. Open the link in it and confirm the application within a day; only then does it go to your supervisor. Without a confirmation, the application removes itself.',
  },
  SUBMITTED: {
    id: 'Pendaftaran sudah diterima dan segera diteruskan kepada atasan Anda.',
    en: 'The application was received and goes to your supervisor shortly.',
  },
  SUPERVISOR_REVIEW: { id: 'Atasan langsung Anda diminta menyetujui pendaftaran.', en: 'Your supervisor has been asked to approve the application.' },
  COORDINATOR_REVIEW: { id: 'Koordinator BKPSDM sedang meninjau pendaftaran.', en: 'The BKPSDM coordinator is reviewing the application.' },
  HOST_REVIEW: { id: 'Instansi mitra sedang meninjau pendaftaran.', en: 'The host institution is reviewing the application.' },
  CONFIRMED: { id: 'Anda mendapat kursi magang. Sampai jumpa pada tanggal mulai.', en: 'You have a seat. See you on the start date.' },
  WAITLISTED: {
    id: 'Semua kursi sudah terisi. Bila ada kursi yang kosong, pendaftar berikutnya dalam daftar tunggu mendapatkannya dan diberi tahu melalui email.',
    en: 'All seats are taken. When a seat frees up, the next applicant on the waitlist gets it and is told by email.',
  },
  IN_PROGRESS: { id: 'Magang sedang berjalan.', en: 'The internship is under way.' },
  REPORT_DUE: {
    id: 'Magang sudah berakhir. Kirim laporan Anda melalui tautan yang dikirim ke email Anda.',
    en: 'The internship has ended. Please send your report through the link emailed to you.',
  },
  COMPLETION_REVIEW: {
    id: 'Instansi mitra sedang mengonfirmasi laporan dan jam pelajaran Anda.',
    en: 'The host institution is confirming your report and lesson hours.',
  },
  COMPLETED: {
    id: 'Magang selesai dan JP sudah dicatat pada catatan tahunan Anda.',
    en: 'The internship is complete and the JP are credited to your yearly record.',
  },
  REJECTED: { id: 'Pendaftaran tidak disetujui.', en: 'The application was not approved.' },
  WITHDRAWN: { id: 'Pendaftaran dibatalkan.', en: 'The application was withdrawn.' },
  EXPIRED: {
    id: `Pendaftaran berakhir karena batas waktunya terlewati. Hubungi ${agencyContactEmail} bila ada pertanyaan.`,
    en: `The application ended because its deadline passed. Write to ${agencyContactEmail} with any questions.`,
  },
};

function historyItem(entry: ApplicationHistoryEntry, lang: Language): SafeHtml {
  const who = entry.by
    ? html`${label(placementRoleLabels, entry.by.role, lang)}${entry.by.name && html` (${entry.by.name})`}`
    : label(placementRoleLabels, 'system', lang);
  const details: SafeHtml[] = [];
  if (entry.step) details.push(html`${t(trackText.step, lang)}: ${label(stepLabels, entry.step, lang)}`);
  if (entry.action) details.push(html`${t(trackText.decision, lang)}: <strong>${label(recordedActionLabels, entry.action, lang)}</strong>`);
  if (entry.hours !== undefined) details.push(html`${t(trackText.hours, lang)}: ${entry.hours}`);
  return html`<li><strong>${label(subjectEventLabels, entry.type, lang)}</strong> — ${time(entry.at, lang)}, ${t(trackText.by, lang)} ${who}${
    details.length > 0 && html`<br>${join(details, ' · ')}`
  }${entry.comment && html`<blockquote aria-label="${t(trackText.comment, lang)}">${entry.comment}</blockquote>`}</li>`;
}

function withdrawForm(token: string, proof: string, lang: Language): SafeHtml {
  return html`<section aria-labelledby="withdraw-title">
<h2 id="withdraw-title">${t(trackText.withdrawTitle, lang)}</h2>
<p class="box warn">${t(trackText.withdrawWarning, lang)}</p>
<form method="post" action="${path('track', token, 'withdraw')}">
${hiddenInput('proof', proof)}
<div class="actions"><button type="submit" class="reject">${t(trackText.withdrawTitle, lang)}</button></div>
</form>
</section>`;
}

/** GET /track/{token} for an application: where it stands, what happened, and a way out while there is one. */
export function applicationTrackingPage(args: {
  lang: Language;
  view: ApplicationTrackingView;
  token: string;
  proof?: string;
  notice?: 'withdrawn' | 'confirmed';
}): string {
  const { lang, view, token } = args;
  const hint = statusHints[view.status];
  const history = view.history.map((entry) => historyItem(entry, lang));
  const facts = html`<dl class="facts">
<dt>${t(trackText.applicant, lang)}</dt><dd>${view.applicant.name}</dd>
<dt>${t(applicationFieldLabels.unit, lang)}</dt><dd>${view.applicant.unit}</dd>
<dt>${t(placementFieldLabels.status, lang)}</dt><dd>${badge(applicationStatusLabels, view.status, lang)}</dd>
${view.waitlistPosition !== undefined && html`<dt>${t(trackText.waitlist, lang)}</dt><dd>${view.waitlistPosition}</dd>\n`}${
  view.creditedHours !== undefined && html`<dt>${t(trackText.credited, lang)}</dt><dd>${jpText(view.creditedHours)}</dd>\n`
}<dt>${t(trackText.submittedAt, lang)}</dt><dd>${time(view.submittedAt, lang)}</dd>
<dt>${t(trackText.updatedAt, lang)}</dt><dd>${time(view.updatedAt, lang)}</dd>
</dl>`;
  const body = html`<p class="muted">${t(trackText.kicker, lang)}</p>
<h1>${view.placement.title}</h1>
${args.notice && html`<p class="box ok lead" role="status">${t(trackText[args.notice], lang)}</p>`}
${facts}
${hint && html`<p class="box">${t(hint, lang)}</p>`}
<h2>${t(applyText.placement, lang)}</h2>
${factList(placementSummaryFacts(view.placement, lang))}
<h2>${t(trackText.history, lang)}</h2>
${history.length ? html`<ol class="history">${join(history, '\n')}</ol>` : html`<p>${t(trackText.noHistory, lang)}</p>`}
${view.canWithdraw && args.proof && withdrawForm(token, args.proof, lang)}
<p class="muted">${t(trackText.privacy, lang)}</p>`;
  return layout({ lang, title: `${t(trackText.kicker, lang)}: ${view.placement.title}`, body, langSwitchPath: path('track', token) });
}

// ---------------------------------------------------------------------------------------------
// Step links: decisions and the ASN's report

const stepText = {
  offerKicker: { id: 'Tawaran penempatan magang', en: 'Internship placement offer' },
  applicationKicker: { id: 'Pendaftaran magang', en: 'Internship application' },
  safeDecision: {
    id: 'Membuka halaman ini tidak mengubah apa pun. Keputusan baru tercatat setelah Anda memilih salah satu keputusan di bawah lalu menekan “Kirim keputusan”.',
    en: 'Opening this page changes nothing. A decision is recorded only when you choose one below and press “Send decision”.',
  },
  safeReport: {
    id: 'Membuka halaman ini tidak mengubah apa pun. Laporan baru tercatat setelah Anda menekan tombol “Kirim laporan”.',
    en: 'Opening this page changes nothing. The report is recorded only when you press “Send report”.',
  },
  backup: {
    id: 'Permintaan ini dialihkan kepada Anda sebagai penyetuju cadangan karena penyetuju utama belum memberi keputusan sebelum batas waktunya.',
    en: 'This request was passed to you as the backup approver because the primary approver did not decide before the deadline.',
  },
  step: { id: 'Tahap', en: 'Step' },
  holder: { id: 'Diminta kepada', en: 'Asked of' },
  deadline: { id: 'Batas waktu', en: 'Deadline' },
  offer: { id: 'Penempatan yang ditawarkan', en: 'The placement offered' },
  applicant: { id: 'Pendaftar', en: 'The applicant' },
  placement: { id: 'Penempatan', en: 'The placement' },
  report: { id: 'Laporan peserta', en: "The intern's report" },
  noReport: { id: 'Peserta belum mengirim laporan.', en: 'The intern has not sent a report.' },
  activities: { id: 'Kegiatan selama magang', en: 'What was done during the internship' },
  reportedHours: { id: 'JP yang dilaporkan', en: 'JP reported' },
  reportedAt: { id: 'Dikirim pada', en: 'Sent on' },
  yourDecision: { id: 'Keputusan Anda', en: 'Your decision' },
  yourReport: { id: 'Laporan Anda', en: 'Your report' },
  commentForPartner: { id: 'Komentar untuk mitra', en: 'Comment for the partner' },
  commentForApplicant: { id: 'Komentar untuk pendaftar', en: 'Comment for the applicant' },
  confirmedHours: { id: 'Jam pelajaran (JP) yang dikonfirmasi', en: 'Lesson hours (JP) confirmed' },
  completedHours: { id: 'Jam pelajaran (JP) yang dijalani', en: 'Lesson hours (JP) completed' },
  activitiesHint: {
    id: 'Uraikan kegiatan dan hasil magang Anda; instansi mitra membacanya sebelum mengonfirmasi jam pelajaran.',
    en: 'Describe what you did and achieved; the host institution reads it before confirming your lesson hours.',
  },
} satisfies Record<string, Bilingual>;

/** Steps whose approvers need to know who the civil servant is, NIP included. */
const stepsSeeingNip: readonly StepName[] = ['supervisor', 'coordinator'];

function commentHint(actions: readonly string[], forPartner: boolean, _lang: Language): Bilingual {
  if (!actions.includes('reject')) return { id: 'Opsional.', en: 'Optional.' };
  const whom = forPartner ? { id: 'mitra', en: 'the partner' } : { id: 'pendaftar', en: 'the applicant' };
  const approveOptional = actions.includes('approve') ? { id: ' Opsional bila menyetujui.', en: ' Optional when approving.' } : { id: '', en: '' };
  return {
    id: `Wajib diisi bila menolak, agar ${whom.id} tahu alasannya.${approveOptional.id}`,
    en: `Required when rejecting, so that ${whom.en} learns why.${approveOptional.en}`,
  };
}

function hoursHint(max: number, confirming: boolean): Bilingual {
  return confirming
    ? {
        id: `Paling banyak ${max} JP, sesuai penempatan ini. JP dicatat pada catatan tahunan peserta bila Anda mengonfirmasi.`,
        en: `At most ${max} JP, as offered for this placement. The JP are credited to the intern's yearly record when you confirm.`,
      }
    : { id: `Paling banyak ${max} JP, sesuai penempatan ini.`, en: `At most ${max} JP, as offered for this placement.` };
}

/** The completion's default: what the intern reported, never more than the placement offers. */
function defaultHours(application: ApplicationRecord): string {
  const reported = application.report?.hours;
  return reported === undefined ? '' : String(Math.min(reported, application.placement.jpHours));
}

function hoursInput(ctx: FormContext, spec: { label: Bilingual; required: boolean; confirming: boolean }, max: number): SafeHtml {
  return textInput(
    ctx,
    { name: 'hours', label: spec.label, required: spec.required, unmarked: !spec.required, hint: hoursHint(max, spec.confirming) },
    'number',
    html` class="short" min="0" max="${max}" step="1" inputmode="numeric"`,
  );
}

function reportFacts(application: ApplicationRecord, lang: Language): SafeHtml {
  const report = application.report;
  if (!report) return html`<p class="box warn">${t(stepText.noReport, lang)}</p>`;
  return factList([
    { label: t(stepText.activities, lang), value: report.activities, multiline: true },
    { label: t(stepText.reportedHours, lang), value: jpText(report.hours) },
    { label: t(stepText.reportedAt, lang), value: formatDateTime(report.submittedAt, lang) },
  ]);
}

/** What the page is about: the offered placement, or the application and its placement. */
function subjectSection(view: StepView, lang: Language): SafeHtml {
  const { subject, link } = view;
  if (subject.type === 'placement')
    return html`<h2>${t(stepText.offer, lang)}</h2>
${factList(placementOfferFacts(subject.placement.data, subject.placement.institution, lang))}`;
  const { application } = subject;
  if (link.step === 'report')
    return html`<h2>${t(stepText.placement, lang)}</h2>
${factList(placementSummaryFacts(application.placement, lang))}`;
  return html`<h2>${t(stepText.applicant, lang)}</h2>
${factList(applicantFacts(application.data, lang, { withNip: stepsSeeingNip.includes(link.step) }))}
<h2>${t(stepText.placement, lang)}</h2>
${factList(placementSummaryFacts(application.placement, lang))}${
  link.step === 'completion' && html`\n<h2>${trustedText(stepText.report, lang)}</h2>\n${reportFacts(application, lang)}`
}`;
}

function subjectTitle(subject: StepView['subject']): string {
  return subject.type === 'placement' ? subject.placement.data.title : subject.application.placement.title;
}

function jpMaximum(subject: StepView['subject']): number {
  return subject.type === 'placement' ? subject.placement.data.jpHours : subject.application.placement.jpHours;
}

/**
 * The page behind a step link (`/decide/{token}` or `/reports/{token}`): the full context and a
 * form that posts to its own address. A decision is chosen among the link's actions (none
 * chosen by the page) and sent with one button; the intern's report, whose only action is to
 * send what they wrote, keeps its one button `decision=report`.
 */
export function stepPage(args: { lang: Language; view: StepView; issues?: FieldIssue[]; values?: Record<string, string> }): string {
  const { lang, view } = args;
  const { link, subject } = view;
  const isReport = link.step === 'report';
  const forPartner = subject.type === 'placement';
  const max = jpMaximum(subject);
  const values: Record<string, string> = { ...args.values };
  if (link.step === 'completion' && subject.type === 'application' && values.hours === undefined) values.hours = defaultHours(subject.application);
  const ctx = formContext(lang, values, args.issues);
  const actions = stepActions.filter((action) => link.actions.includes(action));
  const commentLabel = forPartner ? stepText.commentForPartner : stepText.commentForApplicant;
  const formTitle = isReport ? stepText.yourReport : stepText.yourDecision;
  const fieldNames = localized(
    isReport
      ? { activities: stepText.activities, hours: stepText.completedHours, decision: formTitle }
      : { comment: commentLabel, hours: stepText.confirmedHours, decision: formTitle },
    lang,
  );

  const fields = isReport
    ? html`${textArea(ctx, { name: 'activities', label: stepText.activities, required: true, hint: stepText.activitiesHint }, html` rows="10" maxlength="5000"`)}
${hoursInput(ctx, { label: stepText.completedHours, required: true, confirming: false }, max)}
<div class="field" id="${fieldId('decision')}">${errorLine('decision', ctx.issues.get('decision'))}
<div class="actions"><button type="submit" name="decision" value="report">${t(stepButtonLabel(link.step, 'report'), lang)}</button></div>
</div>`
    : html`${decisionChoice(
        ctx,
        actions.map((action) => ({ value: action, label: t(stepButtonLabel(link.step, action), lang) })),
      )}
${link.step === 'completion' && html`${hoursInput(ctx, { label: stepText.confirmedHours, required: false, confirming: true }, max)}\n`}${textArea(
  ctx,
  { name: 'comment', label: commentLabel, required: false, unmarked: true, hint: commentHint(actions, forPartner, lang) },
  html` rows="6" maxlength="2000"`,
)}
${sendDecisionButton(lang)}`;

  const body = html`<p class="muted">${t(forPartner ? stepText.offerKicker : stepText.applicationKicker, lang)}</p>
<h1>${label(stepLabels, link.step, lang)}</h1>
<p class="box lead">${t(isReport ? stepText.safeReport : stepText.safeDecision, lang)}</p>
${link.attempt === 'backup' && html`<p class="box warn">${t(stepText.backup, lang)}</p>`}
<dl class="facts">
<dt>${t(stepText.step, lang)}</dt><dd>${label(stepLabels, link.step, lang)}</dd>
<dt>${t(stepText.holder, lang)}</dt><dd>${link.holder.name}</dd>
<dt>${t(stepText.deadline, lang)}</dt><dd>${time(link.expiresAt, lang)}</dd>
</dl>
${subjectSection(view, lang)}
<h2 id="step-form-title">${t(formTitle, lang)}</h2>
${issueSummary(args.issues, fieldNames, lang)}
<form method="post" action="" aria-labelledby="step-form-title" novalidate>
${hiddenInput('proof', view.proof)}
${fields}
</form>`;
  return layout({ lang, title: `${label(stepLabels, link.step, lang)}: ${subjectTitle(subject)}`, body, langSwitchPath: '' });
}

const doneText = {
  decisionTitle: { id: 'Keputusan tercatat', en: 'Decision recorded' },
  reportTitle: { id: 'Laporan terkirim', en: 'Report sent' },
  thanks: { id: 'Terima kasih', en: 'Thank you' },
  recorded: { id: 'Kami mencatat hal berikut', en: 'We recorded the following' },
  decision: { id: 'Keputusan', en: 'Decision' },
  comment: { id: 'Komentar', en: 'Comment' },
  at: { id: 'Waktu', en: 'Time' },
  next: { id: 'Selanjutnya', en: 'What happens next' },
} satisfies Record<string, Bilingual>;

/** What happens after a step, told to the person who just acted. */
function nextStep(step: StepName, action: PlacementOutcome['action']): Bilingual {
  if (action === 'withdrawn')
    return { id: 'Pendaftaran dibatalkan; tidak ada lagi yang perlu dilakukan.', en: 'The application was withdrawn; nothing more needs to be done.' };
  if (action === 'reject')
    return step === 'offer'
      ? { id: 'Mitra diberi tahu melalui email, beserta alasan Anda.', en: 'The partner is told by email, with your reason.' }
      : { id: 'Pendaftar diberi tahu melalui email, beserta alasan Anda.', en: 'The applicant is told by email, with your reason.' };
  switch (step) {
    case 'offer':
      return {
        id: 'Penempatan dibuka di katalog sehingga ASN dapat mendaftar, dan mitra diberi tahu melalui email.',
        en: 'The placement is published in the catalogue for civil servants to apply, and the partner is told by email.',
      };
    case 'supervisor':
      return { id: 'Pendaftaran diteruskan kepada koordinator BKPSDM untuk ditinjau.', en: 'The application goes on to the BKPSDM coordinator for review.' };
    case 'coordinator':
      return { id: 'Pendaftaran diteruskan kepada instansi mitra untuk ditinjau.', en: 'The application goes on to the host institution for review.' };
    case 'host':
      return {
        id: 'Pendaftar mendapat kursi magang, atau masuk daftar tunggu bila semua kursi sudah terisi, dan diberi tahu melalui email.',
        en: 'The applicant is given a seat, or joins the waitlist if every seat is taken, and is told by email.',
      };
    case 'completion':
      return {
        id: 'JP yang dikonfirmasi dicatat pada catatan tahunan peserta, dan peserta diberi tahu melalui email.',
        en: "The confirmed JP are credited to the intern's yearly record, and the intern is told by email.",
      };
    case 'report':
      return {
        id: 'Instansi mitra diminta mengonfirmasi laporan dan jam pelajaran Anda. Setelah dikonfirmasi, JP dicatat dan Anda diberi tahu melalui email.',
        en: 'The host institution is asked to confirm your report and lesson hours. Once confirmed, the JP are credited and you are told by email.',
      };
  }
}

/**
 * The answer to a step: what was recorded and what happens next. It answers a POST, so like the
 * proposal's it has no language switch: the link's address now shows that it was used.
 */
export function stepDonePage(args: { lang: Language; result: StepResult }): string {
  const { lang, result } = args;
  const { link, outcome, subject } = result;
  const isReport = outcome.action === 'report';
  const title = t(isReport ? doneText.reportTitle : doneText.decisionTitle, lang);
  const facts: Fact[] = [{ label: t(stepText.step, lang), value: label(stepLabels, link.step, lang) }];
  if (subject.type === 'placement') facts.push({ label: t(placementFieldLabels.title, lang), value: subject.placement.data.title });
  else
    facts.push(
      { label: t(placementFieldLabels.title, lang), value: subject.application.placement.title },
      { label: t(stepText.applicant, lang), value: subject.application.data.name },
    );
  facts.push({ label: t(doneText.decision, lang), value: label(recordedActionLabels, outcome.action, lang) });
  if (outcome.hours !== undefined) facts.push({ label: t(isReport ? stepText.reportedHours : stepText.confirmedHours, lang), value: jpText(outcome.hours) });
  if (outcome.activities) facts.push({ label: t(stepText.activities, lang), value: outcome.activities, multiline: true });
  if (outcome.comment) facts.push({ label: t(doneText.comment, lang), value: outcome.comment, multiline: true });
  facts.push({ label: t(doneText.at, lang), value: formatDateTime(outcome.decidedAt, lang) });

  const body = html`<h1>${title}</h1>
<p class="box ok lead" role="status">${t(doneText.thanks, lang)}, ${outcome.decidedBy.name}. ${t(doneText.recorded, lang)}:</p>
${factList(facts)}
<h2>${t(doneText.next, lang)}</h2>
<p>${t(nextStep(link.step, outcome.action), lang)}</p>
<p class="muted">${t(common.close, lang)}</p>`;
  return layout({ lang, title, body });
}
