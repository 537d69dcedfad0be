import { employmentTypeLabels } from '../kernel/asn/nip.js';
import type { Bilingual, Language } from '../kernel/i18n.js';
import { type Fact, fieldLabels, label, recordedActionLabels, roleLabels } from '../kernel/pages/labels.js';
import { formatDate } from '../kernel/time.js';
import { type MilestoneInput, milestoneKindLabels, type ReviewRule, reviewRuleLabels } from './research.schema.js';
import { consentLabels } from './research-labels.js';
import type { MilestoneReviewer, ProjectMember, ProjectRecord, ProjectWithTeam, ResearchAction, ResearchStep, ResearchStepLink } from './research-records.js';

/**
 * The words and facts research pages and mails both use, so a project, a member, a reviewer or
 * a choice is named the same on a page as in the mail that links to it. Plain text and `Fact`
 * lists only, no markup: a task function that only sends mail bundles this module, not the
 * page kit, the layout or the timeline. (The statuses, steps and events are named in
 * research-labels.)
 */

/** One of two texts, in the reader's language. */
export const say = (lang: Language, id: string, en: string) => (lang === 'id' ? id : en);

// ---------------------------------------------------------------------------------------------
// A project, its members and its milestones

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

/** Headings and short words the pages and the mails share. */
export const researchWords = {
  kicker: { id: 'Proyek penelitian', en: 'Research project' },
  project: { id: 'Proyek penelitian', en: 'The research project' },
  team: { id: 'Tim ASN', en: 'The ASN team' },
  milestones: { id: 'Tahap penelitian', en: 'Milestones' },
  noMilestones: { id: 'Proyek ini belum memiliki tahap.', en: 'This project has no milestones yet.' },
  reviewRound: { id: 'Putaran peninjauan', en: 'Review round' },
  next: { id: 'Selanjutnya', en: 'What happens next' },
} satisfies Record<string, Bilingual>;

/** The fields of the lead's milestone form, named alike on its page, in the server's messages and in the reviewers' mails. */
export const milestoneFieldLabels = {
  summary: { id: 'Ringkasan pekerjaan tahap ini', en: 'What was done in this milestone' },
  lateReason: { id: 'Alasan keterlambatan', en: 'Reason for the delay' },
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

/**
 * The member a consent link asks about (`link.member`, their number). A consent link without
 * one is a fault of whoever made it, not something a reader can mend, so it throws.
 */
export function consentMember(link: Pick<ResearchStepLink, 'member'>, project: ProjectWithTeam): ProjectMember {
  const member = link.member === undefined ? undefined : project.members.find((m) => m.number === link.member);
  if (!member) throw new RangeError(`Project ${project.id} has no member ${link.member ?? '(none given)'} for a consent link`);
  return member;
}

// ---------------------------------------------------------------------------------------------
// Choices: what the decision buttons say, on the pages, in the mails and in the server's messages

/** The steps whose links ask for a consent or plan-review decision (research-pages renders them). */
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

/** What the choices of a co-review say: the choice still to be made, as the emails and the server's messages name it too. */
export const coReviewDecisionLabels: Partial<Record<ResearchAction, Bilingual>> = {
  approve: { id: 'Setujui tahap', en: 'Approve the milestone' },
  revise: { id: 'Minta revisi', en: 'Ask for a revision' },
  reject: { id: 'Tutup sebagai tidak diterima', en: 'Close as not accepted' },
};

/** An action a step has no button word for is named as the histories name it. */
const recordedAction = (action: ResearchAction): Bilingual => recordedActionLabels[action] ?? { id: action, en: action };

/** What a choice is called at a consent or plan-review step. */
export function decisionLabel(step: ResearchStep, action: ResearchAction): Bilingual {
  return (isResearchDecisionStep(step) ? researchDecisionLabels[step][action] : undefined) ?? recordedAction(action);
}

/** What a choice of a co-review is called. */
export function coReviewDecisionLabel(action: ResearchAction): Bilingual {
  return coReviewDecisionLabels[action] ?? recordedAction(action);
}

/** The order a decision page lists its choices in, whatever order the link holds them in. */
const decisionOrder: readonly ResearchAction[] = ['approve', 'revise', 'reject'];

/** A link's actions in the order its page and its emails list them: approve, revise, reject (anything else after them). */
export function decisionActions(link: Pick<ResearchStepLink, 'actions'>): ResearchAction[] {
  const rank = (action: ResearchAction) => (decisionOrder.includes(action) ? decisionOrder.indexOf(action) : decisionOrder.length);
  return [...link.actions].sort((a, b) => rank(a) - rank(b));
}

/**
 * The hint beside a decision's comment: which choices need one (the server refuses a refusal, a
 * rejection or a revision request without it), who reads it, and that it is optional when
 * `approving`. It goes into a page as trusted markup (page-kit's `field`), so it holds the
 * code's words only.
 */
export function commentHint(args: {
  actions: readonly ResearchAction[];
  word: (action: ResearchAction) => Bilingual;
  reader: Bilingual;
  approving?: string;
}): Bilingual {
  const { actions, word, reader, approving = 'approving' } = args;
  const needing = actions.filter((action) => action === 'reject' || action === 'revise');
  if (needing.length === 0) return { id: 'Opsional.', en: 'Optional.' };
  const list = (lang: Language) => needing.map((action) => `“${word(action)[lang]}”`).join(lang === 'id' ? ' atau ' : ' or ');
  const optional = actions.includes('approve');
  return {
    id: `Wajib diisi untuk ${list('id')}: ${reader.id}.${optional ? ' Opsional bila menyetujui.' : ''}`,
    en: `Required for ${list('en')}: ${reader.en}.${optional ? ` Optional when ${approving}.` : ''}`,
  };
}

// ---------------------------------------------------------------------------------------------
// A milestone's reviewers and how their reviews combine

/** The two reviewers as a fact or a heading names them. */
export const reviewerLabels: Record<MilestoneReviewer, Bilingual> = {
  coordinator: roleLabels.coordinator as Bilingual,
  coReviewer: projectFieldLabels.coReviewer,
};

/** The two reviewers as a sentence names them, inside it. */
export const reviewerInSentence: Record<MilestoneReviewer, Bilingual> = {
  coordinator: { id: 'koordinator BKPSDM', en: 'the BKPSDM coordinator' },
  coReviewer: { id: 'peninjau dari perguruan tinggi', en: "the university's co-reviewer" },
};

/** The other reviewer as a sentence names them: the co-reviewer by name too. */
function otherReviewer(reviewer: MilestoneReviewer, project: ProjectRecord, lang: Language): string {
  return reviewer === 'coordinator' ? `${reviewerInSentence.coReviewer[lang]} (${project.data.coReviewer.name})` : reviewerInSentence.coordinator[lang];
}

/** How a milestone's two reviews combine, told to one of its reviewers (`reader`) before they decide, on their page and in their mail. */
export function reviewRuleExplained(rule: ReviewRule, reader: MilestoneReviewer, project: ProjectRecord, lang: Language): string {
  const name = label(reviewRuleLabels, rule, lang);
  const other = otherReviewer(reader, project, lang);
  return rule === 'all'
    ? say(
        lang,
        `${name}: tahap ini disetujui bila Anda dan ${other} sama-sama menyetujuinya. Permintaan revisi dikembalikan kepada ketua peneliti setelah keduanya memberi keputusan, sehingga ia menerima kedua komentar sekaligus.`,
        `${name}: this milestone is approved when you and ${other} both approve it. A revision request goes back to the lead researcher once both of you have decided, so that they get both comments at once.`,
      )
    : say(
        lang,
        `${name}: keputusan yang lebih dahulu diberikan, oleh Anda atau oleh ${other}, menentukan tahap ini, dan tautan peninjau yang lain ditutup.`,
        `${name}: whichever of you and ${other} decides first decides this milestone, and closes the other reviewer's link.`,
      );
}

// ---------------------------------------------------------------------------------------------
// The decision pages' words: the consent, plan-review and co-review pages and their answers

export const decisionPageWords = {
  safe: {
    id: 'Membuka halaman ini tidak mengubah apa pun. Keputusan baru tercatat setelah Anda memilih salah satu keputusan di bawah lalu menekan “Kirim keputusan”.',
    en: 'Opening this page changes nothing. A decision is recorded only when you choose one below and press “Send decision”.',
  },
  holder: { id: 'Diminta kepada', en: 'Asked of' },
  yourDecision: { id: 'Keputusan Anda', en: 'Your decision' },
  recordedTitle: { id: 'Keputusan tercatat', en: 'Decision recorded' },
  thanks: { id: 'Terima kasih', en: 'Thank you' },
  recorded: { id: 'Kami mencatat keputusan berikut', en: 'We recorded the following decision' },
  decision: { id: 'Keputusan', en: 'Decision' },
  comment: { id: 'Komentar', en: 'Comment' },
  at: { id: 'Waktu', en: 'Time' },
  close: { id: 'Anda dapat menutup halaman ini.', en: 'You may close this page.' },
} satisfies Record<string, Bilingual>;

// ---------------------------------------------------------------------------------------------
// The mails' words: the step mails of a project and of its milestones

export const mailWords = {
  doNotForward: {
    id: 'Tautan ini khusus untuk Anda; mohon jangan meneruskan email ini.',
    en: 'This link is for you alone; please do not forward this email.',
  },
  reminderOpening: {
    id: 'Ini pengingat: permintaan berikut masih menunggu tanggapan Anda. Tautannya sama dengan email sebelumnya.',
    en: 'This is a reminder: the request below is still waiting for you. The link is the same as in the earlier email.',
  },
} satisfies Record<string, Bilingual>;

/** What a reminder's or an escalation's subject starts with. */
export const kindPrefixes: Record<'reminder' | 'escalation', Bilingual> = {
  reminder: { id: 'Pengingat', en: 'Reminder' },
  escalation: { id: 'Dialihkan kepada Anda', en: 'Passed to you' },
};

/** "Reminder — milestone open for submission": a reminder's or an escalation's prefix before what was first asked. */
export function prefixed(prefix: string, what: string): string {
  return `${prefix} — ${what.charAt(0).toLowerCase()}${what.slice(1)}`;
}

/**
 * What an escalation's backup reads first: who was asked (`first`) and let the deadline pass,
 * and that their link no longer works; `backup` names the backup's role where it is not the
 * approvers' usual one.
 */
export function passedToBackup(first: string, lang: Language, backup?: Bilingual): string {
  return say(
    lang,
    `Orang yang pertama diminta pada tahap ini (${first}) belum menanggapi sebelum batas waktunya. Sebagai penyetuju cadangan${backup ? ` (${backup.id})` : ''}, kini Anda diminta menanganinya; tautan yang dikirim kepadanya tidak berlaku lagi.`,
    `The person first asked at this step (${first}) did not respond before the deadline. As the backup${backup ? ` (${backup.en})` : ' approver'}, you are now asked to take it over; the link sent to them no longer works.`,
  );
}
