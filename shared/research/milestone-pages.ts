import type { FieldIssue } from '../kernel/errors.js';
import type { Bilingual, Language } from '../kernel/i18n.js';
import { html, join, type SafeHtml } from '../kernel/pages/html.js';
import { type Fact, fieldLabels, label, recordedActionLabels } from '../kernel/pages/labels.js';
import { layout } from '../kernel/pages/layout.js';
import {
  badge,
  calendarDate,
  type FormContext,
  factList,
  hiddenInput,
  issueSummary,
  issuesByExactField,
  localized,
  rowFieldKey,
  t,
  textArea,
  time,
  trustedText,
} from '../kernel/pages/page-kit.js';
import { logbookFacts } from './logbook.js';
import { MAX_CO_REVIEWED_ROUNDS, roundLimitReached } from './milestone-rules.js';
import { outputFieldTitles, outputList, outputRows } from './output-pages.js';
import { outputFieldLabels, rowValues, takesOutputs } from './outputs.js';
import { milestoneKindLabels, type ReviewRule, reviewRuleLabels } from './research.schema.js';
import { milestoneStatusLabels, overdueLabel, researchStepLabels } from './research-labels.js';
import { decisionDonePage, decisionForm } from './research-pages.js';
import type {
  MilestoneRecord,
  MilestoneReview,
  MilestoneReviewer,
  MilestoneSubmission,
  ProjectWithTeam,
  ResearchAction,
  ResearchOutcome,
  ResearchStepLink,
} from './research-records.js';
import {
  commentHint,
  coReviewDecisionLabel,
  decisionActions,
  decisionPageWords,
  milestoneFieldLabels,
  projectFacts,
  projectFieldLabels,
  researchWords,
  reviewerInSentence,
  reviewerLabels,
  reviewRuleExplained,
  say,
} from './research-words.js';
import type { CoReviewView, MilestonePageView, MilestoneView } from './views.js';

/**
 * The pages of a milestone's cycle: the lead's page for sending a milestone (`/milestones/{token}`),
 * with a draft kept until it is sent, and the reviewers' co-review decision page
 * (`/decide/{token}`), each with the answer to its POST. Like every page, a GET changes nothing;
 * every text a person typed or a record holds goes into html`…` as a value and is escaped there.
 * The words these pages share with the consent and plan-review pages and with the mails are
 * research-words'.
 */

// What other modules have imported from here, now held by research-words.
export { coReviewDecisionLabels, milestoneFieldLabels } from './research-words.js';

// ---------------------------------------------------------------------------------------------
// Words

/** The two buttons of the lead's form, sent as `intent`: keep the text, or send the milestone. */
export const MILESTONE_INTENTS = ['draft', 'submit'] as const;
export type MilestoneIntent = (typeof MILESTONE_INTENTS)[number];

/** The longest summary and reason the form lets through; the server's schema decides. */
const SUMMARY_MAX = 10_000;
const LATE_REASON_MAX = 2000;

/** A reviewer's decision in a round, as the histories name it; a step that ran out, and a milestone closed. */
function reviewActionLabel(action: MilestoneReview['action'], lang: Language): string {
  if (action === 'expired') return say(lang, 'Tidak memberi keputusan sebelum batas waktu', 'No decision before the deadline');
  return action === 'reject' ? t(milestoneStatusLabels.NOT_ACCEPTED, lang) : label(recordedActionLabels, action, lang);
}

// Plain words only at the top level (no reads of other modules' objects), so a bundle that
// imports this module for a name or two keeps none of its words.
const words = {
  revisionRound: { id: 'putaran revisi', en: 'a revision round' },
  submittedAt: { id: 'Dikirim pada', en: 'Sent on' },
  submittedBy: { id: 'Dikirim oleh', en: 'Sent by' },
} satisfies Record<string, Bilingual>;

/** "Tahap 2: Kemajuan survei". */
const milestoneName = (m: Pick<MilestoneView, 'number' | 'title'>, lang: Language) => `${t(projectFieldLabels.milestone, lang)} ${m.number}: ${m.title}`;

/** The overdue mark beside a status, as the timeline shows it. */
function overdueMark(overdue: boolean, lang: Language): SafeHtml {
  return html`${overdue && html` <strong class="badge overdue error">${t(overdueLabel, lang)}</strong>`}`;
}

/** The round a page is about: the link's, else what the milestone says. */
function roundOf(link: ResearchStepLink, fallback: number): number {
  return link.round ?? fallback;
}

/** After this round no revision is asked for: a revision request sends the milestone to the coordinator alone. */
const lastCoReviewedRound = (round: number) => roundLimitReached(round + 1);

/** Newest first: by round, then by when they were sent. */
function newestFirst(submissions: readonly MilestoneSubmission[]): MilestoneSubmission[] {
  return [...submissions].sort((a, b) => b.round - a.round || Date.parse(b.submittedAt) - Date.parse(a.submittedAt));
}

const noOutputs: Bilingual = { id: 'Tidak ada luaran yang dicantumkan.', en: 'No outputs listed.' };

/** One earlier submission, read-only: round, when, what it said and why it was late. */
function submissionItem(submission: MilestoneSubmission, lang: Language): SafeHtml {
  return html`<li><strong>${t(projectFieldLabels.round, lang)} ${submission.round}</strong> — ${t(words.submittedAt, lang)} ${time(submission.submittedAt, lang)}
<blockquote aria-label="${t(projectFieldLabels.summary, lang)}">${submission.summary}</blockquote>${
    submission.lateReason &&
    html`\n<p>${t(milestoneFieldLabels.lateReason, lang)}:</p><blockquote aria-label="${t(milestoneFieldLabels.lateReason, lang)}">${submission.lateReason}</blockquote>`
  }${Boolean(submission.outputs?.length) && html`\n<p>${t(outputFieldLabels.outputs, lang)}:</p>\n${outputList(submission.outputs, lang)}`}</li>`;
}

// ---------------------------------------------------------------------------------------------
// The lead's page: sending a milestone

const leadText = {
  safe: {
    id: 'Halaman ini aman dibuka: membukanya tidak mengubah apa pun. Tidak ada yang dikirim sebelum Anda menekan “Kirim tahap”; “Simpan draf” hanya menyimpan teks Anda di sini, tanpa mengirimnya.',
    en: 'This page is safe to open: opening it changes nothing. Nothing is sent until you press “Send the milestone”; “Save draft” only keeps your text here, without sending it.',
  },
  facts: { id: 'Tahap ini', en: 'This milestone' },
  earlier: { id: 'Kiriman sebelumnya', en: 'Earlier submissions' },
  revision: { id: 'Permintaan revisi', en: 'Revision requested' },
  revisionLead: {
    id: 'Kiriman sebelumnya dikembalikan untuk direvisi. Komentar para peninjau:',
    en: 'The previous submission was sent back for a revision. The reviewers’ comments:',
  },
  revisionNoComment: {
    id: 'Kiriman sebelumnya dikembalikan untuk direvisi.',
    en: 'The previous submission was sent back for a revision.',
  },
  form: { id: 'Kirim tahap ini', en: 'Send this milestone' },
  summaryHint: {
    id: 'Apa yang dikerjakan pada tahap ini. Catatan logbook sejak tahap sebelumnya dilampirkan secara otomatis. Paling banyak 10.000 karakter.',
    en: 'What was done in this milestone. The logbook entries since the last milestone are attached automatically. Up to 10,000 characters.',
  },
  lateReasonHint: {
    id: 'Tenggat tahap ini sudah lewat: tuliskan mengapa tahap ini terlambat. Kedua peninjau membaca alasannya.',
    en: 'This milestone’s due date has passed: say why it is late. Both reviewers read the reason.',
  },
  draft: { id: 'Simpan draf', en: 'Save draft' },
  submit: { id: 'Kirim tahap', en: 'Send the milestone' },
  draftSaved: { id: 'Draf tersimpan', en: 'Draft saved' },
  draftKept: {
    id: 'Draf ini belum dikirim. Periksa isiannya di bawah, lalu tekan “Kirim tahap” bila sudah siap.',
    en: 'This draft has not been sent. Check it below, then press “Send the milestone” when it is ready.',
  },
} satisfies Record<string, Bilingual>;

/** What the lead saved and has not sent: read as an optional field, so a record written before drafts reads as having none. */
type MilestoneDraft = NonNullable<MilestoneRecord['draft']>;

const draftOf = (milestone: MilestoneRecord): MilestoneDraft | undefined => (milestone as { draft?: MilestoneDraft }).draft;

/** A draft as the form's fields: the texts, and the output rows it kept. */
const draftValues = (draft: MilestoneDraft): Record<string, string> => ({
  summary: draft.summary,
  lateReason: draft.lateReason ?? '',
  ...rowValues(draft.outputs),
});

/** The round the lead is sending: the link's, else the milestone's (1 until it is sent back, which moves it on). */
const roundToSend = (view: MilestonePageView) => roundOf(view.link, Math.max(1, view.milestone.round));

/** The box a late milestone carries: the mark, prominently, with the date it passed. */
function overdueBox(dueDate: string, lang: Language): SafeHtml {
  const due = calendarDate(dueDate, lang);
  return html`<p class="box warn lead"><strong>${t(overdueLabel, lang)}</strong>: ${
    lang === 'id'
      ? html`tenggat tahap ini, ${due}, sudah lewat. Tahap ini masih dapat dikirim; sertakan alasan keterlambatannya.`
      : html`this milestone was due on ${due}. It can still be sent; please give the reason for the delay.`
  }</p>`;
}

const extensionRequestedText: Bilingual = {
  id: 'Permintaan perpanjangan terkirim. Koordinator BKPSDM memutuskannya; Anda diberi tahu melalui email.',
  en: 'Your extension request was sent. The BKPSDM coordinator decides it; you are told by email.',
};

/** Where the draft stands: just saved, or kept from before. */
function draftNotice(draft: MilestoneDraft | undefined, notice: 'draft-saved' | undefined, lang: Language): SafeHtml {
  if (!draft && notice !== 'draft-saved') return html``;
  const saved = html`${t(leadText.draftSaved, lang)}${draft && html` ${time(draft.savedAt, lang)}`}.`;
  return notice === 'draft-saved'
    ? html`<p class="box ok" role="status">${saved} ${t(leadText.draftKept, lang)}</p>`
    : html`<p class="box">${saved} ${t(leadText.draftKept, lang)}</p>`;
}

/** The comments that sent the last round back, each under the reviewer who wrote it. */
function revisionSection(comments: MilestonePageView['comments'], lang: Language): SafeHtml {
  const quoted = comments.map(
    (c) =>
      html`<p><strong>${label(reviewerLabels, c.reviewer, lang)}</strong></p>\n<blockquote aria-label="${label(reviewerLabels, c.reviewer, lang)}">${c.comment}</blockquote>`,
  );
  return html`<h2>${t(leadText.revision, lang)}</h2>
<p>${t(comments.length ? leadText.revisionLead : leadText.revisionNoComment, lang)}</p>
${join(quoted, '\n')}`;
}

/**
 * The lead's page for a milestone (`/milestones/{token}`): which milestone, by when and how it is
 * reviewed, the reviewers' comments on a revision round, what was sent in earlier rounds, and one
 * form posting to its own address. The form's first button saves a draft and its second sends
 * the milestone: a mail scanner pressing the first button it finds only keeps the text again.
 * The reason for the delay is asked only of a late milestone. `values` are what the lead sent
 * before, shown again after a 400; without them, the saved draft fills the form. `notice`
 * answers a press of “Save draft”.
 */
export function milestonePage(args: {
  lang: Language;
  view: MilestonePageView;
  issues?: FieldIssue[];
  values?: Record<string, string>;
  notice?: 'draft-saved' | 'extension-requested';
  /** What the page shows after the form: the extension's part (extension-pages.ts). */
  extra?: SafeHtml;
}): string {
  const { lang, view } = args;
  const { project, milestone } = view;
  const shown = view.view;
  const overdue = shown.overdue;
  const draft = draftOf(milestone);
  const values = args.values ?? (draft ? draftValues(draft) : {});
  // Each output row's fields look up their own messages, so messages are kept by exact field name.
  const ctx: FormContext = { lang, values, issues: issuesByExactField(args.issues) };
  const round = roundToSend(view);
  const l = projectFieldLabels;
  const outputs = takesOutputs(shown.kind);
  const fieldNames = {
    ...localized(overdue ? milestoneFieldLabels : { summary: milestoneFieldLabels.summary }, lang),
    ...(outputs ? outputFieldTitles(values, lang) : {}),
  };
  const earlier = newestFirst(milestone.submissions).map((s) => submissionItem(s, lang));
  const name = milestoneName(shown, lang);

  const body = html`<p class="muted">${t(researchWords.kicker, lang)} · ${project.data.title} · ${project.institution}</p>
<h1>${name} <span class="muted">(${label(milestoneKindLabels, shown.kind, lang)})</span></h1>
<p>${badge(milestoneStatusLabels, shown.status, lang)}${overdueMark(overdue, lang)}</p>
${overdue && overdueBox(shown.dueDate, lang)}
${draftNotice(draft, args.notice === 'draft-saved' ? 'draft-saved' : undefined, lang)}
${args.notice === 'extension-requested' && html`<p class="box ok" role="status">${t(extensionRequestedText, lang)}</p>`}
<p class="box lead">${t(leadText.safe, lang)}</p>
<h2>${t(leadText.facts, lang)}</h2>
<dl class="facts">
<dt>${t(l.kind, lang)}</dt><dd>${label(milestoneKindLabels, shown.kind, lang)}</dd>
<dt>${t(l.dueDate, lang)}</dt><dd>${calendarDate(shown.dueDate, lang)}${overdueMark(overdue, lang)}</dd>
<dt>${t(l.review, lang)}</dt><dd>${label(reviewRuleLabels, shown.review, lang)}</dd>
<dt>${t(l.round, lang)}</dt><dd>${round}${round > 1 && html` (${t(words.revisionRound, lang)})`}</dd>
</dl>
${round > 1 && revisionSection(view.comments, lang)}
${earlier.length > 0 && html`<h2>${t(leadText.earlier, lang)}</h2>\n<ol class="history">${join(earlier, '\n')}</ol>`}
<h2 id="milestone-form-title">${t(leadText.form, lang)}</h2>
${issueSummary(
  args.issues?.map((issue) => ({ ...issue, path: rowFieldKey(issue.path) })),
  fieldNames,
  lang,
)}
<form method="post" aria-labelledby="milestone-form-title" novalidate>
${hiddenInput('proof', view.proof)}
${textArea(ctx, { name: 'summary', label: milestoneFieldLabels.summary, required: true, hint: leadText.summaryHint }, html` rows="12" maxlength="${SUMMARY_MAX}"`)}
${
  overdue &&
  textArea(
    ctx,
    { name: 'lateReason', label: milestoneFieldLabels.lateReason, required: true, hint: leadText.lateReasonHint },
    html` rows="4" maxlength="${LATE_REASON_MAX}"`,
  )
}
${outputs && outputRows(ctx, shown.kind)}
<div class="actions"><button type="submit" name="intent" value="draft" style="background:#fff;color:#0b5cad;border-color:#0b5cad">${trustedText(leadText.draft, lang)}</button><button type="submit" name="intent" value="submit">${trustedText(leadText.submit, lang)}</button></div>
</form>
${args.extra}`;
  return layout({ lang, title: `${name}: ${project.data.title}`, body, langSwitchPath: '' });
}

const sentText = {
  title: { id: 'Tahap terkirim', en: 'Milestone sent' },
  sent: { id: 'dikirim untuk ditinjau', en: 'has been sent for review' },
  told: { id: 'Anda diberi tahu hasilnya melalui email.', en: 'You will be told the outcome by email.' },
  link: {
    id: 'Tautan halaman tahap ini kini menunjukkan bahwa tahap ini sudah dikirim; membukanya lagi tidak mengubah apa pun.',
    en: 'The link to this milestone’s page now shows it as sent; opening it again changes nothing.',
  },
} satisfies Record<string, Bilingual>;

/** Who reviews a sent milestone and how their decisions combine, told to the lead. */
function reviewNext(rule: ReviewRule, round: number, project: ProjectWithTeam, lang: Language): string {
  const coReviewer = project.data.coReviewer.name;
  const together = say(
    lang,
    `Koordinator BKPSDM dan peninjau dari perguruan tinggi (${coReviewer}) meninjaunya bersama.`,
    `The BKPSDM coordinator and the university's co-reviewer (${coReviewer}) review it together.`,
  );
  const how =
    rule === 'all'
      ? say(
          lang,
          'Tahap disetujui bila keduanya menyetujuinya; bila salah satu meminta revisi, tahap dikembalikan kepada Anda setelah keduanya memberi keputusan, beserta komentar keduanya.',
          'It is approved when both approve it; if either asks for a revision, it comes back to you once both have decided, with both their comments.',
        )
      : say(
          lang,
          'Keputusan yang lebih dahulu diberikan oleh salah satu dari keduanya menentukan tahap ini.',
          'Whichever of them decides first decides the milestone.',
        );
  const last =
    lastCoReviewedRound(round) &&
    say(
      lang,
      `Ini putaran ke-${MAX_CO_REVIEWED_ROUNDS}, yang terakhir ditinjau bersama: bila revisi diminta lagi, koordinator BKPSDM memutuskan sendiri apakah tahap ini disetujui atau ditutup sebagai tidak diterima.`,
      `This is round ${MAX_CO_REVIEWED_ROUNDS}, the last one reviewed together: if a revision is asked for again, the BKPSDM coordinator alone decides whether the milestone is approved or closed as not accepted.`,
    );
  return [together, how, last].filter(Boolean).join(' ');
}

/**
 * The answer to a milestone sent: which round went, who reviews it and how (rule `all` or
 * `any`), that the lead is told by mail, and that the page's link now shows it as sent. It
 * answers a POST, so it has no language switch. The round is the link's, else the one after
 * the milestone's last submitted round (the view as the page was shown before the send).
 */
export function milestoneDonePage(args: { lang: Language; view: MilestonePageView }): string {
  const { lang, view } = args;
  const { project } = view;
  const shown = view.view;
  const round = roundToSend(view);
  const facts: Fact[] = [
    { label: t(projectFieldLabels.title, lang), value: project.data.title },
    { label: t(projectFieldLabels.institution, lang), value: project.institution },
    { label: t(projectFieldLabels.milestone, lang), value: `${shown.number}: ${shown.title}` },
    { label: t(projectFieldLabels.kind, lang), value: label(milestoneKindLabels, shown.kind, lang) },
    { label: t(projectFieldLabels.round, lang), value: round > 1 ? `${round} (${t(words.revisionRound, lang)})` : String(round) },
  ];
  const title = t(sentText.title, lang);
  const body = html`<h1>${title}</h1>
<p class="box ok lead" role="status">${t(decisionPageWords.thanks, lang)}, ${view.link.holder.name}. ${milestoneName(shown, lang)} ${t(sentText.sent, lang)}.</p>
${factList(facts)}
<h2>${t(researchWords.next, lang)}</h2>
<p>${reviewNext(shown.review, round, project, lang)} ${t(sentText.told, lang)}</p>
<p>${t(sentText.link, lang)}</p>
<p class="muted">${t(decisionPageWords.close, lang)}</p>`;
  return layout({ lang, title, body });
}

// ---------------------------------------------------------------------------------------------
// The reviewers' page: a co-review decision

const reviewText = {
  as: { id: 'Meninjau sebagai', en: 'Reviewing as' },
  milestone: { id: 'Tahap yang ditinjau', en: 'The milestone under review' },
  latest: { id: 'Kiriman ketua peneliti', en: 'What the lead researcher sent' },
  logbook: { id: 'Logbook tim sejak tahap terakhir yang disetujui', en: "The team's logbook since the last approved milestone" },
  noSubmission: { id: 'Belum ada kiriman untuk tahap ini.', en: 'Nothing has been sent for this milestone yet.' },
  earlier: { id: 'Putaran sebelumnya', en: 'Earlier rounds' },
  reviewsOfRound: { id: 'Keputusan peninjau', en: 'The reviewers’ decisions' },
  noReviews: { id: 'Tidak ada keputusan tercatat.', en: 'No decision recorded.' },
  thisRound: { id: 'Tinjauan putaran ini', en: 'This round’s reviews' },
  commentForLead: { id: 'Komentar untuk ketua peneliti', en: 'Comment for the lead researcher' },
} satisfies Record<string, Bilingual>;

/** Who reviews through a co-review link: a sole decision is the coordinator's; any other link names its reviewer. */
function reviewerOf(link: ResearchStepLink): MilestoneReviewer {
  if (link.sole) return 'coordinator';
  if (link.reviewer === undefined) throw new RangeError(`The co-review link ${link.stepId} names no reviewer`);
  return link.reviewer;
}

/** How this milestone is decided, told to the reviewer before they decide. */
function ruleExplained(rule: ReviewRule, link: ResearchStepLink, round: number, project: ProjectWithTeam, lang: Language): string {
  if (link.sole) {
    const why = lastCoReviewedRound(round)
      ? say(
          lang,
          `Tahap ini sudah ditinjau bersama dalam ${MAX_CO_REVIEWED_ROUNDS} putaran, dan revisi diminta lagi.`,
          `This milestone has been co-reviewed in ${MAX_CO_REVIEWED_ROUNDS} rounds, and a revision was asked for again.`,
        )
      : say(lang, 'Kedua tinjauan putaran ini belum menghasilkan keputusan.', 'The two reviews of this round left it undecided.');
    return `${why} ${say(
      lang,
      'Sebagai koordinator BKPSDM, Anda kini memutuskannya sendiri; peninjau dari perguruan tinggi tidak dimintai keputusan lagi.',
      'As the BKPSDM coordinator, you now decide it alone; the university’s co-reviewer is not asked again.',
    )}`;
  }
  return reviewRuleExplained(rule, reviewerOf(link), project, lang);
}

/** Which choices need a comment: the lead must learn what to change, or why the milestone was closed. */
const reviewCommentHint = (actions: readonly ResearchAction[]): Bilingual =>
  commentHint({
    actions,
    word: coReviewDecisionLabel,
    reader: { id: 'komentar Anda dikirim kepada ketua peneliti', en: 'your comment goes to the lead researcher' },
  });

/** One reviewer's decision in a round: who, what, when, and their comment. */
function reviewItem(review: MilestoneReview, lang: Language): SafeHtml {
  return html`<li><strong>${label(reviewerLabels, review.reviewer, lang)}</strong>${review.by && html` (${review.by.name})`}: ${reviewActionLabel(review.action, lang)} — ${time(review.at, lang)}${review.comment && html`<blockquote aria-label="${t(decisionPageWords.comment, lang)}">${review.comment}</blockquote>`}</li>`;
}

function reviewList(reviews: readonly MilestoneReview[], lang: Language): SafeHtml {
  if (reviews.length === 0) return html`<p>${t(reviewText.noReviews, lang)}</p>`;
  return html`<ul>${join(
    reviews.map((r) => reviewItem(r, lang)),
    '\n',
  )}</ul>`;
}

/** What the lead sent in one round: when, by whom, the summary and the reason it was late. */
function submissionFacts(submission: MilestoneSubmission, lang: Language): SafeHtml {
  return html`<dl class="facts">
<dt>${t(projectFieldLabels.round, lang)}</dt><dd>${submission.round}</dd>
<dt>${t(words.submittedAt, lang)}</dt><dd>${time(submission.submittedAt, lang)}</dd>
<dt>${t(words.submittedBy, lang)}</dt><dd>${submission.by.name}</dd>
<dt>${t(projectFieldLabels.summary, lang)}</dt><dd class="prewrap">${submission.summary}</dd>
${submission.lateReason && html`<dt>${t(milestoneFieldLabels.lateReason, lang)}</dt><dd class="prewrap">${submission.lateReason}</dd>\n`}${
  submission.outputs &&
  html`<dt>${t(outputFieldLabels.outputs, lang)}</dt><dd>${submission.outputs.length ? outputList(submission.outputs, lang) : t(noOutputs, lang)}</dd>\n`
}</dl>`;
}

/** An earlier round, folded: what was sent and how each reviewer decided. */
function earlierRound(submission: MilestoneSubmission, reviews: readonly MilestoneReview[], lang: Language): SafeHtml {
  return html`<details>
<summary>${t(projectFieldLabels.round, lang)} ${submission.round} — ${t(words.submittedAt, lang)} ${time(submission.submittedAt, lang)}</summary>
${submissionFacts(submission, lang)}
<p><strong>${t(reviewText.reviewsOfRound, lang)}</strong></p>
${reviewList(
  reviews.filter((r) => r.round === submission.round),
  lang,
)}
</details>`;
}

/** A step this module renders no decision page for is a fault of the caller. */
function assertCoReview(link: ResearchStepLink): void {
  if (link.step !== 'co-review') throw new RangeError(`No co-review page for the research step ${link.step}`);
}

/**
 * The page behind a co-review link (`/decide/{token}`): the project, the milestone and how its
 * rule combines the two reviewers' decisions, the latest submission, earlier rounds folded with
 * their reviews, and one form posting to its own address with the link's choices (approve,
 * revise, reject), none chosen by the page. A sole link (the coordinator deciding alone) also
 * shows the reviews of this round, which left it to them. A link of another step throws.
 */
export function coReviewPage(args: { lang: Language; view: CoReviewView; issues?: FieldIssue[]; values?: Record<string, string> }): string {
  const { lang, view } = args;
  const { link, project, milestone } = view;
  assertCoReview(link);
  const reviewer = reviewerOf(link);
  const latest = milestone.submissions.at(-1);
  const round = roundOf(link, latest?.round ?? milestone.round);
  const earlier = newestFirst(milestone.submissions.filter((s) => s !== latest));
  const actions = decisionActions(link);
  const title = link.sole
    ? say(lang, `Keputusan koordinator atas tahap ${milestone.number}`, `The coordinator’s decision on milestone ${milestone.number}`)
    : say(lang, `Tinjauan tahap ${milestone.number}`, `Review of milestone ${milestone.number}`);
  const l = projectFieldLabels;
  const thisRound = milestone.reviews.filter((r) => r.round === round);

  const body = html`<p class="muted">${t(researchWords.kicker, lang)} · ${project.data.title} · ${project.institution}</p>
<h1>${title}</h1>
<p class="box lead">${t(decisionPageWords.safe, lang)}</p>
${
  link.attempt === 'backup' &&
  html`<p class="box warn">${say(
    lang,
    `Permintaan ini dialihkan kepada Anda sebagai peninjau cadangan karena ${reviewerInSentence[reviewer][lang]} belum memberi keputusan sebelum batas waktunya.`,
    `This request was passed to you as the backup reviewer because ${reviewerInSentence[reviewer][lang]} did not decide before the deadline.`,
  )}</p>`
}
<dl class="facts">
<dt>${t(fieldLabels.step, lang)}</dt><dd>${t(researchStepLabels['co-review'], lang)}</dd>
<dt>${t(decisionPageWords.holder, lang)}</dt><dd>${link.holder.name}</dd>
<dt>${t(reviewText.as, lang)}</dt><dd>${label(reviewerLabels, reviewer, lang)}</dd>
<dt>${t(fieldLabels.deadline, lang)}</dt><dd>${time(link.expiresAt, lang)}</dd>
<dt>${t(researchWords.reviewRound, lang)}</dt><dd>${round}</dd>
</dl>
<h2>${t(researchWords.project, lang)}</h2>
${factList(projectFacts(project, lang, { coReviewer: true, objectives: true }))}
<h2>${t(reviewText.milestone, lang)}</h2>
<dl class="facts">
<dt>${t(projectFieldLabels.milestone, lang)}</dt><dd>${milestone.number}: ${milestone.title}</dd>
<dt>${t(l.kind, lang)}</dt><dd>${label(milestoneKindLabels, milestone.kind, lang)}</dd>
<dt>${t(l.dueDate, lang)}</dt><dd>${calendarDate(milestone.dueDate, lang)}${overdueMark(milestone.overdue, lang)}</dd>
<dt>${t(projectFieldLabels.status, lang)}</dt><dd>${badge(milestoneStatusLabels, milestone.status, lang)}</dd>
<dt>${t(l.review, lang)}</dt><dd>${label(reviewRuleLabels, milestone.review, lang)}</dd>
</dl>
<p class="box">${ruleExplained(milestone.review, link, round, project, lang)}</p>
<h2>${t(reviewText.latest, lang)}</h2>
${latest ? submissionFacts(latest, lang) : html`<p>${t(reviewText.noSubmission, lang)}</p>`}
${
  view.logbook &&
  html`<h2>${t(reviewText.logbook, lang)}</h2>
${factList(logbookFacts(view.logbook, lang))}`
}
${link.sole && thisRound.length > 0 && html`<h2>${t(reviewText.thisRound, lang)}</h2>\n${reviewList(thisRound, lang)}`}
${
  earlier.length > 0 &&
  html`<h2>${t(reviewText.earlier, lang)}</h2>\n${join(
    earlier.map((s) => earlierRound(s, milestone.reviews, lang)),
    '\n',
  )}`
}
${decisionForm({
  lang,
  issues: args.issues,
  values: args.values,
  proof: view.proof,
  choices: actions.map((action) => ({ value: action, label: t(coReviewDecisionLabel(action), lang) })),
  commentLabel: reviewText.commentForLead,
  hint: reviewCommentHint(actions),
})}`;
  return layout({ lang, title: `${title}: ${project.data.title}`, body, langSwitchPath: '' });
}

/** What a co-review decision was recorded as: a sole rejection closes the milestone. */
function recordedReview(action: ResearchAction, lang: Language): string {
  if (action === 'reject') return t(milestoneStatusLabels.NOT_ACCEPTED, lang);
  return label(recordedActionLabels, action, lang);
}

/** The lead hears of an approval; a final report approved completes the project. */
function approvedNext(milestone: MilestoneView, lang: Language): string {
  const approved = say(
    lang,
    'Tahap ini disetujui, dan ketua peneliti diberi tahu melalui email.',
    'The milestone is approved, and the lead researcher is told by email.',
  );
  if (milestone.kind !== 'final') return approved;
  return `${approved} ${say(
    lang,
    'Karena ini laporan akhir, proyek selesai dan JP dicatat bagi anggota ASN.',
    'As it is the final report, the project is complete and the ASN members are credited their JP.',
  )}`;
}

/** A revision goes back to the lead; after the last co-reviewed round, to the coordinator alone instead. */
const revisionNext = (round: number, lang: Language) =>
  lastCoReviewedRound(round)
    ? say(
        lang,
        `Karena ini putaran ke-${MAX_CO_REVIEWED_ROUNDS}, yang terakhir ditinjau bersama, koordinator BKPSDM kemudian memutuskan sendiri apakah tahap ini disetujui atau ditutup sebagai tidak diterima.`,
        `As this is round ${MAX_CO_REVIEWED_ROUNDS}, the last one reviewed together, the BKPSDM coordinator then decides alone whether the milestone is approved or closed as not accepted.`,
      )
    : say(
        lang,
        'Tahap ini dikembalikan kepada ketua peneliti, yang menerima email berisi komentar para peninjau dan tautan untuk mengirim revisinya.',
        'The milestone goes back to the lead researcher, who receives an email with the reviewers’ comments and a link to send the revision.',
      );

/** What happens after a co-review decision, told to the reviewer who just made it. */
function coReviewNext(link: ResearchStepLink, outcome: ResearchOutcome, milestone: MilestoneView, lang: Language): string {
  const { action } = outcome;
  const round = roundOf(link, milestone.round);
  if (action === 'reject')
    return say(
      lang,
      'Tahap ini ditutup sebagai tidak diterima. Ketua peneliti diberi tahu melalui email, beserta alasan Anda.',
      'The milestone is closed as not accepted. The lead researcher is told by email, with your reason.',
    );
  if (link.sole) return action === 'approve' ? approvedNext(milestone, lang) : revisionNext(round, lang);
  if (milestone.review === 'any') {
    const stands = say(
      lang,
      'Keputusan Anda menentukan tahap ini, dan tautan peninjau yang lain kini ditutup.',
      'Your decision decides this milestone, and the other reviewer’s link is now closed.',
    );
    return `${stands} ${action === 'approve' ? approvedNext(milestone, lang) : revisionNext(round, lang)}`;
  }
  // Under `all` the round's decisions are combined once both are in, and this page cannot know whether the other one is.
  const awaited = say(
    lang,
    'Keputusan peninjau yang lain ditunggu, bila belum diberikan.',
    'The other reviewer’s decision is awaited, if they have not given it yet.',
  );
  if (action === 'approve')
    return `${awaited} ${say(lang, 'Tahap ini disetujui bila keduanya menyetujuinya.', 'The milestone is approved when both approve it.')}`;
  return `${awaited} ${
    lastCoReviewedRound(round)
      ? say(
          lang,
          `Setelah keduanya memberi keputusan, koordinator BKPSDM memutuskan sendiri apakah tahap ini disetujui atau ditutup sebagai tidak diterima, karena ini putaran ke-${MAX_CO_REVIEWED_ROUNDS}, yang terakhir ditinjau bersama.`,
          `Once both have decided, the BKPSDM coordinator alone decides whether the milestone is approved or closed as not accepted, as this is round ${MAX_CO_REVIEWED_ROUNDS}, the last one reviewed together.`,
        )
      : say(
          lang,
          'Setelah keduanya memberi keputusan, tahap ini dikembalikan kepada ketua peneliti beserta komentar keduanya, sehingga ia menerimanya sekaligus.',
          'Once both have decided, the milestone goes back to the lead researcher with both comments, so that they get them at once.',
        )
  }`;
}

/**
 * The answer to a co-review decision: what was recorded, and what happens next under the
 * milestone's rule: with `all` the other reviewer's decision is awaited (a revision goes back
 * once both decided), with `any` the decision stands and the other link is closed, and a sole
 * decision approves, sends back or closes the milestone. It answers a POST, so it has no
 * language switch.
 */
export function coReviewDonePage(args: { lang: Language; link: ResearchStepLink; outcome: ResearchOutcome; milestone: MilestoneView }): string {
  const { lang, link, outcome, milestone } = args;
  assertCoReview(link);
  const facts: Fact[] = [
    { label: t(fieldLabels.step, lang), value: t(researchStepLabels['co-review'], lang) },
    { label: t(projectFieldLabels.milestone, lang), value: `${milestone.number}: ${milestone.title}` },
    { label: t(researchWords.reviewRound, lang), value: String(roundOf(link, milestone.round)) },
    { label: t(reviewText.as, lang), value: label(reviewerLabels, reviewerOf(link), lang) },
  ];
  return decisionDonePage({ lang, outcome, facts, decision: recordedReview(outcome.action, lang), next: coReviewNext(link, outcome, milestone, lang) });
}
