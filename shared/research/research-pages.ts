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
import { formatDateTime } from '../kernel/time.js';
import { milestoneKindLabels, type ProjectStatus, reviewRuleLabels } from './research.schema.js';
import {
  consentLabels,
  extensionStatusLabels,
  milestoneStatusLabels,
  overdueLabel,
  projectEventLabels,
  projectStatusLabels,
  researchStepLabels,
} from './research-labels.js';
import type { ExtensionRecord, ProjectMember, ProjectWithTeam, ResearchAction, ResearchOutcome, ResearchStep, ResearchStepLink } from './research-records.js';
import {
  commentHint,
  consentMember,
  decisionActions,
  decisionLabel,
  decisionPageWords,
  isResearchDecisionStep,
  jpText,
  memberFacts,
  projectFacts,
  projectFieldLabels,
  type ResearchDecisionStep,
  researchWords,
} from './research-words.js';
import { milestoneTimeline } from './timeline.js';
import type { MilestoneView, ProjectHistoryEntry, ProjectTrackingView, ResearchStepView } from './views.js';

/**
 * The pages of research projects: the decision pages behind the consent and plan-review links,
 * their answers, and the partner's tracking page. Like the other workflows' pages, a GET never
 * changes anything. The words and facts the research emails share with these pages are in
 * research-words, so a project, a member or a choice is named the same on a page as in the
 * mail that links to it, and a mail needs none of this module.
 */

// What other modules have imported from here, now held by research-words.
export {
  consentMember,
  decisionActions,
  decisionLabel,
  isResearchDecisionStep,
  jpText,
  memberFacts,
  milestoneFacts,
  periodText,
  projectFacts,
  projectFieldLabels,
  type ResearchDecisionStep,
  researchDecisionLabels,
  researchDecisionSteps,
  teamFacts,
} from './research-words.js';

// ---------------------------------------------------------------------------------------------
// Pieces of the pages

/** An empty cell, read the same in both languages. */
const none = '–';

/**
 * A person of a research project by their role, as the other workflows name theirs. Built when
 * asked, like the hints below: a module-level spread would stay in every bundle that imports
 * this module, the mails' and the JSON routes' too.
 */
function roleName(role: string, lang: Language): string {
  const own: Record<string, Bilingual> = {
    partner: projectFieldLabels.partner,
    supervisor: { id: 'Atasan langsung anggota', en: "Member's supervisor" },
    lead: projectFieldLabels.lead,
    member: projectFieldLabels.member,
    coReviewer: projectFieldLabels.coReviewer,
  };
  return label(Object.hasOwn(own, role) ? own : roleLabels, role, lang);
}

/** A table under the heading `titleId`; a wide one scrolls on its own on a phone, rather than the whole page. */
export function dataTable(titleId: string, head: Bilingual[], rows: SafeHtml[], lang: Language): SafeHtml {
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
// What every research decision page has (the co-review pages of milestone-pages too)

/** The longest comment the form lets through; the server's schema decides. */
const COMMENT_MAX = 2000;

/**
 * A decision page's form, posting to the page's own address: the link's `choices` (none chosen
 * by the page), a comment explained by `hint`, and one button. `values` (`decision`, `comment`)
 * and `issues` are what was sent before and what was wrong with it, shown again after a 400.
 */
export function decisionForm(args: {
  lang: Language;
  proof: string;
  choices: { value: string; label: string }[];
  commentLabel: Bilingual;
  hint: Bilingual;
  issues?: FieldIssue[];
  values?: Record<string, string>;
}): SafeHtml {
  const { lang, issues, commentLabel } = args;
  const ctx = formContext(lang, args.values, issues);
  const fieldNames = localized({ decision: decisionPageWords.yourDecision, comment: commentLabel }, lang);
  return html`<h2 id="step-form-title">${t(decisionPageWords.yourDecision, lang)}</h2>
${issueSummary(issues, fieldNames, lang)}
<form method="post" aria-labelledby="step-form-title" novalidate>
${hiddenInput('proof', args.proof)}
${decisionChoice(ctx, args.choices)}
${textArea(ctx, { name: 'comment', label: commentLabel, required: false, unmarked: true, hint: args.hint }, html` rows="6" maxlength="${COMMENT_MAX}"`)}
${sendDecisionButton(lang)}
</form>`;
}

/**
 * The answer to a decision: the step's `facts`, then what was recorded (`decision`), the comment
 * and when, and what happens `next`. It answers a POST, so like the others it has no language
 * switch: the link's address now shows that it was used.
 */
export function decisionDonePage(args: { lang: Language; outcome: ResearchOutcome; facts: Fact[]; decision: string; next: string }): string {
  const { lang, outcome } = args;
  const w = decisionPageWords;
  const facts: Fact[] = [...args.facts, { label: t(w.decision, lang), value: args.decision }];
  if (outcome.comment) facts.push({ label: t(w.comment, lang), value: outcome.comment, multiline: true });
  facts.push({ label: t(w.at, lang), value: formatDateTime(outcome.decidedAt, lang) });
  const title = t(w.recordedTitle, lang);
  const body = html`<h1>${title}</h1>
<p class="box ok lead" role="status">${t(w.thanks, lang)}, ${outcome.decidedBy.name}. ${t(w.recorded, lang)}:</p>
${factList(facts)}
<h2>${t(researchWords.next, lang)}</h2>
<p>${args.next}</p>
<p class="muted">${t(w.close, lang)}</p>`;
  return layout({ lang, title, body });
}

// ---------------------------------------------------------------------------------------------
// The decision pages of the consent and plan-review links

const stepText = {
  backupConsent: {
    id: 'Permintaan ini dialihkan kepada Anda sebagai penyetuju cadangan karena atasan langsung anggota belum menjawab sebelum batas waktunya.',
    en: "This request was passed to you as the backup approver because the member's supervisor did not answer before the deadline.",
  },
  backupPlan: {
    id: 'Permintaan ini dialihkan kepada Anda sebagai penyetuju cadangan karena koordinator BKPSDM belum memberi keputusan sebelum batas waktunya.',
    en: 'This request was passed to you as the backup approver because the BKPSDM coordinator did not decide before the deadline.',
  },
  afterRevision: { id: 'setelah revisi oleh mitra', en: 'after a revision by the partner' },
  member: { id: 'Anggota yang dimintakan persetujuan', en: 'The member concerned' },
  commentForMember: { id: 'Catatan untuk anggota', en: 'Note for the member' },
  commentForPartner: { id: 'Komentar untuk mitra', en: 'Comment for the partner' },
} satisfies Record<string, Bilingual>;

/** A step this module renders no page for is a fault of the caller. */
function decisionStepOf(link: ResearchStepLink): ResearchDecisionStep {
  if (!isResearchDecisionStep(link.step)) throw new RangeError(`No decision page for the research step ${link.step}`);
  return link.step;
}

/** Who reads the comment, as the hint tells it. */
const commentReader: Record<ResearchDecisionStep, Bilingual> = {
  consent: { id: 'alasannya disampaikan kepada anggota', en: 'the member is told your reason' },
  'plan-review': { id: 'komentar Anda dikirim kepada mitra', en: 'your comment goes to the partner' },
};

/** Which choices need a comment: the member or the partner must learn why, or what to change. */
function stepCommentHint(step: ResearchDecisionStep, actions: readonly ResearchAction[]): Bilingual {
  return commentHint({
    actions,
    word: (action) => decisionLabel(step, action),
    reader: commentReader[step],
    approving: step === 'consent' ? 'agreeing' : 'approving',
  });
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
<h2>${t(researchWords.project, lang)}</h2>
${factList(projectFacts(project, lang, { summary: true }))}`;
  }
  return html`<h2>${t(researchWords.project, lang)}</h2>
${factList(projectFacts(project, lang, { coReviewer: true, summary: true, objectives: true }))}
<h2 id="team-title">${t(researchWords.team, lang)}</h2>
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
  const actions = decisionActions(link);
  const stepName = t(researchStepLabels[step], lang);

  const body = html`<p class="muted">${t(researchWords.kicker, lang)}</p>
<h1>${stepName}</h1>
<p class="box lead">${t(decisionPageWords.safe, lang)}</p>
${link.attempt === 'backup' && html`<p class="box warn">${t(step === 'consent' ? stepText.backupConsent : stepText.backupPlan, lang)}</p>`}
<dl class="facts">
<dt>${t(fieldLabels.step, lang)}</dt><dd>${stepName}</dd>
<dt>${t(decisionPageWords.holder, lang)}</dt><dd>${link.holder.name}</dd>
<dt>${t(fieldLabels.deadline, lang)}</dt><dd>${time(link.expiresAt, lang)}</dd>
${step === 'plan-review' && html`<dt>${t(researchWords.reviewRound, lang)}</dt><dd>${roundText(link.round ?? project.round, lang)}</dd>\n`}</dl>
${subjectSection(step, view, lang)}
<h2 id="milestones-title">${t(researchWords.milestones, lang)}</h2>
${view.milestones.length ? plannedMilestonesTable('milestones-title', view.milestones, lang) : html`<p>${t(researchWords.noMilestones, lang)}</p>`}
${decisionForm({
  lang,
  issues: args.issues,
  values: args.values,
  proof: view.proof,
  choices: actions.map((action) => ({ value: action, label: t(decisionLabel(step, action), lang) })),
  commentLabel: step === 'consent' ? stepText.commentForMember : stepText.commentForPartner,
  hint: stepCommentHint(step, actions),
})}`;
  return layout({ lang, title: `${stepName}: ${project.data.title}`, body, langSwitchPath: '' });
}

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
    { label: t(fieldLabels.step, lang), value: label(researchStepLabels, link.step, lang) },
    { label: t(projectFieldLabels.title, lang), value: project.data.title },
    { label: t(projectFieldLabels.institution, lang), value: project.institution },
  ];
  if (link.step === 'consent') facts.push({ label: t(projectFieldLabels.member, lang), value: consentMember(link, project).name });
  return decisionDonePage({
    lang,
    outcome,
    facts,
    decision: recordedDecision(link.step, outcome.action, lang),
    next: nextStep(link.step, outcome.action, lang),
  });
}

// ---------------------------------------------------------------------------------------------
// Tracking a project

const trackText = {
  kicker: { id: 'Status proyek penelitian', en: 'Research project status' },
  round: { id: 'Putaran peninjauan rencana', en: 'Plan review round' },
  submittedAt: { id: 'Diajukan pada', en: 'Submitted on' },
  updatedAt: { id: 'Terakhir berubah', en: 'Last change' },
  noMembers: { id: 'Tidak ada anggota ASN dalam tim.', en: 'There are no ASN members on the team.' },
  history: { id: 'Riwayat', en: 'History' },
  noHistory: { id: 'Belum ada riwayat.', en: 'No history yet.' },
  by: { id: 'oleh', en: 'by' },
  privacy: {
    id: 'Halaman ini hanya dapat dibuka dengan tautan pribadi Anda. Jangan bagikan tautannya.',
    en: 'Only your private link opens this page. Please do not share it.',
  },
} satisfies Record<string, Bilingual>;

/** What a status means for the partner, and what comes next. */
function statusHint(status: ProjectStatus): Bilingual | undefined {
  const hints: Partial<Record<ProjectStatus, Bilingual>> = {
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
  return hints[status];
}

function extensionsCell(extensions: readonly ExtensionRecord[], lang: Language): SafeHtml {
  if (extensions.length === 0) return html`${none}`;
  const items = extensions.map(
    (e) => html`<li>${calendarDate(e.previousDueDate, lang)} → ${calendarDate(e.newDueDate, lang)}: ${label(extensionStatusLabels, e.status, lang)}</li>`,
  );
  return html`<ul>${items}</ul>`;
}

/** Where each milestone stands: number, title, kind, due date, status with its overdue mark, round and extensions. */
export function milestoneStatusTable(titleId: string, milestones: readonly MilestoneView[], lang: Language): SafeHtml {
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
  const who = entry.by ? html`${roleName(entry.by.role, lang)}${entry.by.name && html` (${entry.by.name})`}` : roleName('system', lang);
  const details: SafeHtml[] = [];
  if (entry.step) details.push(html`${t(fieldLabels.step, lang)}: ${label(researchStepLabels, entry.step, lang)}`);
  if (entry.member !== undefined) details.push(html`${t(projectFieldLabels.member, lang)} ${entry.member}`);
  if (entry.milestone !== undefined) details.push(html`${t(projectFieldLabels.milestone, lang)} ${entry.milestone}`);
  if (entry.round !== undefined) details.push(html`${t(projectFieldLabels.round, lang)} ${entry.round}`);
  if (entry.action) details.push(html`${t(decisionPageWords.decision, lang)}: <strong>${label(recordedActionLabels, entry.action, lang)}</strong>`);
  return html`<li><strong>${label(projectEventLabels, entry.type, lang)}</strong> — ${time(entry.at, lang)}, ${t(trackText.by, lang)} ${who}${
    details.length > 0 && html`<br>${join(details, ' · ')}`
  }${entry.comment && html`<blockquote aria-label="${t(decisionPageWords.comment, lang)}">${entry.comment}</blockquote>`}</li>`;
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
  const hint = statusHint(view.status);
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
<h2 id="team-title">${t(researchWords.team, lang)}</h2>
${view.members.length ? teamTable('team-title', view.members, lang) : html`<p>${t(trackText.noMembers, lang)}</p>`}
<h2 id="milestones-title">${t(researchWords.milestones, lang)}</h2>
${timeline}
${view.milestones.length ? milestoneStatusTable('milestones-title', view.milestones, lang) : html`<p>${t(researchWords.noMilestones, lang)}</p>`}
<h2>${t(trackText.history, lang)}</h2>
${history.length ? html`<ol class="history">${join(history, '\n')}</ol>` : html`<p>${t(trackText.noHistory, lang)}</p>`}
<p class="muted">${t(trackText.privacy, lang)}</p>`;
  return layout({ lang, title: `${t(trackText.kicker, lang)}: ${view.title}`, body, langSwitchPath: '' });
}
