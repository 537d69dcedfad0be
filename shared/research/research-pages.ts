import { employmentTypeLabels } from '../kernel/asn/nip.js';
import type { FieldIssue } from '../kernel/errors.js';
import type { Bilingual, Language } from '../kernel/i18n.js';
import { html, join, type SafeHtml } from '../kernel/pages/html.js';
import { agencyContactEmail, type Fact, fieldLabels, label, recordedActionLabels, roleLabels } from '../kernel/pages/labels.js';
import { layout } from '../kernel/pages/layout.js';
import {
  badge,
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
  time,
} from '../kernel/pages/page-kit.js';
import { formatDate, formatDateTime } from '../kernel/time.js';
import { type MilestoneInput, milestoneKindLabels, type ProjectStatus, reviewRuleLabels } from './research.schema.js';
import { consentLabels, milestoneStatusLabels, overdueLabel, projectEventLabels, projectStatusLabels, researchStepLabels } from './research-labels.js';
import type {
  ExtensionRecord,
  ProjectMember,
  ProjectRecord,
  ProjectWithTeam,
  ResearchAction,
  ResearchOutcome,
  ResearchStep,
  ResearchStepLink,
} from './research-records.js';
import { milestoneTimeline } from './timeline.js';
import type { MilestoneView, ProjectHistoryEntry, ProjectTrackingView, ResearchStepView } from './views.js';

/**
 * The pages of research projects: the decision pages behind the consent and plan-review links,
 * their answers, and the partner's tracking page. Like the other workflows' pages, a GET never
 * changes anything. The words and facts the research emails share with these pages are here
 * too, so a project, a member or a choice is named the same on a page as in the mail that
 * links to it.
 */

// ---------------------------------------------------------------------------------------------
// Words and facts shared with the research emails

/** A project's and its members' fields, named alike on the pages and in the emails. */
export const projectFieldLabels = {
  title: { id: 'Judul penelitian', en: 'Research title' },
  institution: fieldLabels.institution,
  projectId: { id: 'Nomor proyek', en: 'Project number' },
  partner: { id: 'Narahubung mitra', en: "Partner's contact" },
  lead: { id: 'Ketua peneliti', en: 'Lead researcher' },
  coReviewer: { id: 'Peninjau dari perguruan tinggi', en: "University's co-reviewer" },
  period: { id: 'Masa penelitian', en: 'Research period' },
  summary: fieldLabels.summary,
  objectives: { id: 'Tujuan penelitian', en: 'Objectives' },
  status: fieldLabels.status,
  name: { id: 'Nama', en: 'Name' },
  nip: { id: 'NIP / NI PPPK', en: 'NIP / NI PPPK' },
  employmentType: { id: 'Status kepegawaian', en: 'Employment type' },
  unit: { id: 'Unit kerja (OPD)', en: 'Work unit (OPD)' },
  position: { id: 'Jabatan', en: 'Position' },
  supervisor: { id: 'Atasan langsung', en: 'Supervisor' },
  jpHours: { id: 'Jam pelajaran (JP)', en: 'Lesson hours (JP)' },
  consent: { id: 'Persetujuan atasan', en: "Supervisor's consent" },
  member: { id: 'Anggota', en: 'Member' },
  milestone: { id: 'Tahap', en: 'Milestone' },
  number: { id: 'No.', en: 'No.' },
  milestoneTitle: { id: 'Judul tahap', en: 'Milestone title' },
  kind: { id: 'Jenis', en: 'Kind' },
  dueDate: { id: 'Tenggat', en: 'Due date' },
  review: { id: 'Cara peninjauan', en: 'Review rule' },
  round: { id: 'Putaran', en: 'Round' },
  extensions: { id: 'Perpanjangan tenggat', en: 'Extensions' },
} satisfies Record<string, Bilingual>;

/** "30 JP": the unit reads the same in both languages. */
export function jpText(hours: number): string {
  return `${hours} JP`;
}

/** "1 Maret 2027 – 15 Desember 2027". */
export function periodText(startDate: string, endDate: string, lang: Language): string {
  return `${formatDate(startDate, lang)} – ${formatDate(endDate, lang)}`;
}

/**
 * Which project it is: title, institution, lead and dates, always; the co-reviewer, the summary
 * and the objectives where the reader judges the project by them.
 */
export function projectFacts(project: ProjectRecord, lang: Language, more: { coReviewer?: boolean; summary?: boolean; objectives?: boolean } = {}): Fact[] {
  const { data } = project;
  const l = projectFieldLabels;
  return [
    { label: l.title[lang], value: data.title },
    { label: l.institution[lang], value: project.institution },
    { label: l.lead[lang], value: data.lead.name },
    ...(more.coReviewer ? [{ label: l.coReviewer[lang], value: data.coReviewer.name }] : []),
    { label: l.period[lang], value: periodText(data.startDate, data.endDate, lang) },
    ...(more.summary ? [{ label: l.summary[lang], value: data.summary, multiline: true }] : []),
    ...(more.objectives ? [{ label: l.objectives[lang], value: data.objectives, multiline: true }] : []),
  ];
}

/** The member a consent is asked for, as their supervisor needs to know them. */
export function memberFacts(member: ProjectMember, lang: Language): Fact[] {
  const l = projectFieldLabels;
  return [
    { label: l.name[lang], value: member.name },
    { label: l.nip[lang], value: member.nip },
    { label: l.employmentType[lang], value: label(employmentTypeLabels, member.employmentType, lang) },
    { label: l.unit[lang], value: member.unit },
    { label: l.position[lang], value: member.position },
    { label: l.jpHours[lang], value: jpText(member.jpHours) },
  ];
}

/** "Dewi Anggraini — Analis Kebijakan, Diskominfo · 30 JP", with the supervisor's answer when asked for. */
function memberLine(member: ProjectMember, lang: Language, withConsent: boolean): string {
  const line = `${member.name} — ${member.position}, ${member.unit} · ${jpText(member.jpHours)}`;
  return withConsent ? `${line} · ${label(consentLabels, member.consent, lang)}` : line;
}

/** The team, one fact per member ("Anggota 1: …"), with each supervisor's answer when asked for. */
export function teamFacts(members: readonly ProjectMember[], lang: Language, options: { consent: boolean }): Fact[] {
  return members.map((member) => ({
    label: `${projectFieldLabels.member[lang]} ${member.number}`,
    value: memberLine(member, lang, options.consent),
  }));
}

/** The plan of milestones, one fact each ("Tahap 2: Laporan kemajuan — … · tenggat …"), with the review rule when asked for. */
export function milestoneFacts(milestones: readonly MilestoneInput[], lang: Language, options: { review: boolean }): Fact[] {
  const due = lang === 'id' ? 'tenggat' : 'due';
  return milestones.map((milestone, index) => {
    const parts = [`${milestone.title} — ${label(milestoneKindLabels, milestone.kind, lang)}`, `${due} ${formatDate(milestone.dueDate, lang)}`];
    if (options.review) parts.push(label(reviewRuleLabels, milestone.review, lang));
    return { label: `${projectFieldLabels.milestone[lang]} ${index + 1}`, value: parts.join(' · ') };
  });
}

/** The steps whose links ask for a decision on a page of this module. */
export const researchDecisionSteps = ['consent', 'plan-review'] as const satisfies readonly ResearchStep[];
export type ResearchDecisionStep = (typeof researchDecisionSteps)[number];

export function isResearchDecisionStep(step: ResearchStep): step is ResearchDecisionStep {
  return (researchDecisionSteps as readonly string[]).includes(step);
}

/** What the decision buttons say at each step: the choice still to be made, as the emails and the server's messages name it too. */
export const researchDecisionLabels: Record<ResearchDecisionStep, Partial<Record<ResearchAction, Bilingual>>> = {
  consent: {
    approve: { id: 'Setujui keikutsertaan', en: 'Agree to their taking part' },
    reject: { id: 'Tidak setuju', en: 'Refuse' },
  },
  'plan-review': {
    approve: { id: 'Setujui rencana', en: 'Approve the plan' },
    revise: { id: 'Minta revisi', en: 'Ask for a revision' },
    reject: { id: 'Tolak', en: 'Reject' },
  },
};

/** The order a decision page lists its choices in, whatever order the link holds them in. */
const decisionOrder: readonly ResearchAction[] = ['approve', 'revise', 'reject'];

/** A link's actions in the order its page and its emails list them: approve, revise, reject (anything else after them). */
export function decisionActions(link: Pick<ResearchStepLink, 'actions'>): ResearchAction[] {
  const rank = (action: ResearchAction) => (decisionOrder.includes(action) ? decisionOrder.indexOf(action) : decisionOrder.length);
  return [...link.actions].sort((a, b) => rank(a) - rank(b));
}

/** What a choice is called at a step; an action the step has no button word for is named as the histories name it. */
export function decisionLabel(step: ResearchStep, action: ResearchAction): Bilingual {
  const own = isResearchDecisionStep(step) ? researchDecisionLabels[step][action] : undefined;
  return own ?? recordedActionLabels[action] ?? { id: action, en: action };
}

/**
 * The member a consent link asks about (`link.member`, their number). A consent link without
 * one is a fault of whoever made it, not something a reader can mend, so it throws.
 */
export function consentMember(link: Pick<ResearchStepLink, 'member'>, project: ProjectWithTeam): ProjectMember {
  const member = link.member === undefined ? undefined : project.members.find((m) => m.number === link.member);
  if (!member) throw new RangeError(`Project ${project.id} has no member ${link.member ?? '(none given)'} for a consent link`);
  return member;
}

/** A step this module renders no page for is a fault of the caller. */
function decisionStepOf(link: ResearchStepLink): ResearchDecisionStep {
  if (!isResearchDecisionStep(link.step)) throw new RangeError(`No decision page for the research step ${link.step}`);
  return link.step;
}

// ---------------------------------------------------------------------------------------------
// Pieces of the pages

const common = {
  kicker: { id: 'Proyek penelitian', en: 'Research project' },
  close: { id: 'Anda dapat menutup halaman ini.', en: 'You may close this page.' },
} satisfies Record<string, Bilingual>;

/** An empty cell, read the same in both languages. */
const none = '–';

/** The people of a research project, with the roles the other workflows already name. */
const researchRoleLabels: Record<string, Bilingual> = {
  ...roleLabels,
  partner: projectFieldLabels.partner,
  supervisor: { id: 'Atasan langsung anggota', en: "Member's supervisor" },
  lead: projectFieldLabels.lead,
  member: projectFieldLabels.member,
  coReviewer: projectFieldLabels.coReviewer,
};

const extensionStatusLabels: Record<ExtensionRecord['status'], Bilingual> = {
  PENDING: { id: 'Menunggu keputusan', en: 'Awaiting a decision' },
  APPROVED: { id: 'Disetujui', en: 'Approved' },
  REFUSED: { id: 'Tidak disetujui', en: 'Refused' },
};

/** A table under the heading `titleId`; a wide one scrolls on its own on a phone, rather than the whole page. */
function dataTable(titleId: string, head: Bilingual[], rows: SafeHtml[], lang: Language): SafeHtml {
  const cells = head.map((text) => html`<th scope="col">${t(text, lang)}</th>`);
  return html`<div role="region" aria-labelledby="${titleId}" tabindex="0" style="overflow-x:auto">
<table aria-labelledby="${titleId}">
<thead><tr>${cells}</tr></thead>
<tbody>
${join(rows, '\n')}
</tbody>
</table>
</div>`;
}

/** The milestones as planned: number, title, kind, due date and how they are reviewed. */
function plannedMilestonesTable(titleId: string, milestones: readonly MilestoneView[], lang: Language): SafeHtml {
  const l = projectFieldLabels;
  const rows = milestones.map(
    (m) =>
      html`<tr><td>${m.number}</td><th scope="row">${m.title}</th><td>${label(milestoneKindLabels, m.kind, lang)}</td><td>${calendarDate(m.dueDate, lang)}</td><td>${label(reviewRuleLabels, m.review, lang)}</td></tr>`,
  );
  return dataTable(titleId, [l.number, l.milestoneTitle, l.kind, l.dueDate, l.review], rows, lang);
}

/** The team with each supervisor's answer; a member without their number is numbered by their place in the list. */
function teamTable(
  titleId: string,
  members: readonly (Pick<ProjectMember, 'name' | 'unit' | 'position' | 'jpHours' | 'consent'> & { number?: number })[],
  lang: Language,
): SafeHtml {
  const l = projectFieldLabels;
  const rows = members.map(
    (member, index) =>
      html`<tr><td>${member.number ?? index + 1}</td><th scope="row">${member.name}</th><td>${member.position}</td><td>${member.unit}</td><td>${jpText(member.jpHours)}</td><td>${label(consentLabels, member.consent, lang)}</td></tr>`,
  );
  return dataTable(titleId, [l.number, l.name, l.position, l.unit, l.jpHours, l.consent], rows, lang);
}

// ---------------------------------------------------------------------------------------------
// The decision pages of the consent and plan-review links

const stepText = {
  safe: {
    id: 'Membuka halaman ini tidak mengubah apa pun. Keputusan baru tercatat setelah Anda memilih salah satu keputusan di bawah lalu menekan “Kirim keputusan”.',
    en: 'Opening this page changes nothing. A decision is recorded only when you choose one below and press “Send decision”.',
  },
  backupConsent: {
    id: 'Permintaan ini dialihkan kepada Anda sebagai penyetuju cadangan karena atasan langsung anggota belum menjawab sebelum batas waktunya.',
    en: "This request was passed to you as the backup approver because the member's supervisor did not answer before the deadline.",
  },
  backupPlan: {
    id: 'Permintaan ini dialihkan kepada Anda sebagai penyetuju cadangan karena koordinator BKPSDM belum memberi keputusan sebelum batas waktunya.',
    en: 'This request was passed to you as the backup approver because the BKPSDM coordinator did not decide before the deadline.',
  },
  step: { id: 'Tahap', en: 'Step' },
  holder: { id: 'Diminta kepada', en: 'Asked of' },
  deadline: { id: 'Batas waktu', en: 'Deadline' },
  round: { id: 'Putaran peninjauan', en: 'Review round' },
  afterRevision: { id: 'setelah revisi oleh mitra', en: 'after a revision by the partner' },
  member: { id: 'Anggota yang dimintakan persetujuan', en: 'The member concerned' },
  project: { id: 'Proyek penelitian', en: 'The research project' },
  team: { id: 'Tim ASN', en: 'The ASN team' },
  milestones: { id: 'Tahap penelitian', en: 'Milestones' },
  noMilestones: { id: 'Proyek ini belum memiliki tahap.', en: 'This project has no milestones yet.' },
  yourDecision: { id: 'Keputusan Anda', en: 'Your decision' },
  commentForMember: { id: 'Catatan untuk anggota', en: 'Note for the member' },
  commentForPartner: { id: 'Komentar untuk mitra', en: 'Comment for the partner' },
} satisfies Record<string, Bilingual>;

/** Who reads the comment, as the hint tells it. */
const commentReader: Record<ResearchDecisionStep, Bilingual> = {
  consent: { id: 'alasannya disampaikan kepada anggota', en: 'the member is told your reason' },
  'plan-review': { id: 'komentar Anda dikirim kepada mitra', en: 'your comment goes to the partner' },
};

/**
 * Which choices need a comment: the server refuses a refusal, a rejection or a revision request
 * without one, because the member or the partner must learn why, or what to change. The hint
 * goes into the page as trusted markup (page-kit's `field`), so it holds the code's words only.
 */
function commentHint(step: ResearchDecisionStep, actions: readonly ResearchAction[]): Bilingual {
  const needing = actions.filter((action) => action === 'reject' || action === 'revise');
  if (needing.length === 0) return { id: 'Opsional.', en: 'Optional.' };
  const list = (lang: Language) => needing.map((action) => `“${decisionLabel(step, action)[lang]}”`).join(lang === 'id' ? ' atau ' : ' or ');
  const approveOptional = actions.includes('approve');
  const approving = step === 'consent' ? 'agreeing' : 'approving';
  return {
    id: `Wajib diisi untuk ${list('id')}: ${commentReader[step].id}.${approveOptional ? ' Opsional bila menyetujui.' : ''}`,
    en: `Required for ${list('en')}: ${commentReader[step].en}.${approveOptional ? ` Optional when ${approving}.` : ''}`,
  };
}

function roundText(round: number, lang: Language): SafeHtml {
  return html`${round}${round > 1 && html` (${t(stepText.afterRevision, lang)})`}`;
}

/** What the decision is about: the member and their project, or the whole plan with its team. */
function subjectSection(step: ResearchDecisionStep, view: ResearchStepView, lang: Language): SafeHtml {
  const { link, project } = view;
  if (step === 'consent') {
    const member = consentMember(link, project);
    const question =
      lang === 'id'
        ? html`Bolehkah <strong>${member.name}</strong> ikut serta sebagai anggota tim proyek penelitian di bawah ini?`
        : html`May <strong>${member.name}</strong> take part as a member of the team of the research project below?`;
    return html`<h2>${t(stepText.member, lang)}</h2>
<p class="lead">${question}</p>
${factList(memberFacts(member, lang))}
<h2>${t(stepText.project, lang)}</h2>
${factList(projectFacts(project, lang, { summary: true }))}`;
  }
  return html`<h2>${t(stepText.project, lang)}</h2>
${factList(projectFacts(project, lang, { coReviewer: true, summary: true, objectives: true }))}
<h2 id="team-title">${t(stepText.team, lang)}</h2>
${teamTable('team-title', project.members, lang)}`;
}

/**
 * The page behind a consent or plan-review link (`/decide/{token}`): the member or the plan, the
 * milestones, and a form that posts to its own address. The decision is chosen among the link's
 * actions (none chosen by the page) and sent with one button; `values` (`decision`, `comment`)
 * are what the person sent before, shown again after a 400. A link of another step is a fault
 * of the caller and throws.
 */
export function researchStepPage(args: { lang: Language; view: ResearchStepView; issues?: FieldIssue[]; values?: Record<string, string> }): string {
  const { lang, view } = args;
  const { link, project } = view;
  const step = decisionStepOf(link);
  const ctx = formContext(lang, args.values, args.issues);
  const actions = decisionActions(link);
  const commentLabel = step === 'consent' ? stepText.commentForMember : stepText.commentForPartner;
  const fieldNames = localized({ decision: stepText.yourDecision, comment: commentLabel }, lang);
  const stepName = t(researchStepLabels[step], lang);

  const body = html`<p class="muted">${t(common.kicker, lang)}</p>
<h1>${stepName}</h1>
<p class="box lead">${t(stepText.safe, lang)}</p>
${link.attempt === 'backup' && html`<p class="box warn">${t(step === 'consent' ? stepText.backupConsent : stepText.backupPlan, lang)}</p>`}
<dl class="facts">
<dt>${t(stepText.step, lang)}</dt><dd>${stepName}</dd>
<dt>${t(stepText.holder, lang)}</dt><dd>${link.holder.name}</dd>
<dt>${t(stepText.deadline, lang)}</dt><dd>${time(link.expiresAt, lang)}</dd>
${step === 'plan-review' && html`<dt>${t(stepText.round, lang)}</dt><dd>${roundText(link.round ?? project.round, lang)}</dd>\n`}</dl>
${subjectSection(step, view, lang)}
<h2 id="milestones-title">${t(stepText.milestones, lang)}</h2>
${view.milestones.length ? plannedMilestonesTable('milestones-title', view.milestones, lang) : html`<p>${t(stepText.noMilestones, lang)}</p>`}
<h2 id="step-form-title">${t(stepText.yourDecision, lang)}</h2>
${issueSummary(args.issues, fieldNames, lang)}
<form method="post" aria-labelledby="step-form-title" novalidate>
${hiddenInput('proof', view.proof)}
${decisionChoice(
  ctx,
  actions.map((action) => ({ value: action, label: t(decisionLabel(step, action), lang) })),
)}
${textArea(ctx, { name: 'comment', label: commentLabel, required: false, unmarked: true, hint: commentHint(step, actions) }, html` rows="6" maxlength="2000"`)}
${sendDecisionButton(lang)}
</form>`;
  return layout({ lang, title: `${stepName}: ${project.data.title}`, body, langSwitchPath: '' });
}

const doneText = {
  title: { id: 'Keputusan tercatat', en: 'Decision recorded' },
  thanks: { id: 'Terima kasih', en: 'Thank you' },
  recorded: { id: 'Kami mencatat keputusan berikut', en: 'We recorded the following decision' },
  decision: { id: 'Keputusan', en: 'Decision' },
  comment: { id: 'Komentar', en: 'Comment' },
  at: { id: 'Waktu', en: 'Time' },
  next: { id: 'Selanjutnya', en: 'What happens next' },
} satisfies Record<string, Bilingual>;

/** What was recorded, as the histories name it; a supervisor's answer as the team lists it. */
function recordedDecision(step: ResearchStep, action: ResearchAction, lang: Language): string {
  if (step === 'consent' && action === 'approve') return t(consentLabels.AGREED, lang);
  if (step === 'consent' && action === 'reject') return t(consentLabels.REFUSED, lang);
  return label(recordedActionLabels, action, lang);
}

/** What happens after a decision, told to the person who just made it. */
function nextStep(step: ResearchStep, action: ResearchAction, lang: Language): string {
  const id = lang === 'id';
  const afterAllSupervisors = id
    ? 'Setelah atasan semua anggota menjawab, koordinator BKPSDM meninjau rencana penelitian.'
    : "Once every member's supervisor has answered, the BKPSDM coordinator reviews the research plan.";
  if (step === 'consent')
    return action === 'reject'
      ? id
        ? `Anggota ini tidak lagi tercantum dalam tim dan diberi tahu melalui email, beserta alasan Anda. ${afterAllSupervisors} Bila tidak ada anggota ASN yang tersisa, proyek berakhir dan mitra diberi tahu.`
        : `This member is no longer on the team and is told by email, with your reason. ${afterAllSupervisors} If no ASN member remains, the project ends and the partner is told.`
      : id
        ? `Anggota ini tetap dalam tim. ${afterAllSupervisors}`
        : `This member stays on the team. ${afterAllSupervisors}`;
  switch (action) {
    case 'approve':
      return id
        ? 'Proyek kini berjalan. Ketua peneliti dan setiap anggota ASN menerima email berisi tautan halaman proyeknya; tautan pengiriman setiap tahap dikirim kepada ketua peneliti saat tahap itu dibuka.'
        : 'The project is now active. The lead researcher and each ASN member receive an email with the link to their project page; the submission link of each milestone is sent to the lead when that milestone opens.';
    case 'revise':
      return id
        ? 'Mitra menerima email berisi tautan untuk merevisi rencana, beserta komentar Anda. Setelah revisi dikirim, rencana ditinjau kembali.'
        : 'The partner receives an email with a link to revise the plan, with your comment. Once the revision is sent, the plan is reviewed again.';
    case 'reject':
      return id
        ? 'Mitra diberi tahu melalui email, beserta alasan Anda. Proyek ini tidak berjalan.'
        : 'The partner is told by email, with your reason. The project does not go ahead.';
    default:
      return id ? 'Keputusan Anda diteruskan.' : 'Your decision goes on.';
  }
}

/**
 * The answer to a consent or plan-review decision: what was recorded and what happens next. It
 * answers a POST, so like the others it has no language switch: the link's address now shows
 * that it was used.
 */
export function researchStepDonePage(args: { lang: Language; link: ResearchStepLink; outcome: ResearchOutcome; project: ProjectWithTeam }): string {
  const { lang, link, outcome, project } = args;
  const facts: Fact[] = [
    { label: t(stepText.step, lang), value: label(researchStepLabels, link.step, lang) },
    { label: t(projectFieldLabels.title, lang), value: project.data.title },
    { label: t(projectFieldLabels.institution, lang), value: project.institution },
  ];
  if (link.step === 'consent') facts.push({ label: t(projectFieldLabels.member, lang), value: consentMember(link, project).name });
  facts.push({ label: t(doneText.decision, lang), value: recordedDecision(link.step, outcome.action, lang) });
  if (outcome.comment) facts.push({ label: t(doneText.comment, lang), value: outcome.comment, multiline: true });
  facts.push({ label: t(doneText.at, lang), value: formatDateTime(outcome.decidedAt, lang) });

  const title = t(doneText.title, lang);
  const body = html`<h1>${title}</h1>
<p class="box ok lead" role="status">${t(doneText.thanks, lang)}, ${outcome.decidedBy.name}. ${t(doneText.recorded, lang)}:</p>
${factList(facts)}
<h2>${t(doneText.next, lang)}</h2>
<p>${nextStep(link.step, outcome.action, lang)}</p>
<p class="muted">${t(common.close, lang)}</p>`;
  return layout({ lang, title, body });
}

// ---------------------------------------------------------------------------------------------
// Tracking a project

const trackText = {
  kicker: { id: 'Status proyek penelitian', en: 'Research project status' },
  round: { id: 'Putaran peninjauan rencana', en: 'Plan review round' },
  submittedAt: { id: 'Diajukan pada', en: 'Submitted on' },
  updatedAt: { id: 'Terakhir berubah', en: 'Last change' },
  team: { id: 'Tim ASN', en: 'The ASN team' },
  noMembers: { id: 'Tidak ada anggota ASN dalam tim.', en: 'There are no ASN members on the team.' },
  milestones: { id: 'Tahap penelitian', en: 'Milestones' },
  noMilestones: { id: 'Proyek ini belum memiliki tahap.', en: 'This project has no milestones yet.' },
  history: { id: 'Riwayat', en: 'History' },
  noHistory: { id: 'Belum ada riwayat.', en: 'No history yet.' },
  by: { id: 'oleh', en: 'by' },
  step: { id: 'Tahap', en: 'Step' },
  decision: { id: 'Keputusan', en: 'Decision' },
  comment: { id: 'Komentar', en: 'Comment' },
  privacy: {
    id: 'Halaman ini hanya dapat dibuka dengan tautan pribadi Anda. Jangan bagikan tautannya.',
    en: 'Only your private link opens this page. Please do not share it.',
  },
} satisfies Record<string, Bilingual>;

const statusHints: Partial<Record<ProjectStatus, Bilingual>> = {
  SUBMITTED: {
    id: 'Proyek sudah diterima. Atasan langsung setiap anggota ASN segera diminta persetujuannya.',
    en: "The project was received. Each ASN member's supervisor is asked for their consent shortly.",
  },
  CONSENT: {
    id: 'Atasan langsung setiap anggota ASN diminta menyetujui keikutsertaan anggotanya. Setelah semua menjawab, koordinator BKPSDM meninjau rencana penelitian.',
    en: "Each ASN member's supervisor has been asked to consent to their taking part. Once all have answered, the BKPSDM coordinator reviews the research plan.",
  },
  PLAN_REVIEW: { id: 'Koordinator BKPSDM sedang meninjau rencana penelitian.', en: 'The BKPSDM coordinator is reviewing the research plan.' },
  REVISION_REQUESTED: {
    id: 'Koordinator BKPSDM meminta revisi rencana. Tautan untuk merevisinya telah dikirim ke email narahubung mitra.',
    en: "The BKPSDM coordinator asked for a revision of the plan. A link to revise it was sent to the partner contact's email.",
  },
  ACTIVE: {
    id: 'Proyek sedang berjalan. Ketua peneliti mengirim hasil setiap tahap melalui tautan yang dikirim kepadanya saat tahap itu dibuka.',
    en: 'The project is under way. The lead researcher sends the work of each milestone through the link emailed to them when it opens.',
  },
  COMPLETED: {
    id: 'Proyek selesai: laporan akhir disetujui dan JP dicatat bagi anggota ASN.',
    en: 'The project is complete: the final report was approved and the ASN members were credited their JP.',
  },
  REJECTED: { id: 'Rencana penelitian tidak disetujui.', en: 'The research plan was not approved.' },
  EXPIRED: {
    id: `Proyek berakhir karena batas waktunya terlewati. Hubungi ${agencyContactEmail} bila ingin melanjutkan.`,
    en: `The project ended because its deadline passed. Write to ${agencyContactEmail} if you wish to continue.`,
  },
  CANCELLED: {
    id: `Proyek dihentikan. Hubungi ${agencyContactEmail} bila ada pertanyaan.`,
    en: `The project was stopped. Write to ${agencyContactEmail} with any questions.`,
  },
};

function extensionsCell(extensions: readonly ExtensionRecord[], lang: Language): SafeHtml {
  if (extensions.length === 0) return html`${none}`;
  const items = extensions.map(
    (e) => html`<li>${calendarDate(e.previousDueDate, lang)} → ${calendarDate(e.newDueDate, lang)}: ${label(extensionStatusLabels, e.status, lang)}</li>`,
  );
  return html`<ul>${items}</ul>`;
}

/** Where each milestone stands: number, title, kind, due date, status with its overdue mark, round and extensions. */
function milestoneStatusTable(titleId: string, milestones: readonly MilestoneView[], lang: Language): SafeHtml {
  const l = projectFieldLabels;
  const rows = milestones.map(
    (m) =>
      html`<tr><td>${m.number}</td><th scope="row">${m.title}</th><td>${label(milestoneKindLabels, m.kind, lang)}</td><td>${calendarDate(m.dueDate, lang)}</td><td>${badge(milestoneStatusLabels, m.status, lang)}${
        m.overdue && html` <strong class="error">${t(overdueLabel, lang)}</strong>`
      }</td><td>${m.round > 0 ? m.round : none}</td><td>${extensionsCell(m.extensions, lang)}</td></tr>`,
  );
  return dataTable(titleId, [l.number, l.milestoneTitle, l.kind, l.dueDate, l.status, l.round, l.extensions], rows, lang);
}

function historyItem(entry: ProjectHistoryEntry, lang: Language): SafeHtml {
  const who = entry.by
    ? html`${label(researchRoleLabels, entry.by.role, lang)}${entry.by.name && html` (${entry.by.name})`}`
    : label(researchRoleLabels, 'system', lang);
  const details: SafeHtml[] = [];
  if (entry.step) details.push(html`${t(trackText.step, lang)}: ${label(researchStepLabels, entry.step, lang)}`);
  if (entry.member !== undefined) details.push(html`${t(projectFieldLabels.member, lang)} ${entry.member}`);
  if (entry.milestone !== undefined) details.push(html`${t(projectFieldLabels.milestone, lang)} ${entry.milestone}`);
  if (entry.round !== undefined) details.push(html`${t(projectFieldLabels.round, lang)} ${entry.round}`);
  if (entry.action) details.push(html`${t(trackText.decision, lang)}: <strong>${label(recordedActionLabels, entry.action, lang)}</strong>`);
  return html`<li><strong>${label(projectEventLabels, entry.type, lang)}</strong> — ${time(entry.at, lang)}, ${t(trackText.by, lang)} ${who}${
    details.length > 0 && html`<br>${join(details, ' · ')}`
  }${entry.comment && html`<blockquote aria-label="${t(trackText.comment, lang)}">${entry.comment}</blockquote>`}</li>`;
}

/**
 * GET /track/{token} for a project: where it stands, its team and their consent, its milestones
 * and its history. `today` (a WIB calendar date, `todayInWib(clock.now())`) draws the
 * milestones on a timeline above their table; the page reads no clock itself, and without it
 * shows the table alone.
 */
export function projectTrackingPage(args: { lang: Language; view: ProjectTrackingView; today?: string }): string {
  const { lang, view, today } = args;
  const timeline =
    today !== undefined &&
    view.milestones.length > 0 &&
    milestoneTimeline({ milestones: view.milestones, startDate: view.startDate, endDate: view.endDate, today, lang, idPrefix: 'project-timeline' });
  const hint = statusHints[view.status];
  const history = view.history.map((entry) => historyItem(entry, lang));
  const l = projectFieldLabels;
  const body = html`<p class="muted">${t(trackText.kicker, lang)}</p>
<h1>${view.title}</h1>
<dl class="facts">
<dt>${t(l.institution, lang)}</dt><dd>${view.institution}</dd>
<dt>${t(l.lead, lang)}</dt><dd>${view.lead.name}</dd>
<dt>${t(l.status, lang)}</dt><dd>${badge(projectStatusLabels, view.status, lang)}</dd>
<dt>${t(l.period, lang)}</dt><dd>${calendarDate(view.startDate, lang)} – ${calendarDate(view.endDate, lang)}</dd>
<dt>${t(trackText.round, lang)}</dt><dd>${view.round}</dd>
<dt>${t(trackText.submittedAt, lang)}</dt><dd>${time(view.submittedAt, lang)}</dd>
<dt>${t(trackText.updatedAt, lang)}</dt><dd>${time(view.updatedAt, lang)}</dd>
</dl>
${hint && html`<p class="box">${t(hint, lang)}</p>`}
<h2 id="team-title">${t(trackText.team, lang)}</h2>
${view.members.length ? teamTable('team-title', view.members, lang) : html`<p>${t(trackText.noMembers, lang)}</p>`}
<h2 id="milestones-title">${t(trackText.milestones, lang)}</h2>
${timeline}
${view.milestones.length ? milestoneStatusTable('milestones-title', view.milestones, lang) : html`<p>${t(trackText.noMilestones, lang)}</p>`}
<h2>${t(trackText.history, lang)}</h2>
${history.length ? html`<ol class="history">${join(history, '\n')}</ol>` : html`<p>${t(trackText.noHistory, lang)}</p>`}
<p class="muted">${t(trackText.privacy, lang)}</p>`;
  return layout({ lang, title: `${t(trackText.kicker, lang)}: ${view.title}`, body, langSwitchPath: '' });
}
