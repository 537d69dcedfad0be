import { normalizedEmail } from '../kernel/asn/official-email.js';
import type { Person } from '../kernel/config.js';
import { type Bilingual, defaultLanguage, type Language } from '../kernel/i18n.js';
import { JP_MINIMUM_PER_YEAR, jpYearOf } from '../kernel/jp/jp-ledger.js';
import { type Block, dear, mail, quoteIf, type RenderedMail, subjectLine } from '../kernel/mail/mail.js';
import { agencyContactEmail, type Fact, fieldLabels, label, roleLabel } from '../kernel/pages/labels.js';
import type { StepMailKind } from '../kernel/steps/human-step.js';
import { formatDate, formatDateTime } from '../kernel/time.js';
import { type LogbookSummary, logbookFacts } from './logbook.js';
import {
  coReviewOutcome,
  ESCALATE_OVERDUE_AFTER_DAYS,
  escalateOverdueAt,
  MAX_CO_REVIEWED_ROUNDS,
  overdueFrom,
  type Reminder,
  type ReviewDecisions,
  reviewComments,
  roundLimitReached,
} from './milestone-rules.js';
import { outputFacts } from './outputs.js';
import { milestoneKindLabels, reviewRuleLabels } from './research.schema.js';
import { overdueLabel, projectEventLabels, researchStepLabels } from './research-labels.js';
import type { MilestoneRecord, MilestoneReview, MilestoneReviewer, ProjectRecord, ProjectWithTeam, ResearchStepLink } from './research-records.js';
import {
  coReviewDecisionLabel,
  decisionActions,
  jpText,
  kindPrefixes,
  mailWords,
  milestoneFacts,
  milestoneFieldLabels,
  passedToBackup,
  prefixed,
  projectFacts,
  projectFieldLabels,
  researchWords,
  reviewerInSentence,
  reviewerLabels,
  reviewRuleExplained,
} from './research-words.js';

export type { RenderedMail } from '../kernel/mail/mail.js';

/**
 * The mails of a milestone's cycle: to the lead when it opens (or comes back for a revision),
 * as its due date nears and once it is overdue; to the coordinator, the head of agency and the
 * partner's contact when it is late; to each reviewer when it is submitted; to the lead when it
 * is approved or closed as not accepted; and to the members and the partner's contact when the
 * project is completed. Each is written in its reader's language; a subject names the milestone
 * by its title and the project by its own. The words and facts they share with the pages and
 * the project's mails come from research-words.
 */

const labels = {
  submit: { id: 'Buka halaman pengiriman tahap', en: 'Open the submission page' },
  review: { id: 'Buka halaman tinjauan', en: 'Open the review page' },
  submission: { id: 'Pengiriman terakhir', en: 'The latest submission' },
  submittedAt: { id: 'Dikirim pada', en: 'Submitted on' },
  submittedBy: { id: 'Dikirim oleh', en: 'Submitted by' },
  summary: { id: 'Ringkasan dari ketua peneliti', en: "The lead's summary" },
  yourRole: { id: 'Peran Anda', en: 'Your role' },
  otherReviewer: { id: 'Peninjau lain', en: 'The other reviewer' },
  overdueSince: { id: 'Terlambat sejak', en: 'Overdue since' },
  coordinatorReason: { id: 'Alasan koordinator BKPSDM', en: "The BKPSDM coordinator's reason" },
  jpCredited: { id: 'JP yang dicatat', en: 'JP credited' },
  jpYear: { id: 'Tahun pencatatan', en: 'Year credited' },
  soleDecision: { id: 'Diputuskan oleh koordinator BKPSDM sendiri', en: 'Decided by the BKPSDM coordinator alone' },
} satisfies Record<string, Bilingual>;

/** What a quoted review is headed with. */
const reviewerCommentLabels: Record<MilestoneReviewer, Bilingual> = {
  coordinator: { id: 'Komentar koordinator BKPSDM', en: "The BKPSDM coordinator's comment" },
  coReviewer: { id: 'Komentar peninjau dari perguruan tinggi', en: "The university's co-reviewer's comment" },
};

/** `[Sinergi] Prefix: milestone title (project title)`. */
function milestoneSubject(prefix: string, milestone: MilestoneRecord, project: ProjectRecord): string {
  return subjectLine(prefix, milestone.title, project.data.title);
}

/** The lead, as their mails greet them and the others name them. */
function leadOf(project: ProjectRecord): Person & { language: Language } {
  return { ...project.data.lead, language: project.data.language };
}

/** "20 Maret 2027", with the date it was extended from when an extension moved it. */
function dueText(milestone: MilestoneRecord, lang: Language): string {
  const due = formatDate(milestone.dueDate, lang);
  const first = (milestone.extensions ?? []).find((e) => e.status === 'APPROVED');
  if (!first || first.previousDueDate === milestone.dueDate) return due;
  return lang === 'id'
    ? `${due} (diperpanjang dari ${formatDate(first.previousDueDate, lang)})`
    : `${due} (extended from ${formatDate(first.previousDueDate, lang)})`;
}

/** When a milestone became (or becomes) overdue: 00:00 WIB the day after its due date. */
function overdueText(milestone: MilestoneRecord, lang: Language): string {
  return formatDateTime(overdueFrom(milestone.dueDate), lang);
}

/** What a mail about a late milestone is written from; `language` is its reader's, where the caller knows it. */
interface LateMilestoneMail {
  project: ProjectRecord;
  milestone: MilestoneRecord;
  language?: Language;
}

/** A late milestone's dates as its mails tell them: when it was due, and since when it is overdue. */
function lateDates(milestone: MilestoneRecord, lang: Language): { due: string; since: string } {
  return { due: formatDate(milestone.dueDate, lang), since: overdueText(milestone, lang) };
}

/** Which milestone it is: its number among the project's, title, kind and due date, and its round where it matters. */
function milestoneRecordFacts(milestone: MilestoneRecord, project: ProjectRecord, lang: Language, more: { round?: string } = {}): Fact[] {
  const l = projectFieldLabels;
  const total = project.data.milestones.length;
  return [
    { label: l.milestone[lang], value: total > 0 ? `${milestone.number} ${lang === 'id' ? 'dari' : 'of'} ${total}` : String(milestone.number) },
    { label: l.milestoneTitle[lang], value: milestone.title },
    { label: l.kind[lang], value: label(milestoneKindLabels, milestone.kind, lang) },
    { label: l.dueDate[lang], value: dueText(milestone, lang) },
    ...(more.round ? [{ label: l.round[lang], value: more.round }] : []),
  ];
}

/** The milestone, then its project: the facts every milestone mail opens with. */
function contextBlocks(milestone: MilestoneRecord, project: ProjectRecord, lang: Language, more: { round?: string } = {}): Block[] {
  return [
    { kind: 'facts', facts: milestoneRecordFacts(milestone, project, lang, more) },
    { kind: 'p', strong: true, text: researchWords.project[lang] },
    { kind: 'facts', facts: projectFacts(project, lang) },
  ];
}

interface RoundComment {
  reviewer: MilestoneReviewer;
  comment: string;
  by?: string;
}

/**
 * The reviewers' comments of one round that go to the lead, earliest first: those of the two
 * reviews as the rule combines them (`reviewComments`: with `any`, the deciding one's only),
 * then the coordinator's when they decided alone.
 */
function roundComments(milestone: MilestoneRecord, round: number): RoundComment[] {
  const ofRound = (milestone.reviews ?? []).filter((review) => review.round === round);
  const coReviews = ofRound.filter((review) => !review.sole);
  const decisions = decisionsOf(coReviews);
  const byName = (reviewer: MilestoneReviewer) => coReviews.find((review) => review.reviewer === reviewer)?.by?.name;
  const combined = reviewComments(milestone.review, decisions).map(({ reviewer, comment }) => ({ reviewer, comment, by: byName(reviewer) }));
  const sole = ofRound.flatMap((review) =>
    review.sole && review.comment?.trim() ? [{ reviewer: review.reviewer, comment: review.comment.trim(), by: review.by?.name }] : [],
  );
  return [...combined, ...sole];
}

/** A round's two reviews as the rules combine them: each reviewer's first decision, or that their step ran out. */
function decisionsOf(coReviews: readonly MilestoneReview[]): ReviewDecisions {
  const decisions: ReviewDecisions = {};
  for (const review of coReviews) {
    if (decisions[review.reviewer] !== undefined) continue;
    if (review.action === 'expired') decisions[review.reviewer] = 'expired';
    else if (review.action === 'approve' || review.action === 'revise')
      decisions[review.reviewer] = { action: review.action, comment: review.comment, at: review.at };
  }
  return decisions;
}

function commentBlocks(comments: readonly RoundComment[], lang: Language): Block[] {
  return comments.flatMap(({ reviewer, comment, by }) => quoteIf(`${reviewerCommentLabels[reviewer][lang]}${by ? ` (${by})` : ''}`, comment));
}

/** What the lead sends for a milestone: a summary (the logbook comes by itself), and for a final report or an output, the outputs too. */
function whatToSend(milestone: MilestoneRecord, lang: Language): Block[] {
  const id = lang === 'id';
  const outputs = milestone.kind === 'final' || milestone.kind === 'output';
  return [
    {
      kind: 'p',
      text: id
        ? 'Yang perlu dikirim: ringkasan pekerjaan yang telah dilakukan pada tahap ini. Catatan logbook anggota sejak tahap sebelumnya dilampirkan secara otomatis, jadi tidak perlu disalin.'
        : "What to send: a summary of the work done for this milestone. The members' logbook entries since the last milestone are attached automatically, so there is no need to copy them.",
    },
    ...(outputs
      ? [
          {
            kind: 'p',
            text: id
              ? 'Untuk tahap ini sertakan juga luarannya: hasil penelitian (misalnya laporan, publikasi, atau ringkasan kebijakan) beserta tautan tempat setiap luaran dapat dibaca.'
              : 'For this milestone, also include its outputs: what the research produced (a report, a publication, a policy brief…), with a link where each can be read.',
          } satisfies Block,
        ]
      : []),
  ];
}

/** How the submission page works: drafts, lateness and extensions. */
function howToSubmit(milestone: MilestoneRecord, lang: Language): Block[] {
  const id = lang === 'id';
  return [
    {
      kind: 'note',
      text: id
        ? 'Tautan ini dapat dibuka berkali-kali: “Simpan draf” menyimpan isian Anda tanpa mengirimnya, sehingga dapat dilanjutkan kapan saja, dan tahap ini baru dikirim kepada peninjau saat Anda menekan “Kirim tahap”.'
        : 'You can open this link as many times as you need: “Save draft” keeps what you wrote without sending it, so you can go on later, and the milestone goes to the reviewers only when you press “Send the milestone”.',
    },
    {
      kind: 'p',
      text: id
        ? `Mohon kirim paling lambat pada tanggal tenggat. Pengiriman setelah tenggat (mulai ${overdueText(milestone, lang)}) tetap diterima, tetapi halaman itu akan menanyakan alasan keterlambatannya, yang dibaca kedua peninjau.`
        : `Please send it by the due date. A submission after it (from ${overdueText(milestone, lang)}) is still accepted, but the page will ask you for the reason for the delay, which both reviewers read.`,
    },
    {
      kind: 'p',
      text: id
        ? 'Bila memerlukan waktu lebih, Anda dapat meminta perpanjangan tenggat di halaman yang sama sebelum mengirim; koordinator BKPSDM memutuskannya.'
        : 'If you need more time, you can ask for an extension of the due date on the same page, before you send; the BKPSDM coordinator decides on it.',
    },
  ];
}

// ---------------------------------------------------------------------------------------------

const requestSubjects = {
  open: { id: 'Tahap dibuka untuk pengiriman', en: 'Milestone open for submission' },
  revision: { id: 'Tahap perlu revisi', en: 'Milestone revision requested' },
  overdue: { id: 'Tahap melewati tenggat', en: 'Milestone overdue' },
} satisfies Record<string, Bilingual>;

/** What a mail of a milestone's human step (its submission, a co-review) is written from, and which of its mails it is. */
interface MilestoneStepMail {
  project: ProjectRecord;
  milestone: MilestoneRecord;
  link: ResearchStepLink;
  url: string;
  kind: StepMailKind;
  /** The team's logbook since the last approved milestone, which goes with a submission to its reviewers. */
  logbook?: LogbookSummary;
}

/**
 * To the lead (`link.holder`), when a milestone opens for submission or comes back for a
 * revision (`milestone.round > 1`, quoting the reviewers' comments of the round before): what
 * to send, by when, and the submission link, which can be opened many times. `request` is the
 * first mail, `reminder` sends the same link again, and `escalation` is the milestone step's
 * next attempt once the due date has passed: the milestone is overdue, and the link in this
 * mail still takes it, with a reason for the delay.
 */
export function milestoneRequestEmail(args: MilestoneStepMail): RenderedMail {
  const { project, milestone, link, url, kind } = args;
  const lang = link.holder.language;
  const id = lang === 'id';
  const revision = milestone.round > 1;
  const due = formatDate(milestone.dueDate, lang);
  const kindLabel = label(milestoneKindLabels, milestone.kind, lang);

  const opening: Record<StepMailKind, string[]> = {
    request: [],
    reminder: [mailWords.reminderOpening[lang]],
    escalation: [
      id
        ? `Tenggat tahap berikut (${due}) sudah lewat tanpa pengiriman, sehingga tahap ini kini tercatat terlambat. Anda masih dapat mengirimnya melalui tautan di email ini; halaman itu akan menanyakan alasan keterlambatannya.`
        : `The due date of the milestone below (${due}) has passed without a submission, so it is now marked overdue. You can still send it through the link in this email; the page will ask you for the reason for the delay.`,
    ],
  };

  const comments = revision ? roundComments(milestone, milestone.round - 1) : [];
  const ask: Block[] = revision
    ? [
        {
          kind: 'p',
          text: id
            ? `Para peninjau mengembalikan tahap “${milestone.title}” (${kindLabel}) dari proyek “${project.data.title}” untuk direvisi. Mohon perbaiki lalu kirim kembali melalui tautan di bawah.`
            : `The reviewers sent the milestone “${milestone.title}” (${kindLabel}) of the project “${project.data.title}” back for a revision. Please revise it and send it again through the link below.`,
        },
        ...commentBlocks(comments, lang),
        {
          kind: 'p',
          text: id
            ? 'Versi yang dikirim sebelumnya beserta tinjauannya tetap dapat dibaca di halaman pengiriman.'
            : 'The versions sent before, and their reviews, stay readable on the submission page.',
        },
      ]
    : [
        {
          kind: 'p',
          text: id
            ? `Tahap “${milestone.title}” (${kindLabel}) dari proyek “${project.data.title}” kini dibuka untuk pengiriman, dengan tenggat ${due}.`
            : `The milestone “${milestone.title}” (${kindLabel}) of the project “${project.data.title}” is now open for submission; it is due on ${due}.`,
        },
      ];

  const round = revision ? `${milestone.round} (${id ? 'revisi' : 'revision'})` : undefined;
  const blocks: Block[] = [
    ...opening[kind].map((text): Block => ({ kind: 'p', text })),
    ...ask,
    ...contextBlocks(milestone, project, lang, { round }),
    ...whatToSend(milestone, lang),
    { kind: 'link', label: labels.submit[lang], url, primary: true },
    ...howToSubmit(milestone, lang),
    { kind: 'p', text: mailWords.doNotForward[lang] },
  ];

  const what = (revision ? requestSubjects.revision : requestSubjects.open)[lang];
  const prefix = kind === 'request' ? what : prefixed(kind === 'reminder' ? kindPrefixes.reminder[lang] : overdueLabel[lang], what);
  return mail(lang, milestoneSubject(prefix, milestone, project), dear(link.holder.name, lang), blocks);
}

/** The reminders' days before the due date, as `REMINDER_DAYS_BEFORE` lists them. */
export type ReminderDaysBefore = Reminder['daysBefore'];

/** "dalam 14 hari" / "in 14 days", "besok" / "tomorrow", "hari ini" / "today". */
function dueIn(daysBefore: ReminderDaysBefore, lang: Language): string {
  if (daysBefore === 0) return lang === 'id' ? 'hari ini' : 'today';
  if (daysBefore === 1) return lang === 'id' ? 'besok' : 'tomorrow';
  return lang === 'id' ? `${daysBefore} hari lagi` : `in ${daysBefore} days`;
}

/**
 * To the lead, `daysBefore` days before a milestone is due (14, 7, 3, 1, and 0 on the due date
 * itself), with the same submission link the opening mail carried.
 */
export function milestoneReminderEmail(args: {
  project: ProjectRecord;
  milestone: MilestoneRecord;
  url: string;
  daysBefore: ReminderDaysBefore;
}): RenderedMail {
  const { project, milestone, url, daysBefore } = args;
  const lead = leadOf(project);
  const lang = lead.language;
  const id = lang === 'id';
  const due = formatDate(milestone.dueDate, lang);
  const when = dueIn(daysBefore, lang);
  const line =
    daysBefore === 0
      ? id
        ? `Tenggat tahap “${milestone.title}” adalah hari ini, ${due}. Tahap ini masih dapat dikirim tanpa terlambat sampai akhir hari ini; mulai ${overdueText(milestone, lang)} tahap ini tercatat terlambat.`
        : `The milestone “${milestone.title}” is due today, ${due}. It can still be sent on time until the end of today; from ${overdueText(milestone, lang)} it is marked overdue.`
      : daysBefore === 1
        ? id
          ? `Tenggat tahap “${milestone.title}” adalah besok, ${due}, dan tahap ini belum dikirim.`
          : `The milestone “${milestone.title}” is due tomorrow, ${due}, and has not been sent yet.`
        : id
          ? `Tenggat tahap “${milestone.title}” tinggal ${daysBefore} hari lagi, yaitu ${due}, dan tahap ini belum dikirim.`
          : `The milestone “${milestone.title}” is due in ${daysBefore} days, on ${due}, and has not been sent yet.`;
  const blocks: Block[] = [
    { kind: 'p', strong: true, text: line },
    ...contextBlocks(milestone, project, lang),
    ...whatToSend(milestone, lang),
    { kind: 'link', label: labels.submit[lang], url, primary: true },
    ...howToSubmit(milestone, lang),
    {
      kind: 'p',
      text: id
        ? `${mailWords.doNotForward.id} Tautannya sama dengan email pembukaan tahap ini.`
        : `${mailWords.doNotForward.en} It is the same link as in the mail that opened this milestone.`,
    },
  ];
  const subject = id ? `Pengingat — tenggat tahap ${when}` : `Reminder — milestone due ${when}`;
  return mail(lang, milestoneSubject(subject, milestone, project), dear(lead.name, lang), blocks);
}

/**
 * From 00:00 WIB the day after its due date, while not submitted: to the lead, that the
 * milestone is overdue and can still be sent (with `url` when given, else through the link of
 * the earlier mail), a reason for the delay being asked; to the coordinator, that it is
 * overdue, with no link (they follow it on the coordinators' API). `language` is the lead's
 * (`project.data.language`) unless given, and Indonesian for the coordinator.
 */
export function milestoneOverdueEmail(args: LateMilestoneMail & { url?: string; to: 'lead' | 'coordinator' }): RenderedMail {
  const { project, milestone, url, to } = args;
  const lang = args.language ?? (to === 'lead' ? project.data.language : defaultLanguage);
  const id = lang === 'id';
  const { due, since } = lateDates(milestone, lang);
  const escalation = formatDateTime(escalateOverdueAt(milestone.dueDate), lang);
  const lead = project.data.lead;
  const overdueFact: Fact = { label: labels.overdueSince[lang], value: since };
  // A milestone sent back for a revision can pass its due date too: then it is the revision that is late.
  const revision = milestone.round > 1;

  const blocks: Block[] =
    to === 'lead'
      ? [
          {
            kind: 'p',
            strong: true,
            text: id
              ? `Tenggat tahap “${milestone.title}” (${due}) sudah lewat dan ${revision ? 'revisinya' : 'tahap ini'} belum dikirim, sehingga sejak ${since} tahap ini tercatat terlambat.`
              : `The milestone “${milestone.title}” was due on ${due} and ${revision ? 'its revision' : 'it'} has not been sent, so since ${since} it is marked overdue.`,
          },
          ...contextBlocks(milestone, project, lang),
          { kind: 'facts', facts: [overdueFact] },
          {
            kind: 'p',
            text: id
              ? `Tahap ini masih dapat dikirim${url ? ' melalui tautan di bawah' : ' melalui tautan pada email pembukaan tahap ini'}; halaman itu akan menanyakan alasan keterlambatannya.`
              : `You can still send it${url ? ' through the link below' : ' through the link in the mail that opened this milestone'}; the page will ask you for the reason for the delay.`,
          },
          ...(url ? [{ kind: 'link', label: labels.submit[lang], url, primary: true } satisfies Block] : []),
          {
            kind: 'p',
            text: id
              ? `Bila tahap ini belum dikirim pada ${escalation}, Kepala Badan dan narahubung mitra diberi tahu tentang keterlambatannya.`
              : `If it has still not been sent by ${escalation}, the head of agency and the partner's contact are told that it is late.`,
          },
          ...(url ? [{ kind: 'p', text: mailWords.doNotForward[lang] } satisfies Block] : []),
        ]
      : [
          {
            kind: 'p',
            text: id
              ? `Tahap berikut belum dikirim oleh ketua peneliti, ${lead.name} (${lead.email}), dan sejak ${since} tercatat terlambat. Ketua peneliti sudah diberi tahu dan masih dapat mengirimnya, dengan alasan keterlambatan.`
              : `The lead researcher, ${lead.name} (${lead.email}), has not sent the milestone below, and since ${since} it is marked overdue. The lead has been told and can still send it, with a reason for the delay.`,
          },
          ...contextBlocks(milestone, project, lang),
          {
            kind: 'facts',
            facts: [overdueFact, { label: projectFieldLabels.projectId[lang], value: project.id }],
          },
          {
            kind: 'p',
            text: id
              ? `Bila tahap ini belum dikirim pada ${escalation}, Kepala Badan dan narahubung mitra diberi tahu. Anda dapat memantau tahap ini melalui API koordinator (GET /api/projects/${project.id}).`
              : `If it has still not been sent by ${escalation}, the head of agency and the partner's contact are told. You can follow it on the coordinators' API (GET /api/projects/${project.id}).`,
          },
        ];
  const greeting = to === 'lead' ? lead.name : roleLabel('coordinator', lang);
  return mail(lang, milestoneSubject(requestSubjects.overdue[lang], milestone, project), dear(greeting, lang), blocks);
}

/**
 * A week (ESCALATE_OVERDUE_AFTER_DAYS) after a milestone became overdue, still not submitted: to
 * the head of agency and to the partner's contact (`recipientName`), what is late since when and
 * who the lead is. No link: neither acts on the milestone. `language` is the partner's
 * (`project.partner.language`) unless given, and Indonesian for the head.
 */
export function milestoneEscalationEmail(args: LateMilestoneMail & { to: 'head' | 'partner'; recipientName: string }): RenderedMail {
  const { project, milestone, to, recipientName } = args;
  const lang = args.language ?? (to === 'partner' ? project.partner.language : defaultLanguage);
  const id = lang === 'id';
  const { due, since } = lateDates(milestone, lang);
  const lead = project.data.lead;
  const days = ESCALATE_OVERDUE_AFTER_DAYS;

  const opening =
    to === 'head'
      ? id
        ? `Tahap “${milestone.title}” dari proyek penelitian “${project.data.title}” (${project.institution}) bertenggat ${due} dan sudah terlambat ${days} hari: belum dikirim sejak ${since}. Ketua penelitinya adalah ${lead.name} (${lead.email}).`
        : `The milestone “${milestone.title}” of the research project “${project.data.title}” (${project.institution}) was due on ${due} and is ${days} days overdue: it has not been sent since ${since}. Its lead researcher is ${lead.name} (${lead.email}).`
      : id
        ? `Tahap “${milestone.title}” dari proyek penelitian Anda, “${project.data.title}”, bertenggat ${due} dan sudah terlambat ${days} hari: belum dikirim sejak ${since}. Ketua penelitinya adalah ${lead.name} (${lead.email}).`
        : `The milestone “${milestone.title}” of your research project “${project.data.title}” was due on ${due} and is ${days} days overdue: it has not been sent since ${since}. Its lead researcher is ${lead.name} (${lead.email}).`;

  const told =
    to === 'head'
      ? id
        ? 'Ketua peneliti dan koordinator BKPSDM sudah diberi tahu saat tahap ini mulai terlambat, dan narahubung mitra juga diberi tahu hari ini. Ketua peneliti masih dapat mengirimnya, dengan alasan keterlambatan.'
        : "The lead and the BKPSDM coordinator were told when the milestone became overdue, and the partner's contact is told today as well. The lead can still send it, with a reason for the delay."
      : id
        ? `Ketua peneliti sudah diberi tahu dan masih dapat mengirimnya, dengan alasan keterlambatan; Kepala BKPSDM juga diberi tahu hari ini. Mohon bantu memastikan ketua peneliti segera mengirim tahap ini. Untuk pertanyaan, hubungi koordinator BKPSDM di ${agencyContactEmail}.`
        : `The lead has been told and can still send it, with a reason for the delay; the head of BKPSDM is told today as well. Please help make sure the lead sends this milestone soon. For questions, write to the BKPSDM coordinator at ${agencyContactEmail}.`;

  const blocks: Block[] = [
    { kind: 'p', strong: true, text: opening },
    ...contextBlocks(milestone, project, lang),
    {
      kind: 'facts',
      facts: [
        { label: labels.overdueSince[lang], value: since },
        ...(to === 'head' ? [{ label: projectFieldLabels.partner[lang], value: `${project.partner.name} <${project.partner.email}>` }] : []),
      ],
    },
    { kind: 'p', text: told },
  ];
  const subject = id ? `Tahap terlambat ${days} hari` : `Milestone ${days} days overdue`;
  return mail(lang, milestoneSubject(subject, milestone, project), dear(recipientName, lang), blocks);
}

// ---------------------------------------------------------------------------------------------

/** Who was first asked at a co-review step, as the backup is told. */
function firstReviewer(reviewer: MilestoneReviewer, project: ProjectRecord, lang: Language): string {
  if (reviewer === 'coReviewer')
    return lang === 'id' ? `${project.data.coReviewer.name}, peninjau dari perguruan tinggi` : `${project.data.coReviewer.name}, the university's co-reviewer`;
  return lang === 'id' ? 'Koordinator BKPSDM' : 'the BKPSDM coordinator';
}

/** Who takes a reviewer's step over when they do not decide in time. */
const backupWords: Record<MilestoneReviewer, Bilingual> = {
  coordinator: { id: 'koordinator cadangan', en: "the coordinators' backup" },
  coReviewer: { id: 'narahubung mitra', en: "the partner's contact" },
};

/**
 * Why the coordinator decides a round alone: its two reviews asked for a revision when no
 * co-reviewed round is left (`ran-out`), or they left it undecided (`open`). Told by the
 * round's reviews; without them, by the round alone.
 */
function soleBecause(milestone: MilestoneRecord, round: number): 'ran-out' | 'open' {
  const ofRound = (milestone.reviews ?? []).filter((review) => review.round === round && !review.sole);
  if (ofRound.length === 0) return roundLimitReached(round + 1) ? 'ran-out' : 'open';
  return coReviewOutcome(milestone.review, decisionsOf(ofRound)) === 'revision' ? 'ran-out' : 'open';
}

const coReviewSubjects = {
  review: { id: 'Mohon tinjauan tahap', en: 'Review needed of a milestone' },
  sole: { id: 'Mohon keputusan atas tahap', en: 'Decision needed on a milestone' },
} satisfies Record<string, Bilingual>;

/**
 * To a reviewer of a submitted milestone (`link.holder`; `link.reviewer` says which), in their
 * language: the round, the latest submission's summary and late reason, the review rule, what
 * they can do and by when. With `link.sole` the coordinator decides alone (approve, or close
 * as not accepted), and is told why: the co-reviewed rounds ran out (MAX_CO_REVIEWED_ROUNDS),
 * or the two reviews of the round left it open. `reminder` sends the same link again;
 * `escalation` goes to the backup (the coordinators' backup for the coordinator, the partner's
 * contact for the co-reviewer) once the first holder let the deadline pass.
 */
export function coReviewRequestEmail(args: MilestoneStepMail): RenderedMail {
  const { project, milestone, link, url, kind } = args;
  const lang = link.holder.language;
  const id = lang === 'id';
  const reviewer: MilestoneReviewer = link.reviewer ?? 'coordinator';
  const sole = link.sole === true;
  const round = link.round ?? milestone.round;
  const deadline = formatDateTime(link.expiresAt, lang);
  const submission = (milestone.submissions ?? []).at(-1);
  const lead = project.data.lead;

  const opening: Record<StepMailKind, string[]> = {
    request: [],
    reminder: [mailWords.reminderOpening[lang]],
    escalation: [passedToBackup(firstReviewer(reviewer, project, lang), lang, backupWords[reviewer])],
  };

  const sent = id
    ? `${lead.name}, ketua peneliti proyek “${project.data.title}” (${project.institution}), telah mengirim tahap “${milestone.title}” (putaran ${round}).`
    : `${lead.name}, the lead researcher of the project “${project.data.title}” (${project.institution}), has sent the milestone “${milestone.title}” (round ${round}).`;
  const ask = sole
    ? id
      ? 'Mohon putuskan sendiri: setujui tahap ini, atau tutup sebagai tidak diterima. Bila menutupnya, tuliskan alasannya; alasan itu disampaikan kepada ketua peneliti.'
      : 'Please decide it alone: approve the milestone, or close it as not accepted. If you close it, please give your reason; the lead is told it.'
    : id
      ? `Mohon tinjau sebagai ${reviewerInSentence[reviewer].id}: setujui tahap ini, atau minta revisi. Permintaan revisi memerlukan komentar untuk ketua peneliti tentang apa yang perlu diubah.`
      : `Please review it as ${reviewerInSentence[reviewer].en}: approve the milestone, or ask for a revision. A revision request needs a comment telling the lead what to change.`;
  // After the last co-reviewed round a revision request is not sent back: the coordinator then decides alone.
  const lastRound =
    !sole && roundLimitReached(round + 1)
      ? id
        ? 'Ini putaran tinjauan bersama yang terakhir: bila revisi diminta, tahap tidak dikembalikan lagi kepada ketua peneliti, tetapi diputuskan oleh koordinator BKPSDM sendiri (disetujui atau ditutup sebagai tidak diterima).'
        : 'This is the last co-reviewed round: if a revision is asked for, the milestone does not go back to the lead again; the BKPSDM coordinator decides it alone (approves it or closes it as not accepted).'
      : undefined;
  const whySole =
    soleBecause(milestone, round) === 'ran-out'
      ? id
        ? `Setelah ${MAX_CO_REVIEWED_ROUNDS} putaran ditinjau bersama oleh koordinator BKPSDM dan peninjau dari perguruan tinggi, koordinator BKPSDM memutuskan putaran ini sendiri, agar tahap tidak bolak-balik tanpa akhir.`
        : `After ${MAX_CO_REVIEWED_ROUNDS} rounds reviewed by both the BKPSDM coordinator and the university's co-reviewer, the BKPSDM coordinator decides this round alone, so that a milestone cannot go back and forth without end.`
      : id
        ? 'Tinjauan kedua peninjau pada putaran ini belum menghasilkan keputusan (langkah seorang peninjau berakhir tanpa keputusan), sehingga koordinator BKPSDM memutuskannya sendiri.'
        : "The two reviews of this round left it undecided (a reviewer's step ran out without a decision), so the BKPSDM coordinator decides it alone.";

  const other: MilestoneReviewer = reviewer === 'coordinator' ? 'coReviewer' : 'coordinator';
  const stepFacts: Fact[] = [
    { label: fieldLabels.step[lang], value: researchStepLabels['co-review'][lang] },
    { label: labels.yourRole[lang], value: reviewerLabels[sole ? 'coordinator' : reviewer][lang] },
    ...(sole ? [] : [{ label: labels.otherReviewer[lang], value: other === 'coReviewer' ? project.data.coReviewer.name : reviewerLabels.coordinator[lang] }]),
    {
      label: projectFieldLabels.review[lang],
      value: sole ? labels.soleDecision[lang] : label(reviewRuleLabels, milestone.review, lang),
    },
    {
      label: fieldLabels.round[lang],
      value: sole
        ? String(round)
        : `${round} ${id ? `(dari paling banyak ${MAX_CO_REVIEWED_ROUNDS} putaran tinjauan bersama)` : `(of at most ${MAX_CO_REVIEWED_ROUNDS} co-reviewed rounds)`}`,
    },
    { label: fieldLabels.deadline[lang], value: deadline },
  ];

  const submissionBlocks: Block[] = submission
    ? [
        { kind: 'p', strong: true, text: labels.submission[lang] },
        {
          kind: 'facts',
          facts: [
            { label: labels.submittedAt[lang], value: formatDateTime(submission.submittedAt, lang) },
            { label: labels.submittedBy[lang], value: submission.by.name },
          ],
        },
        ...quoteIf(labels.summary[lang], submission.summary),
        ...quoteIf(milestoneFieldLabels.lateReason[lang], submission.lateReason),
        ...(submission.outputs?.length ? [{ kind: 'facts' as const, facts: outputFacts(submission.outputs, lang) }] : []),
        ...(args.logbook ? [{ kind: 'facts' as const, facts: logbookFacts(args.logbook, lang) }] : []),
      ]
    : [];

  const choices = decisionActions(link)
    .map((action) => coReviewDecisionLabel(action)[lang])
    .join(', ');
  const passedOn =
    link.attempt === 'primary'
      ? id
        ? ` Bila belum ada keputusan saat itu, permintaan ini dialihkan kepada ${backupWords[reviewer].id}.`
        : ` If there is no decision by then, the request passes to ${backupWords[reviewer].en}.`
      : '';

  const blocks: Block[] = [
    ...opening[kind].map((text): Block => ({ kind: 'p', text })),
    { kind: 'p', text: sent },
    { kind: 'p', text: ask },
    ...(sole ? [{ kind: 'p', text: whySole } satisfies Block] : []),
    { kind: 'facts', facts: stepFacts },
    ...contextBlocks(milestone, project, lang),
    ...submissionBlocks,
    ...(sole ? [] : [{ kind: 'p', text: reviewRuleExplained(milestone.review, reviewer, project, lang) } satisfies Block]),
    ...(lastRound ? [{ kind: 'p', text: lastRound } satisfies Block] : []),
    { kind: 'link', label: labels.review[lang], url, primary: true },
    {
      kind: 'note',
      text: id
        ? `Membuka tautan ini belum mengubah apa pun: halaman itu menampilkan kiriman selengkapnya beserta putaran sebelumnya, dan keputusan Anda baru tercatat saat Anda memilihnya di halaman itu (${choices}) lalu menekan “Kirim keputusan”.`
        : `Opening this link changes nothing: the page shows the whole submission and the earlier rounds, and your decision is recorded only when you choose it on that page (${choices}) and press “Send decision”.`,
    },
    { kind: 'p', text: `${id ? `Mohon putuskan sebelum ${deadline}.` : `Please decide before ${deadline}.`}${passedOn}` },
    { kind: 'p', text: mailWords.doNotForward[lang] },
  ];

  const what = (sole ? coReviewSubjects.sole : coReviewSubjects.review)[lang];
  const prefix = kind === 'request' ? what : prefixed(kindPrefixes[kind][lang], what);
  return mail(lang, milestoneSubject(prefix, milestone, project), dear(link.holder.name, lang), blocks);
}

// ---------------------------------------------------------------------------------------------

/**
 * To the lead: the milestone was approved, with the reviewers' comments of its last round. When
 * it is the final report, the project is completed and the members' JP are recorded; otherwise
 * the next milestone's link comes by mail when it opens.
 */
export function milestoneApprovedEmail(args: { project: ProjectRecord; milestone: MilestoneRecord }): RenderedMail {
  const { project, milestone } = args;
  const lead = leadOf(project);
  const lang = lead.language;
  const id = lang === 'id';
  const final = milestone.kind === 'final';
  const next = project.data.milestones[milestone.number];
  const comments = commentBlocks(roundComments(milestone, milestone.round), lang);

  const after: Block[] = final
    ? [
        {
          kind: 'p',
          strong: true,
          text: id
            ? 'Ini laporan akhir proyek: dengan disetujuinya, proyek penelitian ini selesai, dan JP anggota ASN dicatat dalam catatan JP mereka. Setiap anggota menerima email tentang JP yang dicatat untuknya.'
            : "This is the project's final report: with its approval the research project is completed, and the ASN members' JP are recorded in their JP record. Each member receives an email about the JP credited to them.",
        },
        {
          kind: 'p',
          text: id ? 'Terima kasih atas kerja sama Anda dalam penelitian ini.' : 'Thank you for your work on this research.',
        },
      ]
    : [
        {
          kind: 'p',
          text: next
            ? id
              ? `Tahap berikutnya, “${next.title}” (tenggat ${formatDate(next.dueDate, lang)}), dibuka menjelang tenggatnya; tautan pengirimannya dikirim kepada Anda melalui email saat itu.`
              : `The next milestone, “${next.title}” (due ${formatDate(next.dueDate, lang)}), opens ahead of its due date; its submission link is emailed to you then.`
            : id
              ? 'Tahap berikutnya dibuka menjelang tenggatnya; tautan pengirimannya dikirim kepada Anda melalui email saat itu.'
              : 'The next milestone opens ahead of its due date; its submission link is emailed to you then.',
        },
      ];

  const blocks: Block[] = [
    {
      kind: 'p',
      text: id
        ? `Tahap “${milestone.title}” dari proyek “${project.data.title}” telah disetujui${milestone.approvedAt ? ` pada ${formatDateTime(milestone.approvedAt, lang)}` : ''}.`
        : `The milestone “${milestone.title}” of the project “${project.data.title}” was approved${milestone.approvedAt ? ` on ${formatDateTime(milestone.approvedAt, lang)}` : ''}.`,
    },
    ...contextBlocks(milestone, project, lang, { round: milestone.round > 0 ? String(milestone.round) : undefined }),
    ...comments,
    ...after,
  ];
  const subject = final
    ? id
      ? 'Laporan akhir disetujui — proyek selesai'
      : 'Final report approved — project completed'
    : projectEventLabels['milestone-approved'][lang];
  return mail(lang, milestoneSubject(subject, milestone, project), dear(lead.name, lang), blocks);
}

/**
 * To the lead: after the review rounds, the coordinator closed the milestone as not accepted,
 * with their reason (`comment`).
 */
export function milestoneNotAcceptedEmail(args: { project: ProjectRecord; milestone: MilestoneRecord; comment?: string }): RenderedMail {
  const { project, milestone, comment } = args;
  const lead = leadOf(project);
  const lang = lead.language;
  const id = lang === 'id';
  const blocks: Block[] = [
    {
      kind: 'p',
      text: id
        ? `Dengan menyesal kami sampaikan bahwa setelah putaran-putaran tinjauannya, koordinator BKPSDM menutup tahap “${milestone.title}” dari proyek “${project.data.title}” sebagai tidak diterima.`
        : `We are sorry to tell you that after its review rounds, the BKPSDM coordinator closed the milestone “${milestone.title}” of the project “${project.data.title}” as not accepted.`,
    },
    ...quoteIf(labels.coordinatorReason[lang], comment),
    ...contextBlocks(milestone, project, lang, { round: milestone.round > 0 ? String(milestone.round) : undefined }),
    ...(milestone.kind === 'final'
      ? [
          {
            kind: 'p',
            text: id
              ? 'JP anggota ASN hanya dicatat setelah laporan akhir disetujui.'
              : "The ASN members' JP are credited only once a final report is approved.",
          } satisfies Block,
        ]
      : []),
    {
      kind: 'p',
      text: id
        ? `Versi yang dikirim dan tinjauannya tetap tercatat. Untuk pertanyaan tentang kelanjutan proyek, hubungi koordinator BKPSDM di ${agencyContactEmail}.`
        : `The versions you sent and their reviews stay on record. For questions about how the project goes on, write to the BKPSDM coordinator at ${agencyContactEmail}.`,
    },
  ];
  return mail(lang, milestoneSubject(projectEventLabels['milestone-not-accepted'][lang], milestone, project), dear(lead.name, lang), blocks);
}

/**
 * The project is COMPLETED (its final report approved): to each remaining member (`role:
 * 'member'`), the `jpHours` credited to them for `year` in the JP record, which count toward the
 * yearly JP_MINIMUM_PER_YEAR a PNS is owed; and to the partner's contact (`role: 'partner'`),
 * thanks, with the project's milestones. A member's hours are looked up on the team by their
 * address when not given; the year is the one the project ends in (`jpYearOf`) when not given.
 */
export function projectCompletedEmail(args: {
  project: ProjectWithTeam;
  to: Person & { language: Language };
  role: 'member' | 'partner';
  jpHours?: number;
  year?: number;
}): RenderedMail {
  const { project, to, role } = args;
  const lang = to.language;
  const id = lang === 'id';
  const year = args.year ?? jpYearOf(project.data);
  const member = role === 'member' ? (project.members ?? []).find((m) => normalizedEmail(m.email) === normalizedEmail(to.email)) : undefined;
  const jpHours = args.jpHours ?? member?.jpHours;
  const milestoneList: Block[] = [
    { kind: 'p', strong: true, text: researchWords.milestones[lang] },
    { kind: 'facts', facts: milestoneFacts(project.data.milestones, lang, { review: false }) },
  ];

  const forRole: Block[] =
    role === 'member'
      ? [
          {
            kind: 'p',
            text: id
              ? `Proyek penelitian “${project.data.title}” telah selesai: laporan akhirnya disetujui. Terima kasih atas keikutsertaan Anda.`
              : `The research project “${project.data.title}” is completed: its final report was approved. Thank you for taking part.`,
          },
          {
            kind: 'p',
            strong: true,
            text:
              jpHours === undefined
                ? id
                  ? `JP pengembangan kompetensi Anda dari proyek ini dicatat untuk tahun ${year} dalam catatan JP Anda.`
                  : `Your JP of competency development from this project are credited to you for ${year} in your JP record.`
                : id
                  ? `${jpText(jpHours)} pengembangan kompetensi dicatat untuk Anda pada tahun ${year} dalam catatan JP Anda.`
                  : `${jpText(jpHours)} of competency development are credited to you for ${year} in your JP record.`,
          },
          ...(jpHours === undefined
            ? []
            : [
                {
                  kind: 'facts',
                  facts: [
                    { label: labels.jpCredited[lang], value: jpText(jpHours) },
                    { label: labels.jpYear[lang], value: String(year) },
                  ],
                } satisfies Block,
              ]),
          ...(member?.employmentType === 'PPPK'
            ? []
            : [
                {
                  kind: 'p',
                  text: id
                    ? `JP ini dihitung dalam pengembangan kompetensi minimal ${jpText(JP_MINIMUM_PER_YEAR)} per tahun yang menjadi hak setiap PNS.`
                    : `They count toward the minimum of ${jpText(JP_MINIMUM_PER_YEAR)} of competency development a year every PNS is owed.`,
                } satisfies Block,
              ]),
        ]
      : [
          {
            kind: 'p',
            text: id
              ? `Terima kasih. Proyek penelitian “${project.data.title}” beserta seluruh tahapnya telah selesai: laporan akhirnya disetujui, dan JP anggota ASN telah dicatat.`
              : `Thank you. The research project “${project.data.title}” and all its milestones are complete: its final report was approved, and the ASN members' JP have been recorded.`,
          },
          {
            kind: 'p',
            text: id
              ? `Kami berterima kasih atas kerja sama ${project.institution} dengan BKPSDM Kota Surakarta, dan menantikan kerja sama berikutnya.`
              : `We thank ${project.institution} for working with BKPSDM Kota Surakarta, and look forward to the next collaboration.`,
          },
        ];

  const blocks: Block[] = [...forRole, { kind: 'facts', facts: projectFacts(project, lang) }, ...milestoneList];
  const subject =
    role === 'member' && jpHours !== undefined
      ? id
        ? `Proyek selesai — ${jpText(jpHours)} dicatat`
        : `Project completed — ${jpText(jpHours)} credited`
      : projectEventLabels.completed[lang];
  return mail(lang, subjectLine(subject, project.data.title, project.institution), dear(to.name, lang), blocks);
}
