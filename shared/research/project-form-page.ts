import { employmentTypeLabels, employmentTypes } from '../kernel/asn/nip.js';
import type { FieldIssue } from '../kernel/errors.js';
import type { Bilingual, Language } from '../kernel/i18n.js';
import { html, join, type SafeHtml } from '../kernel/pages/html.js';
import { fieldLabels } from '../kernel/pages/labels.js';
import { layout } from '../kernel/pages/layout.js';
import {
  badge,
  calendarDate,
  errorLine,
  type FieldSpec,
  type FormContext,
  factList,
  fieldId,
  hiddenInput,
  issueSummary,
  issuesByExactField,
  languageSelect,
  rowFieldKey,
  selectInput,
  t,
  textArea,
  textAt,
  textInput,
  time,
} from '../kernel/pages/page-kit.js';
import { formatDateTime } from '../kernel/time.js';
import { canAddRow, type FormKind, MORE, memberField, milestoneField, type PartnerProject, type ProjectFormState, type RowGroup } from './project-form.js';
import type { ProjectRevisionView } from './project-revision.js';
import { MAX_MEMBERS, MAX_MILESTONES, milestoneKindLabels, milestoneKinds, reviewRuleLabels, reviewRules } from './research.schema.js';
import { projectStatusLabels, researchStepLabels } from './research-labels.js';
import type { ProjectRecord } from './research-records.js';
import { projectFieldLabels, researchWords, say, teamFacts } from './research-words.js';

/**
 * The research project form, without JavaScript: on the partner page (its section there: the
 * projects proposed so far and the form to propose one), and as the plan's revision, where the
 * team is shown as it stands. Rows are added by buttons that post the form back; every field
 * keeps what was typed, and each message stands beside its field, in its row.
 */

const path = (...parts: string[]) => `/${parts.map(encodeURIComponent).join('/')}`;
/** A form's address carries the page's language, so its answer is in the language the form was read in. */
const withLang = (address: string, lang: Language) => `${address}?lang=${lang}`;

const l = projectFieldLabels;

/** The form's fields, named as the pages and emails name a project's. */
const formLabels = {
  title: l.title,
  summary: l.summary,
  objectives: l.objectives,
  leadName: { id: 'Nama ketua peneliti', en: "Lead researcher's name" },
  leadEmail: { id: 'Email ketua peneliti', en: "Lead researcher's email" },
  coReviewerName: { id: 'Nama peninjau dari perguruan tinggi', en: "University co-reviewer's name" },
  coReviewerEmail: { id: 'Email peninjau dari perguruan tinggi', en: "University co-reviewer's email" },
  startDate: fieldLabels.startDate,
  endDate: fieldLabels.endDate,
  language: fieldLabels.language,
  nip: l.nip,
  employmentType: l.employmentType,
  name: l.name,
  email: { id: 'Email dinas', en: 'Official email' },
  unit: l.unit,
  position: l.position,
  supervisorName: { id: 'Nama atasan langsung', en: "Supervisor's name" },
  supervisorEmail: { id: 'Email dinas atasan langsung', en: "Supervisor's official email" },
  jpHours: l.jpHours,
  kind: l.kind,
  milestoneTitle: l.milestoneTitle,
  dueDate: l.dueDate,
  review: l.review,
  team: researchWords.team,
  milestones: researchWords.milestones,
} satisfies Record<string, Bilingual>;

/** The project's own fields by their names in the form. */
const projectFields: Record<string, Bilingual> = {
  title: formLabels.title,
  summary: formLabels.summary,
  objectives: formLabels.objectives,
  'lead.name': formLabels.leadName,
  'lead.email': formLabels.leadEmail,
  'coReviewer.name': formLabels.coReviewerName,
  'coReviewer.email': formLabels.coReviewerEmail,
  startDate: formLabels.startDate,
  endDate: formLabels.endDate,
  language: formLabels.language,
};

/** A row's fields by their names within the row. */
const rowFields: Record<RowGroup, Record<string, Bilingual>> = {
  member: {
    nip: formLabels.nip,
    employmentType: formLabels.employmentType,
    name: formLabels.name,
    email: formLabels.email,
    unit: formLabels.unit,
    position: formLabels.position,
    'supervisor.name': formLabels.supervisorName,
    'supervisor.email': formLabels.supervisorEmail,
    jpHours: formLabels.jpHours,
  },
  milestone: { kind: formLabels.kind, title: formLabels.milestoneTitle, dueDate: formLabels.dueDate, review: formLabels.review },
};

const text = {
  requiredNote: { id: 'Kolom bertanda (wajib) harus diisi.', en: 'Fields marked (required) must be filled in.' },
  choose: { id: '— pilih —', en: '— choose —' },
  research: { id: 'Penelitian', en: 'The research' },
  people: { id: 'Ketua peneliti dan peninjau', en: 'Lead researcher and co-reviewer' },
  period: l.period,
  leadEmailHint: {
    id: 'Ketua peneliti menerima tautan pengiriman setiap tahap di alamat ini.',
    en: 'The lead researcher receives the submission link of each milestone at this address.',
  },
  coReviewerHint: {
    id: 'Meninjau hasil setiap tahap bersama koordinator BKPSDM; harus orang lain daripada ketua peneliti.',
    en: 'Reviews the work of each milestone with the BKPSDM coordinator; someone other than the lead researcher.',
  },
  datesHint: { id: 'Dalam masa berlaku kemitraan, paling lama 3 tahun.', en: "Within the partnership's validity, for at most 3 years." },
  teamIntro: {
    id: 'Anggota ASN Pemerintah Kota Surakarta yang ikut serta. Atasan langsung setiap anggota diminta persetujuannya lebih dahulu.',
    en: "The civil servants (ASN) of the city who take part. Each member's supervisor is asked to consent first.",
  },
  teamStands: {
    id: 'Tim tidak diubah dalam revisi: anggota dan persetujuan atasan mereka tetap berlaku.',
    en: "The team is not changed in a revision: its members and their supervisors' consent stand.",
  },
  member: l.member,
  milestone: l.milestone,
  nipHint: {
    id: '18 angka; boleh ditulis dengan spasi, misalnya 19900101 201501 1 001.',
    en: '18 digits; spaces are allowed, e.g. 19900101 201501 1 001.',
  },
  memberEmailHint: {
    id: 'Alamat email dinas anggota; tautan halaman proyeknya dikirim ke sini.',
    en: "The member's official address; the link to their project page is sent here.",
  },
  supervisorEmailHint: {
    id: 'Atasan menerima permintaan persetujuan di alamat dinas ini; harus berbeda dari email anggota.',
    en: "The supervisor is asked to consent at this official address; it must differ from the member's.",
  },
  addMember: { id: 'Tambah anggota', en: 'Add a member' },
  addMilestone: { id: 'Tambah tahap', en: 'Add a milestone' },
  addHint: {
    id: 'Menambah baris tidak mengirim apa pun: halaman ini dimuat ulang dengan semua isian Anda dan satu baris kosong lagi. Baris kosong di akhir diabaikan.',
    en: 'Adding a row sends nothing: the page comes back with all you typed and one more empty row. Empty rows at the end are left out.',
  },
  milestonesIntro: {
    id: 'Urutkan menurut tenggat, dalam masa penelitian. Tahap terakhir harus “Laporan akhir”: persetujuannya menyelesaikan proyek dan mencatat JP anggota.',
    en: 'In order of due date, within the research period. The last must be the “Final report”: its approval completes the project and credits the members’ JP.',
  },
  dueDateHint: { id: 'Setelah tenggat tahap sebelumnya.', en: "After the previous milestone's due date." },
  languageHint: { id: 'Bahasa email kepada Anda tentang proyek ini.', en: 'The language of the emails to you about this project.' },
} satisfies Record<string, Bilingual>;

/** Why a group has no button for another row: its rows are as many as the schema takes (each form posts all of them, see canAddRow). */
const limitText = (group: RowGroup, lang: Language): string =>
  group === 'member'
    ? say(lang, `Tim terdiri atas paling banyak ${MAX_MEMBERS} anggota.`, `A team has at most ${MAX_MEMBERS} members.`)
    : say(lang, `Proyek memiliki paling banyak ${MAX_MILESTONES} tahap.`, `A project has at most ${MAX_MILESTONES} milestones.`);

// ---------------------------------------------------------------------------------------------
// Messages: each beside its own field, in its row, and all of them in one summary

const rowLabel = (group: RowGroup, index: number, lang: Language) => `${t(group === 'member' ? text.member : text.milestone, lang)} ${index + 1}`;

/**
 * The summary of every message, each linking to its field: a row's as "Anggota 2: NIP". A
 * message about a member on a form without the members' inputs (a revision checks the team as
 * it stands) names the member and field in its text instead.
 */
function formSummary(issues: FieldIssue[] | undefined, state: ProjectFormState, kind: FormKind, lang: Language): SafeHtml {
  const names: Record<string, string> = { members: t(formLabels.team, lang), milestones: t(formLabels.milestones, lang) };
  for (const [name, words] of Object.entries(projectFields)) names[name] = t(words, lang);
  const rows: [RowGroup, number][] = [
    ['member', state.members],
    ['milestone', state.milestones],
  ];
  for (const [group, count] of rows)
    for (let i = 0; i < count; i++) {
      const prefix = group === 'member' ? `members.${i}` : `milestones.${i}`;
      names[prefix] = rowLabel(group, i, lang);
      for (const [name, words] of Object.entries(rowFields[group])) names[`${prefix}.${name}`] = `${rowLabel(group, i, lang)}: ${t(words, lang)}`;
    }
  const shown = (issues ?? []).map((issue) => {
    const key = rowFieldKey(issue.path);
    const member = /^members\.(\d+)(?:\.(.+))?$/.exec(key);
    if (kind === 'propose' || !member) return { path: key, message: issue.message };
    const field = member[2] && rowFields.member[member[2]];
    const about = `${rowLabel('member', Number(member[1]), lang)}${field ? `: ${t(field, lang)}` : ''}`;
    return { path: '', message: `${about} — ${issue.message}` };
  });
  return issueSummary(shown, names, lang);
}

// ---------------------------------------------------------------------------------------------
// The form

function heading(level: 2 | 3, words: Bilingual, lang: Language): SafeHtml {
  return level === 2 ? html`<h2>${t(words, lang)}</h2>` : html`<h3>${t(words, lang)}</h3>`;
}

interface FormSettings {
  kind: FormKind;
  state: ProjectFormState;
  workUnits: readonly string[];
  maxJpHours: number;
  /** The level of the form's own headings: 3 on the partner page, under its section's heading; 2 on a page of its own. */
  level: 2 | 3;
}

const spec = (name: string, words: Bilingual, required = true, hint?: Bilingual): FieldSpec => ({ name, label: words, required, ...(hint ? { hint } : {}) });

/** A row's messages about the row as a whole, and its group's about the group: beside the legend, linked from the summary. */
const groupMessages = (ctx: FormContext, name: string, key: string) => errorLine(key, ctx.issues.get(name));

function memberRow(ctx: FormContext, index: number, settings: FormSettings): SafeHtml {
  const { lang } = ctx;
  const name = (field: string) => memberField(index, field);
  return html`<fieldset class="box" id="${fieldId(`members.${index}`)}">
<legend>${rowLabel('member', index, lang)}</legend>${groupMessages(ctx, `members[${index}]`, `members.${index}`)}
${textInput(ctx, spec(name('nip'), formLabels.nip, true, text.nipHint), 'text', html` inputmode="numeric" maxlength="30" autocomplete="off"`)}
${selectInput(
  ctx,
  spec(name('employmentType'), formLabels.employmentType),
  employmentTypes.map((type) => ({ value: type, label: t(employmentTypeLabels[type], lang) })),
  textAt(ctx.values, name('employmentType')),
  t(text.choose, lang),
)}
${textInput(ctx, spec(name('name'), formLabels.name), 'text', html` maxlength="120" autocomplete="off"`)}
${textInput(ctx, spec(name('email'), formLabels.email, true, text.memberEmailHint), 'email', html` maxlength="254" autocomplete="off"`)}
${selectInput(
  ctx,
  spec(name('unit'), formLabels.unit),
  settings.workUnits.map((unit) => ({ value: unit, label: unit })),
  textAt(ctx.values, name('unit')),
  t(text.choose, lang),
)}
${textInput(ctx, spec(name('position'), formLabels.position), 'text', html` maxlength="200" autocomplete="off"`)}
${textInput(ctx, spec(name('supervisor.name'), formLabels.supervisorName), 'text', html` maxlength="120" autocomplete="off"`)}
${textInput(ctx, spec(name('supervisor.email'), formLabels.supervisorEmail, true, text.supervisorEmailHint), 'email', html` maxlength="254" autocomplete="off"`)}
${textInput(
  ctx,
  spec(name('jpHours'), formLabels.jpHours, true, { id: `Antara 1 dan ${settings.maxJpHours} JP.`, en: `Between 1 and ${settings.maxJpHours} JP.` }),
  'number',
  html` class="short" min="1" max="${settings.maxJpHours}" step="1" inputmode="numeric"`,
)}
</fieldset>`;
}

function milestoneRow(ctx: FormContext, index: number): SafeHtml {
  const { lang } = ctx;
  const name = (field: string) => milestoneField(index, field);
  return html`<fieldset class="box" id="${fieldId(`milestones.${index}`)}">
<legend>${rowLabel('milestone', index, lang)}</legend>${groupMessages(ctx, `milestones[${index}]`, `milestones.${index}`)}
${selectInput(
  ctx,
  spec(name('kind'), formLabels.kind),
  milestoneKinds.map((kind) => ({ value: kind, label: t(milestoneKindLabels[kind], lang) })),
  textAt(ctx.values, name('kind')),
  t(text.choose, lang),
)}
${textInput(ctx, spec(name('title'), formLabels.milestoneTitle), 'text', html` maxlength="200"`)}
${textInput(ctx, spec(name('dueDate'), formLabels.dueDate, true, index > 0 ? text.dueDateHint : undefined), 'date', html` class="short"`)}
${selectInput(
  ctx,
  spec(name('review'), formLabels.review),
  reviewRules.map((rule) => ({ value: rule, label: t(reviewRuleLabels[rule], lang) })),
  textAt(ctx.values, name('review')),
  t(text.choose, lang),
)}
</fieldset>`;
}

/** The button that adds a row of `group`, or, when no row fits any more, why not. */
function addRowButton(group: RowGroup, settings: FormSettings, lang: Language): SafeHtml {
  const { state, kind } = settings;
  if (canAddRow(state, group, kind))
    return html`<div class="actions"><button type="submit" name="${MORE}" value="${group}">${t(group === 'member' ? text.addMember : text.addMilestone, lang)}</button></div>`;
  return html`<p class="muted">${limitText(group, lang)}</p>`;
}

/** A group of rows: its heading and messages, its rows, and its button. */
function rowGroup(ctx: FormContext, group: RowGroup, settings: FormSettings, intro: Bilingual, team?: SafeHtml): SafeHtml {
  const { lang } = ctx;
  const list = group === 'member' ? 'members' : 'milestones';
  const count = group === 'member' ? settings.state.members : settings.state.milestones;
  const rows = Array.from({ length: count }, (_, i) => (group === 'member' ? memberRow(ctx, i, settings) : milestoneRow(ctx, i)));
  return html`<div class="field${ctx.issues.has(list) ? ' invalid' : ''}" id="${fieldId(list)}">
${heading(settings.level, group === 'member' ? formLabels.team : formLabels.milestones, lang)}
<p class="hint">${t(intro, lang)}</p>${groupMessages(ctx, list, list)}
${
  team ??
  html`${join(rows, '\n')}
${addRowButton(group, settings, lang)}`
}
</div>`;
}

/**
 * The fields of the project form, in the order a partner fills them in. On a revision the team
 * is `team` (read-only) instead of the members' rows.
 */
function projectFormBody(ctx: FormContext, settings: FormSettings, team?: SafeHtml): SafeHtml {
  const { lang } = ctx;
  const { level } = settings;
  const teamIntro = settings.kind === 'propose' ? text.teamIntro : text.teamStands;
  return html`${heading(level, text.research, lang)}
${textInput(ctx, spec('title', formLabels.title), 'text', html` maxlength="200"`)}
${textArea(ctx, spec('summary', formLabels.summary), html` rows="6" maxlength="5000"`)}
${textArea(ctx, spec('objectives', formLabels.objectives), html` rows="6" maxlength="5000"`)}
${heading(level, text.people, lang)}
${textInput(ctx, spec('lead.name', formLabels.leadName), 'text', html` maxlength="120"`)}
${textInput(ctx, spec('lead.email', formLabels.leadEmail, true, text.leadEmailHint), 'email', html` maxlength="254"`)}
${textInput(ctx, spec('coReviewer.name', formLabels.coReviewerName, true, text.coReviewerHint), 'text', html` maxlength="120"`)}
${textInput(ctx, spec('coReviewer.email', formLabels.coReviewerEmail), 'email', html` maxlength="254"`)}
${heading(level, text.period, lang)}
${textInput(ctx, spec('startDate', formLabels.startDate, true, text.datesHint), 'date', html` class="short"`)}
${textInput(ctx, spec('endDate', formLabels.endDate), 'date', html` class="short"`)}
${rowGroup(ctx, 'member', settings, teamIntro, team)}
${rowGroup(ctx, 'milestone', settings, text.milestonesIntro)}
<p class="muted">${t(text.addHint, lang)}</p>
${languageSelect(ctx, spec('language', formLabels.language, true, text.languageHint))}`;
}

const contextOf = (lang: Language, state: ProjectFormState, issues: FieldIssue[] | undefined): FormContext => ({
  lang,
  values: state.values,
  issues: issuesByExactField(issues),
});

// ---------------------------------------------------------------------------------------------
// The partner page's research section

const sectionText = {
  title: { id: 'Proyek penelitian', en: 'Research projects' },
  intro: {
    id: 'Proyek penelitian bersama ASN Pemerintah Kota Surakarta di bawah kemitraan ini. Atasan langsung setiap anggota ASN diminta persetujuannya, lalu koordinator BKPSDM meninjau rencananya.',
    en: "Research projects with the city's civil servants (ASN) under this partnership. Each ASN member's supervisor is asked to consent, then the BKPSDM coordinator reviews the plan.",
  },
  none: { id: 'Belum ada proyek penelitian yang diajukan.', en: 'No research projects proposed yet.' },
  newTitle: { id: 'Usulkan proyek penelitian', en: 'Propose a research project' },
  submit: { id: 'Ajukan proyek', en: 'Propose the project' },
  proposed: {
    id: 'Proyek penelitian sudah diajukan. Atasan langsung setiap anggota ASN kini diminta persetujuannya; Anda menerima email berisi tautan untuk memantau proyek.',
    en: "The research project was proposed. Each ASN member's supervisor is now asked to consent; you receive an email with a link to follow the project.",
  },
} satisfies Record<string, Bilingual>;

function projectTable(projects: readonly PartnerProject[], lang: Language): SafeHtml {
  if (projects.length === 0) return html`<p>${t(sectionText.none, lang)}</p>`;
  const head = [l.title, l.status, l.period].map((words) => html`<th scope="col">${t(words, lang)}</th>`);
  const rows = projects.map(
    (p) =>
      html`<tr><th scope="row"><a href="${p.trackingUrl}">${p.title}</a></th><td>${badge(projectStatusLabels, p.status, lang)}</td><td>${calendarDate(p.startDate, lang)} – ${calendarDate(p.endDate, lang)}</td></tr>`,
  );
  return html`<div role="region" aria-labelledby="projects-title" tabindex="0" style="overflow-x:auto">
<table aria-labelledby="projects-title">
<thead><tr>${head}</tr></thead>
<tbody>
${join(rows, '\n')}
</tbody>
</table>
</div>`;
}

/**
 * The partner page's section for a partnership with the research scope: the projects proposed
 * under it, each linking to its tracking page, and the form to propose another, which posts to
 * `/partners/{token}/projects`. `top` is what the page says first: the notice after a proposal,
 * or this form's messages.
 */
export function partnerProjectsSection(args: {
  lang: Language;
  token: string;
  projects: readonly PartnerProject[];
  form: ProjectFormState;
  workUnits: readonly string[];
  maxJpHours: number;
  issues?: FieldIssue[];
  notice?: 'proposed';
}): { top?: SafeHtml; body: SafeHtml } {
  const { lang, form } = args;
  const ctx = contextOf(lang, form, args.issues);
  const settings: FormSettings = { kind: 'propose', state: form, workUnits: args.workUnits, maxJpHours: args.maxJpHours, level: 3 };
  const notice = args.notice === 'proposed' && html`<p class="box ok lead" role="status">${t(sectionText.proposed, lang)}</p>`;
  const summary = args.issues?.length ? formSummary(args.issues, form, 'propose', lang) : undefined;
  const body = html`<h2 id="projects-title">${t(sectionText.title, lang)}</h2>
<p>${t(sectionText.intro, lang)}</p>
${projectTable(args.projects, lang)}
<h2 id="propose-title">${t(sectionText.newTitle, lang)}</h2>
<p class="muted">${t(text.requiredNote, lang)}</p>
<form method="post" action="${withLang(path('partners', args.token, 'projects'), lang)}" enctype="application/x-www-form-urlencoded" accept-charset="utf-8" novalidate aria-labelledby="propose-title">
${projectFormBody(ctx, settings)}
<div class="actions"><button type="submit">${t(sectionText.submit, lang)}</button></div>
</form>`;
  return notice || summary ? { top: html`${notice}${summary}`, body } : { body };
}

// ---------------------------------------------------------------------------------------------
// The plan's revision

const revisionText = {
  kicker: researchWords.kicker,
  intro: {
    id: 'Koordinator BKPSDM meminta revisi rencana proyek ini. Ubah yang perlu, lalu kirim kembali; rencana akan ditinjau lagi.',
    en: 'The BKPSDM coordinator asked for a revision of this project’s plan. Change what is needed and send it again; the plan is then reviewed again.',
  },
  note: { id: 'Catatan koordinator', en: "The coordinator's note" },
  deadline: { id: 'Kirim revisi sebelum', en: 'Send the revision before' },
  institution: l.institution,
  round: researchWords.reviewRound,
  submit: { id: 'Kirim revisi', en: 'Send revision' },
} satisfies Record<string, Bilingual>;

/** How many more times the plan can be revised, as the revision mail says it. */
function roundsLeftText(roundsLeft: number, lang: Language): string {
  const id = lang === 'id';
  if (roundsLeft <= 1)
    return id
      ? 'Ini kesempatan revisi terakhir: setelah revisi ini, rencana hanya dapat disetujui atau ditolak.'
      : 'This is the last chance to revise: after this revision, the plan can only be approved or rejected.';
  return id
    ? `Rencana ini masih dapat direvisi paling banyak ${roundsLeft} kali, termasuk revisi ini.`
    : `This plan can be revised at most ${roundsLeft} more times, including this one.`;
}

/**
 * GET /projects/edit/{token}: the project form filled in with the plan as it stands (or as it
 * was just posted), the coordinator's note, the deadline and the rounds left, and the team
 * shown as it is, not as fields. It posts to its own address with the page's proof.
 */
export function projectRevisionPage(args: {
  lang: Language;
  token: string;
  view: ProjectRevisionView;
  form: ProjectFormState;
  workUnits: readonly string[];
  maxJpHours: number;
  issues?: FieldIssue[];
}): string {
  const { lang, view, form } = args;
  const { project, link } = view;
  const ctx = contextOf(lang, form, args.issues);
  const settings: FormSettings = { kind: 'revise', state: form, workUnits: args.workUnits, maxJpHours: args.maxJpHours, level: 2 };
  const team = project.members.filter((m) => m.consent === 'AGREED');
  const title = t(researchStepLabels['plan-revision'], lang);
  const body = html`<p class="muted">${t(revisionText.kicker, lang)}</p>
<h1>${title}</h1>
<p class="lead">${t(revisionText.intro, lang)}</p>
<dl class="facts">
<dt>${t(l.title, lang)}</dt><dd>${project.data.title}</dd>
<dt>${t(revisionText.institution, lang)}</dt><dd>${project.institution}</dd>
<dt>${t(revisionText.round, lang)}</dt><dd>${project.round}</dd>
</dl>
<section class="box warn" aria-labelledby="coordinator-note">
<h2 id="coordinator-note">${t(revisionText.note, lang)}</h2>
${view.comment && html`<blockquote>${view.comment}</blockquote>\n`}<p><strong>${t(revisionText.deadline, lang)} ${time(link.expiresAt, lang)}</strong></p>
<p>${roundsLeftText(view.roundsLeft, lang)}</p>
</section>
${formSummary(args.issues, form, 'revise', lang)}
<p class="muted">${t(text.requiredNote, lang)}</p>
<form method="post" action="${withLang(path('projects', 'edit', args.token), lang)}" enctype="application/x-www-form-urlencoded" accept-charset="utf-8" novalidate>
${hiddenInput('proof', view.proof)}
${projectFormBody(ctx, settings, factList(teamFacts(team, lang, { consent: true })))}
<div class="actions"><button type="submit">${t(revisionText.submit, lang)}</button></div>
</form>`;
  return layout({ lang, title: `${title}: ${project.data.title}`, body, langSwitchPath: '' });
}

const sentText = {
  title: { id: 'Revisi terkirim', en: 'Revision sent' },
  thanks: { id: 'Terima kasih. Revisi rencana penelitian sudah kami terima.', en: 'Thank you. We received the revised research plan.' },
  sentAt: { id: 'Dikirim pada', en: 'Sent on' },
  next: researchWords.next,
  track: { id: 'Pantau proyek', en: 'Follow the project' },
} satisfies Record<string, Bilingual>;

/**
 * The answer to a revision: it was received and the coordinator reviews the plan again, with
 * the link to follow the project. It answers a POST, so it has no language switch: the link's
 * address now says it was used.
 */
export function projectResubmittedPage(args: { lang: Language; project: ProjectRecord; sentAt: string; trackingUrl: string }): string {
  const { lang, project } = args;
  const title = t(sentText.title, lang);
  const next =
    lang === 'id'
      ? `Koordinator BKPSDM akan meninjau rencana ini lagi (putaran ${project.round}). Anda diberi tahu melalui email setelah diputuskan.`
      : `The BKPSDM coordinator reviews the plan again (round ${project.round}). You are told by email once it is decided.`;
  const body = html`<h1>${title}</h1>
<p class="box ok lead" role="status">${t(sentText.thanks, lang)}</p>
${factList([
  { label: t(l.title, lang), value: project.data.title },
  { label: t(l.institution, lang), value: project.institution },
  { label: t(revisionText.round, lang), value: String(project.round) },
  { label: t(sentText.sentAt, lang), value: formatDateTime(args.sentAt, lang) },
])}
<h2>${t(sentText.next, lang)}</h2>
<p>${next}</p>
<p><a href="${args.trackingUrl}">${t(sentText.track, lang)}</a></p>`;
  return layout({ lang, title, body });
}
