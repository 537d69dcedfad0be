import { describe, expect, it } from 'vitest';
import type { Language } from '../../shared/kernel/i18n.js';
import {
  coReviewRequestEmail,
  milestoneApprovedEmail,
  milestoneEscalationEmail,
  milestoneNotAcceptedEmail,
  milestoneOverdueEmail,
  milestoneReminderEmail,
  milestoneRequestEmail,
  projectCompletedEmail,
  type RenderedMail,
} from '../../shared/research/milestone-emails.js';
import { REMINDER_DAYS_BEFORE } from '../../shared/research/milestone-rules.js';
import type { ResearchOutput } from '../../shared/research/outputs.js';
import type { MilestoneRecord, MilestoneReview, ProjectWithTeam, ResearchStepLink } from '../../shared/research/research-records.js';
import { aMember, aMilestoneRecord as aMilestone, aProjectWithTeam, aSecondMember } from '../support/research-fixtures.js';

const projectTitle = 'Kualitas layanan Mal Pelayanan Publik Surakarta';
const milestoneTitle = 'Rencana kerja lapangan';
const markupProject = 'Kualitas <b>layanan</b> & keluhan warga';
const escapedProject = 'Kualitas &lt;b&gt;layanan&lt;/b&gt; &amp; keluhan warga';
const markupMilestone = 'Rencana <b>kerja</b> & lapangan';
const escapedMilestone = 'Rencana &lt;b&gt;kerja&lt;/b&gt; &amp; lapangan';
const submitUrl = 'https://sinergi.example.go.id/milestones/MILESTONEtokenMILESTONEtokenMILESTONEtok';
const reviewUrl = 'https://sinergi.example.go.id/decide/REVIEWtokenREVIEWtokenREVIEWtokenREVIEWtoke';

// ---------------------------------------------------------------------------------------------
// Fixtures

/** UNS's active project, led by Dr. Sari Lestari (who reads `language`), proposed by Wulan Sari (who reads `partnerLanguage`). */
function aProject(language: Language = 'id', data: Partial<ProjectWithTeam['data']> = {}, partnerLanguage: Language = language): ProjectWithTeam {
  return aProjectWithTeam(
    {
      status: 'ACTIVE',
      members: [
        aMember(),
        aSecondMember({ position: 'Pranata Komputer', supervisor: { name: 'Bambang Wijaya', email: 'bambang@surakarta.go.id' }, consent: 'AGREED' }),
      ],
      partner: { name: 'Wulan Sari', email: 'wulan@uns.example', language: partnerLanguage },
      updatedAt: '2027-03-05T03:00:00.000Z',
      approvedAt: '2027-03-05T03:00:00.000Z',
    },
    { title: projectTitle, summary: 'Survei kepuasan dan observasi layanan.', language, ...data },
  );
}

/** Milestone 3, the final report. */
const aFinal = (overrides: Partial<MilestoneRecord> = {}) =>
  aMilestone({ number: 3, kind: 'final', title: 'Laporan akhir dan luaran', dueDate: '2027-12-10', ...overrides });

/** Milestone 1 sent once, with a late reason: in review. */
function aSubmittedMilestone(overrides: Partial<MilestoneRecord> = {}): MilestoneRecord {
  return aMilestone({
    status: 'IN_REVIEW',
    round: 1,
    submissions: [
      {
        round: 1,
        summary: 'Instrumen survei <i>disusun</i> & diuji.',
        lateReason: 'Izin lokasi terlambat.',
        submittedAt: '2027-03-22T02:00:00.000Z',
        by: { name: 'Dr. Sari Lestari', email: 'sari@uns.example' },
      },
    ],
    ...overrides,
  });
}

const review = (overrides: Partial<MilestoneReview> & Pick<MilestoneReview, 'round' | 'reviewer' | 'action'>): MilestoneReview => ({
  at: '2027-03-24T03:00:00.000Z',
  ...overrides,
});

/** The lead's submission link for milestone 1. */
function aSubmissionLink(language: Language = 'id', overrides: Partial<ResearchStepLink> = {}): ResearchStepLink {
  return {
    kind: 'step',
    hash: 'c'.repeat(64),
    subject: { type: 'milestone', id: 'rp-2027-001/1' },
    createdAt: '2027-03-05T03:00:00.000Z',
    step: 'milestone',
    stepId: 'project:rp-2027-001:milestone-1:r1:submit',
    attempt: 'primary',
    state: 'PENDING',
    sealedTaskToken: 'sealed-task-token',
    pageSecret: 'page-secret-of-this-link',
    expiresAt: '2028-12-15T17:00:00.000Z',
    holder: { name: 'Dr. Sari Lestari', email: 'sari@uns.example', language },
    actions: ['submit'],
    milestone: 1,
    round: 1,
    ...overrides,
  };
}

/** The coordinator's co-review link for round 1 of milestone 1, due back 29 March 2027 at 10:00 WIB. */
function aReviewLink(language: Language = 'id', overrides: Partial<ResearchStepLink> = {}): ResearchStepLink {
  return {
    ...aSubmissionLink(language),
    step: 'co-review',
    stepId: 'project:rp-2027-001:milestone-1:r1:coordinator:primary',
    expiresAt: '2027-03-29T03:00:00.000Z',
    holder: { name: 'Bambang Koordinator', email: 'koordinator@surakarta.go.id', language },
    actions: ['revise', 'approve'],
    reviewer: 'coordinator',
    round: 1,
    ...overrides,
  };
}

type Kind = 'request' | 'reminder' | 'escalation';
const requestMail = (lang: Language, milestone = aMilestone(), kind: Kind = 'request', project = aProject(lang)) =>
  milestoneRequestEmail({ project, milestone, link: aSubmissionLink(lang), url: submitUrl, kind });
const reviewMail = (
  lang: Language,
  link: Partial<ResearchStepLink> = {},
  milestone = aSubmittedMilestone(),
  kind: Kind = 'request',
  project = aProject(lang),
) => coReviewRequestEmail({ project, milestone, link: aReviewLink(lang, link), url: reviewUrl, kind });

/** Written for a reader of `lang`: the document's language, the salutation and the sign-off. */
function expectWrittenIn(mail: RenderedMail, lang: Language, name: string) {
  expect(mail.html).toContain(`<html lang="${lang}">`);
  if (lang === 'id') {
    expect(mail.text.startsWith(`Yth. ${name},`)).toBe(true);
    expect(mail.text).toContain('Salam,');
    expect(mail.text).not.toContain('Kind regards,');
  } else {
    expect(mail.text.startsWith(`Dear ${name},`)).toBe(true);
    expect(mail.text).toContain('Kind regards,');
    expect(mail.text).not.toContain('Salam,');
  }
}

/** The link is clickable in the HTML and alone on a line of the text. */
function expectLink(mail: RenderedMail, url: string) {
  expect(mail.html).toContain(`href="${url}"`);
  expect(mail.text.split('\n')).toContain(url);
}

/** The HTML body read as text: a fact's label and value on one line, every entity decoded. */
function htmlAsText(html: string): string {
  return html
    .replace(/<\/th><td[^>]*>/g, ': ')
    .replace(/<br>/g, '\n')
    .replace(/<[^>]+>/g, '\n')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

/** Every line of the plain-text body is in the HTML body too (a quote without its `> `, a quote's heading without its colon), so the two say the same. */
function expectSameInBoth(mail: RenderedMail) {
  const htmlText = htmlAsText(mail.html);
  const lines = mail.text
    .split('\n')
    .map((line) => line.replace(/^> ?/, '').trim())
    .filter((line) => line !== '' && line !== '--');
  for (const line of lines) expect(htmlText, line).toContain(htmlText.includes(line) ? line : line.replace(/:$/, '\n'));
  expect(htmlText).toContain(mail.subject);
}

const coordinator = { name: 'Bambang Koordinator', lang: { id: 'Koordinator BKPSDM', en: 'BKPSDM coordinator' } };

/** Every milestone mail, written for a reader of `lang`, with whom it greets and the link it carries (or none). */
function everyMail(
  lang: Language,
  data: Partial<ProjectWithTeam['data']> = {},
  title = milestoneTitle,
): [string, { mail: RenderedMail; to: string; url?: string }][] {
  const project = aProject(lang, data);
  const open = aMilestone({ title });
  const submitted = aSubmittedMilestone({ title });
  const revision = aMilestone({
    title,
    status: 'REVISION_REQUESTED',
    round: 2,
    reviews: [review({ round: 1, reviewer: 'coordinator', action: 'revise', comment: 'Lengkapi jadwal.' })],
  });
  const approved = aMilestone({ title, status: 'APPROVED', round: 1 });
  const final = aFinal({ title, status: 'APPROVED', round: 1 });
  return [
    ['request', { mail: requestMail(lang, open, 'request', project), to: 'Dr. Sari Lestari', url: submitUrl }],
    ['request reminder', { mail: requestMail(lang, open, 'reminder', project), to: 'Dr. Sari Lestari', url: submitUrl }],
    ['revision request', { mail: requestMail(lang, revision, 'request', project), to: 'Dr. Sari Lestari', url: submitUrl }],
    [
      'reminder (7 days)',
      { mail: milestoneReminderEmail({ project, milestone: open, url: submitUrl, daysBefore: 7 }), to: 'Dr. Sari Lestari', url: submitUrl },
    ],
    [
      'overdue (lead)',
      { mail: milestoneOverdueEmail({ project, milestone: open, url: submitUrl, to: 'lead', language: lang }), to: 'Dr. Sari Lestari', url: submitUrl },
    ],
    [
      'overdue (coordinator)',
      { mail: milestoneOverdueEmail({ project, milestone: open, url: submitUrl, to: 'coordinator', language: lang }), to: coordinator.lang[lang] },
    ],
    [
      'escalation (head)',
      { mail: milestoneEscalationEmail({ project, milestone: open, to: 'head', recipientName: 'Kepala BKPSDM', language: lang }), to: 'Kepala BKPSDM' },
    ],
    [
      'escalation (partner)',
      { mail: milestoneEscalationEmail({ project, milestone: open, to: 'partner', recipientName: 'Wulan Sari', language: lang }), to: 'Wulan Sari' },
    ],
    ['co-review (coordinator)', { mail: reviewMail(lang, {}, submitted, 'request', project), to: 'Bambang Koordinator', url: reviewUrl }],
    [
      'co-review (co-reviewer)',
      {
        mail: reviewMail(
          lang,
          { reviewer: 'coReviewer', holder: { name: 'Prof. Hadi Santoso', email: 'lppm@uns.example', language: lang } },
          submitted,
          'request',
          project,
        ),
        to: 'Prof. Hadi Santoso',
        url: reviewUrl,
      },
    ],
    [
      'co-review (sole)',
      { mail: reviewMail(lang, { sole: true, actions: ['approve', 'reject'] }, submitted, 'request', project), to: 'Bambang Koordinator', url: reviewUrl },
    ],
    ['approved', { mail: milestoneApprovedEmail({ project, milestone: approved }), to: 'Dr. Sari Lestari' }],
    ['approved (final)', { mail: milestoneApprovedEmail({ project, milestone: final }), to: 'Dr. Sari Lestari' }],
    ['not accepted', { mail: milestoneNotAcceptedEmail({ project, milestone: approved, comment: 'Tidak sesuai rencana.' }), to: 'Dr. Sari Lestari' }],
  ];
}

/** The completion mails, which name the project (and its milestones in the body) but no single milestone in the subject. */
function completionMails(lang: Language, data: Partial<ProjectWithTeam['data']> = {}): [string, { mail: RenderedMail; to: string }][] {
  const project = { ...aProject(lang, data), status: 'COMPLETED' as const };
  return [
    [
      'completed (member)',
      {
        mail: projectCompletedEmail({
          project,
          to: { name: 'Dewi Anggraini', email: 'dewi@surakarta.go.id', language: lang },
          role: 'member',
          jpHours: 30,
          year: 2027,
        }),
        to: 'Dewi Anggraini',
      },
    ],
    ['completed (partner)', { mail: projectCompletedEmail({ project, to: project.partner, role: 'partner' }), to: 'Wulan Sari' }],
  ];
}

// ---------------------------------------------------------------------------------------------

describe('milestone emails', () => {
  describe.each(['id', 'en'] as const)('in %s', (lang) => {
    const all = everyMail(lang);
    const completions = completionMails(lang);

    it.each([...all, ...completions])('%s: has a one-line [Sinergi] subject naming the project, and an HTML and a text body saying the same', (_, { mail }) => {
      expect(mail.subject.startsWith('[Sinergi] ')).toBe(true);
      expect(mail.subject).toContain(projectTitle);
      expect(mail.subject).not.toMatch(/[\r\n]/);
      expect(mail.html).toMatch(/^<!doctype html>/);
      expectSameInBoth(mail);
    });

    it.each(all)('%s: names the milestone in the subject, and the milestone and the project in both bodies', (_, { mail }) => {
      expect(mail.subject).toMatch(new RegExp(`^\\[Sinergi\\] [^:]+: ${milestoneTitle} \\(${projectTitle}\\)$`));
      for (const body of [mail.html, mail.text]) {
        expect(body).toContain(milestoneTitle);
        expect(body).toContain(projectTitle);
        expect(body).toContain('Universitas Sebelas Maret');
      }
    });

    it.each(completions)('%s: names the project and its milestones in both bodies', (_, { mail }) => {
      for (const body of [mail.html, mail.text]) {
        expect(body).toContain(projectTitle);
        expect(body).toContain('Laporan akhir dan luaran');
      }
    });

    it.each([...all, ...completions])('%s: greets its reader by name in their language', (_, { mail, to }) => {
      expectWrittenIn(mail, lang, to);
    });

    it.each(all.filter(([, { url }]) => url))('%s: carries its link in the HTML and on a line of its own in the text', (_, { mail, url }) => {
      expectLink(mail, url as string);
    });

    it.each([...all.filter(([, { url }]) => !url), ...completions])('%s: carries no link', (_, { mail }) => {
      expect(mail.html).not.toContain('href=');
      expect(mail.text).not.toContain('https://');
    });

    it.each([...everyMail(lang, { title: markupProject }, markupMilestone), ...completionMails(lang, { title: markupProject })])(
      '%s: escapes titles with markup in the HTML and keeps them as typed in the text and the subject',
      (_, { mail }) => {
        expect(mail.html).toContain(escapedProject);
        expect(mail.html).not.toContain('<b>');
        expect(mail.text).toContain(markupProject);
        expect(mail.subject).toContain(markupProject);
      },
    );

    it.each(everyMail(lang, { title: markupProject }, markupMilestone))('%s: escapes a milestone title with markup', (_, { mail }) => {
      expect(mail.html).toContain(escapedMilestone);
      expect(mail.text).toContain(markupMilestone);
      expect(mail.subject).toContain(markupMilestone);
    });
  });
});

describe('milestoneRequestEmail', () => {
  it('opens the milestone: its kind, title and due date, what to send, drafts, lateness and extensions', () => {
    const mail = requestMail('en');
    expect(mail.subject).toBe(`[Sinergi] Milestone open for submission: ${milestoneTitle} (${projectTitle})`);
    expect(mail.text).toContain(
      `The milestone “${milestoneTitle}” (Research plan) of the project “${projectTitle}” is now open for submission; it is due on 20 March 2027.`,
    );
    expect(mail.text).toContain('Milestone: 1 of 3');
    expect(mail.text).toContain('Kind: Research plan');
    expect(mail.text).toContain('Due date: 20 March 2027');
    expect(mail.text).toContain('What to send: a summary of the work done for this milestone.');
    expect(mail.text).toContain("The members' logbook entries since the last milestone are attached automatically");
    expect(mail.text).toContain('You can open this link as many times as you need: “Save draft” keeps what you wrote');
    expect(mail.text).toContain(
      'A submission after it (from 21 March 2027 at 00:00 WIB) is still accepted, but the page will ask you for the reason for the delay',
    );
    expect(mail.text).toContain('you can ask for an extension of the due date on the same page, before you send');
    expect(mail.text).not.toContain('outputs');
    expect(mail.text).not.toContain('sent the milestone');

    const id = requestMail('id');
    expect(id.subject).toBe(`[Sinergi] Tahap dibuka untuk pengiriman: ${milestoneTitle} (${projectTitle})`);
    expect(id.text).toContain('Tenggat: 20 Maret 2027');
    expect(id.text).toContain('(mulai 21 Maret 2027 pukul 00.00 WIB) tetap diterima');
    expect(id.text).toContain('meminta perpanjangan tenggat di halaman yang sama sebelum mengirim');
  });

  it('asks for the outputs with a final report and an output, not with other kinds', () => {
    expect(requestMail('en', aFinal()).text).toContain('also include its outputs');
    expect(requestMail('en', aMilestone({ kind: 'output', title: 'Policy brief' })).text).toContain('also include its outputs');
    expect(requestMail('id', aFinal()).text).toContain('sertakan juga luarannya');
    for (const kind of ['plan', 'progress', 'monitoring'] as const) expect(requestMail('en', aMilestone({ kind })).text).not.toContain('outputs');
  });

  it('shows a due date moved by an extension, with the date it was moved from', () => {
    const extended = aMilestone({
      dueDate: '2027-04-10',
      extensions: [
        {
          number: 1,
          requestedAt: '2027-03-15T03:00:00.000Z',
          previousDueDate: '2027-03-20',
          newDueDate: '2027-04-10',
          reason: 'Izin',
          status: 'APPROVED',
        },
      ],
    });
    expect(requestMail('en', extended).text).toContain('Due date: 10 April 2027 (extended from 20 March 2027)');
  });

  it('in a revision round, says the reviewers sent it back and quotes the comments of the last round only', () => {
    const milestone = aMilestone({
      status: 'REVISION_REQUESTED',
      round: 3,
      submissions: [],
      reviews: [
        review({ round: 1, reviewer: 'coordinator', action: 'revise', comment: 'Komentar putaran satu.' }),
        review({ round: 1, reviewer: 'coReviewer', action: 'approve', comment: 'Baik.' }),
        review({ round: 2, reviewer: 'coordinator', action: 'revise', comment: 'Tambahkan <i>jadwal</i> & lokasi.', by: { name: 'Bambang Koordinator' } }),
        review({ round: 2, reviewer: 'coReviewer', action: 'revise', comment: 'Perjelas metode sampling.', at: '2027-03-25T03:00:00.000Z' }),
      ],
    });
    const en = requestMail('en', milestone);
    expect(en.subject).toBe(`[Sinergi] Milestone revision requested: ${milestoneTitle} (${projectTitle})`);
    expect(en.text).toContain('The reviewers sent the milestone');
    expect(en.text).toContain("The BKPSDM coordinator's comment (Bambang Koordinator):\n> Tambahkan <i>jadwal</i> & lokasi.");
    expect(en.text).toContain("The university's co-reviewer's comment:\n> Perjelas metode sampling.");
    expect(en.html).toContain('Tambahkan &lt;i&gt;jadwal&lt;/i&gt; &amp; lokasi.');
    expect(en.text).not.toContain('Komentar putaran satu.');
    expect(en.text).not.toContain('Baik.');
    expect(en.text).toContain('Round: 3 (revision)');
    expect(en.text).toContain('The versions sent before, and their reviews, stay readable on the submission page.');
    expect(en.text.indexOf('Tambahkan')).toBeLessThan(en.text.indexOf('Perjelas'));

    const id = requestMail('id', milestone);
    expect(id.subject).toBe(`[Sinergi] Tahap perlu revisi: ${milestoneTitle} (${projectTitle})`);
    expect(id.text).toContain('Para peninjau mengembalikan tahap');
    expect(id.text).toContain('Komentar koordinator BKPSDM (Bambang Koordinator):');
    expect(id.text).toContain('Komentar peninjau dari perguruan tinggi:');
    expect(id.text).toContain('Versi yang dikirim sebelumnya beserta tinjauannya tetap dapat dibaca');
  });

  it('under the `any` rule, quotes only the decision that sent it back', () => {
    const milestone = aMilestone({
      review: 'any',
      status: 'REVISION_REQUESTED',
      round: 2,
      reviews: [
        review({ round: 1, reviewer: 'coReviewer', action: 'revise', comment: 'Perlu data tambahan.', at: '2027-03-24T03:00:00.000Z' }),
        review({ round: 1, reviewer: 'coordinator', action: 'approve', comment: 'Sudah cukup.', at: '2027-03-25T03:00:00.000Z' }),
      ],
    });
    const text = requestMail('en', milestone).text;
    expect(text).toContain('Perlu data tambahan.');
    expect(text).not.toContain('Sudah cukup.');
  });

  it('marks a reminder and an overdue follow-up', () => {
    const reminder = requestMail('en', aMilestone(), 'reminder');
    expect(reminder.subject).toMatch(/^\[Sinergi\] Reminder — milestone open for submission:/);
    expect(reminder.text).toContain('This is a reminder: the request below is still waiting for you.');
    const overdue = requestMail('id', aMilestone(), 'escalation');
    expect(overdue.subject).toMatch(/^\[Sinergi\] Terlambat — tahap dibuka untuk pengiriman:/);
    expect(overdue.text).toContain('sudah lewat tanpa pengiriman, sehingga tahap ini kini tercatat terlambat');
    expect(requestMail('en').text).not.toContain('This is a reminder');
  });
});

describe('milestoneReminderEmail', () => {
  const reminder = (lang: Language, daysBefore: (typeof REMINDER_DAYS_BEFORE)[number]) =>
    milestoneReminderEmail({ project: aProject(lang), milestone: aMilestone(), url: submitUrl, daysBefore });

  it.each([
    [
      14,
      'Reminder — milestone due in 14 days',
      `is due in 14 days, on 20 March 2027`,
      'Pengingat — tenggat tahap 14 hari lagi',
      'tinggal 14 hari lagi, yaitu 20 Maret 2027',
    ],
    [
      7,
      'Reminder — milestone due in 7 days',
      'is due in 7 days, on 20 March 2027',
      'Pengingat — tenggat tahap 7 hari lagi',
      'tinggal 7 hari lagi, yaitu 20 Maret 2027',
    ],
    [
      3,
      'Reminder — milestone due in 3 days',
      'is due in 3 days, on 20 March 2027',
      'Pengingat — tenggat tahap 3 hari lagi',
      'tinggal 3 hari lagi, yaitu 20 Maret 2027',
    ],
    [1, 'Reminder — milestone due tomorrow', 'is due tomorrow, 20 March 2027', 'Pengingat — tenggat tahap besok', 'adalah besok, 20 Maret 2027'],
    [0, 'Reminder — milestone due today', 'is due today, 20 March 2027', 'Pengingat — tenggat tahap hari ini', 'adalah hari ini, 20 Maret 2027'],
  ] as const)('%i days before: says when it is due', (daysBefore, enSubject, enText, idSubject, idText) => {
    const en = reminder('en', daysBefore);
    expect(en.subject).toBe(`[Sinergi] ${enSubject}: ${milestoneTitle} (${projectTitle})`);
    expect(en.text).toContain(enText);
    const id = reminder('id', daysBefore);
    expect(id.subject).toBe(`[Sinergi] ${idSubject}: ${milestoneTitle} (${projectTitle})`);
    expect(id.text).toContain(idText);
    expectLink(en, submitUrl);
  });

  it('covers every reminder the rules send', () => {
    for (const daysBefore of REMINDER_DAYS_BEFORE) expect(reminder('en', daysBefore).text).toContain('due');
  });

  it('on the due date, says until when it is on time', () => {
    expect(reminder('en', 0).text).toContain('It can still be sent on time until the end of today; from 21 March 2027 at 00:00 WIB it is marked overdue.');
    expect(reminder('en', 1).text).not.toContain('end of today');
  });

  it('writes to the lead in the project’s language', () => {
    expectWrittenIn(reminder('id', 3), 'id', 'Dr. Sari Lestari');
    expectWrittenIn(reminder('en', 3), 'en', 'Dr. Sari Lestari');
  });
});

describe('milestoneOverdueEmail', () => {
  const project = aProject('en');

  it('tells the lead it is overdue since 00:00 WIB after the due date, that it can still be sent with a reason, and when the heads hear of it', () => {
    const mail = milestoneOverdueEmail({ project, milestone: aMilestone(), url: submitUrl, to: 'lead', language: 'en' });
    expect(mail.subject).toBe(`[Sinergi] Milestone overdue: ${milestoneTitle} (${projectTitle})`);
    expect(mail.text).toContain('was due on 20 March 2027 and it has not been sent, so since 21 March 2027 at 00:00 WIB it is marked overdue.');
    expect(mail.text).toContain('You can still send it through the link below; the page will ask you for the reason for the delay.');
    expect(mail.text).toContain("If it has still not been sent by 28 March 2027 at 00:00 WIB, the head of agency and the partner's contact are told");
    expectLink(mail, submitUrl);
  });

  it('without a link, points the lead to the link of the opening mail', () => {
    const mail = milestoneOverdueEmail({ project, milestone: aMilestone(), to: 'lead' });
    expect(mail.text).toContain('through the link in the mail that opened this milestone');
    expect(mail.html).not.toContain('href=');
    expectWrittenIn(mail, 'en', 'Dr. Sari Lestari');
  });

  it('says it is the revision that is late in a revision round', () => {
    const mail = milestoneOverdueEmail({ project, milestone: aMilestone({ status: 'REVISION_REQUESTED', round: 2 }), url: submitUrl, to: 'lead' });
    expect(mail.text).toContain('and its revision has not been sent');
  });

  it('tells the coordinator who is late, without a link, pointing to the coordinators’ API', () => {
    const mail = milestoneOverdueEmail({ project, milestone: aMilestone(), url: submitUrl, to: 'coordinator', language: 'id' });
    expectWrittenIn(mail, 'id', 'Koordinator BKPSDM');
    expect(mail.subject).toBe(`[Sinergi] Tahap melewati tenggat: ${milestoneTitle} (${projectTitle})`);
    expect(mail.text).toContain(
      'Tahap berikut belum dikirim oleh ketua peneliti, Dr. Sari Lestari (sari@uns.example), dan sejak 21 Maret 2027 pukul 00.00 WIB tercatat terlambat.',
    );
    expect(mail.text).toContain('Nomor proyek: rp-2027-001');
    expect(mail.text).toContain('API koordinator (GET /api/projects/rp-2027-001)');
    expect(mail.html).not.toContain('href=');
    expect(mail.text).not.toContain(submitUrl);
    expect(milestoneOverdueEmail({ project, milestone: aMilestone(), to: 'coordinator', language: 'en' }).text).toContain(
      "You can follow it on the coordinators' API (GET /api/projects/rp-2027-001).",
    );
  });
});

describe('milestoneEscalationEmail', () => {
  it('tells the head of agency what is late since when, who leads it, and that the partner is told too', () => {
    const mail = milestoneEscalationEmail({ project: aProject('id'), milestone: aMilestone(), to: 'head', recipientName: 'Kepala BKPSDM', language: 'id' });
    expect(mail.subject).toBe(`[Sinergi] Tahap terlambat 7 hari: ${milestoneTitle} (${projectTitle})`);
    expect(mail.text).toContain('bertenggat 20 Maret 2027 dan sudah terlambat 7 hari: belum dikirim sejak 21 Maret 2027 pukul 00.00 WIB');
    expect(mail.text).toContain('Ketua penelitinya adalah Dr. Sari Lestari (sari@uns.example).');
    expect(mail.text).toContain('Narahubung mitra: Wulan Sari <wulan@uns.example>');
    expect(mail.text).toContain('narahubung mitra juga diberi tahu hari ini');
  });

  it('tells the partner’s contact about their project, and that the head of BKPSDM is told too', () => {
    const mail = milestoneEscalationEmail({ project: aProject('id', {}, 'en'), milestone: aMilestone(), to: 'partner', recipientName: 'Wulan Sari' });
    expectWrittenIn(mail, 'en', 'Wulan Sari');
    expect(mail.subject).toBe(`[Sinergi] Milestone 7 days overdue: ${milestoneTitle} (${projectTitle})`);
    expect(mail.text).toContain(`of your research project “${projectTitle}” was due on 20 March 2027 and is 7 days overdue`);
    expect(mail.text).toContain('Its lead researcher is Dr. Sari Lestari (sari@uns.example).');
    expect(mail.text).toContain('the head of BKPSDM is told today as well');
    expect(mail.text).not.toContain("Partner's contact:");
  });
});

describe('coReviewRequestEmail', () => {
  it('tells a reviewer the milestone was sent, quoting the latest summary and late reason, escaped in the HTML', () => {
    const mail = reviewMail('en');
    expect(mail.subject).toBe(`[Sinergi] Review needed of a milestone: ${milestoneTitle} (${projectTitle})`);
    expect(mail.text).toContain(
      `Dr. Sari Lestari, the lead researcher of the project “${projectTitle}” (Universitas Sebelas Maret), has sent the milestone “${milestoneTitle}” (round 1).`,
    );
    expect(mail.text).toContain("The lead's summary:\n> Instrumen survei <i>disusun</i> & diuji.");
    expect(mail.text).toContain('Reason for the delay:\n> Izin lokasi terlambat.');
    expect(mail.html).toContain('Instrumen survei &lt;i&gt;disusun&lt;/i&gt; &amp; diuji.');
    expect(mail.text).toContain('Submitted on: 22 March 2027 at 09:00 WIB');
    expect(mail.text).toContain('Deadline: 29 March 2027 at 10:00 WIB');
    expect(mail.text).toContain('Please decide before 29 March 2027 at 10:00 WIB.');
  });

  it('quotes the latest of several submissions, and no late reason when it came on time', () => {
    const milestone = aSubmittedMilestone({
      round: 2,
      submissions: [
        ...aSubmittedMilestone().submissions,
        { round: 2, summary: 'Jadwal dilengkapi.', submittedAt: '2027-04-02T02:00:00.000Z', by: { name: 'Dr. Sari Lestari', email: 'sari@uns.example' } },
      ],
    });
    const text = reviewMail('en', { round: 2 }, milestone).text;
    expect(text).toContain('> Jadwal dilengkapi.');
    expect(text).not.toContain('Instrumen survei');
    expect(text).not.toContain('Reason for the delay');
  });

  it('asks a co-reviewer to approve or ask for a revision, naming the choices of the page', () => {
    const en = reviewMail('en');
    expect(en.text).toContain('Please review it as the BKPSDM coordinator: approve the milestone, or ask for a revision.');
    expect(en.text).toContain('A revision request needs a comment telling the lead what to change.');
    expect(en.text).toContain('(Approve the milestone, Ask for a revision) and press “Send decision”');
    expect(en.text).toContain('Your role: BKPSDM coordinator');
    expect(en.text).toContain('The other reviewer: Prof. Hadi Santoso');
    expect(en.text).toContain('Round: 1 (of at most 3 co-reviewed rounds)');
    expect(en.text).not.toContain('decide it alone');
    const co = reviewMail('id', { reviewer: 'coReviewer', holder: { name: 'Prof. Hadi Santoso', email: 'lppm@uns.example', language: 'id' } });
    expect(co.text).toContain('Mohon tinjau sebagai peninjau dari perguruan tinggi: setujui tahap ini, atau minta revisi.');
    expect(co.text).toContain('Peninjau lain: Koordinator BKPSDM');
    expect(co.text).toContain('(Setujui tahap, Minta revisi) lalu menekan “Kirim keputusan”');
  });

  // The same explanation as the co-review page's, which the link opens.
  it('explains the `all` rule: both must approve, and a revision goes back once both have decided', () => {
    const text = reviewMail('en').text;
    expect(text).toContain('Review rule: Both reviewers must approve');
    expect(text).toContain(
      "Both reviewers must approve: this milestone is approved when you and the university's co-reviewer (Prof. Hadi Santoso) both approve it. A revision request goes back to the lead researcher once both of you have decided",
    );
    expect(text).not.toContain('decides first');
    expect(reviewMail('id').text).toContain(
      'Kedua peninjau harus menyetujui: tahap ini disetujui bila Anda dan peninjau dari perguruan tinggi (Prof. Hadi Santoso) sama-sama menyetujuinya.',
    );
  });

  it('explains the `any` rule: the first decision decides', () => {
    const text = reviewMail('en', {}, aSubmittedMilestone({ review: 'any' })).text;
    expect(text).toContain('Review rule: The first decision decides');
    expect(text).toContain(
      "The first decision decides: whichever of you and the university's co-reviewer (Prof. Hadi Santoso) decides first decides this milestone, and closes the other reviewer's link.",
    );
    expect(text).not.toContain('both approve it');
  });

  it('names the coordinator as the other reviewer in the co-reviewer’s explanation of the rule', () => {
    const text = reviewMail('en', { reviewer: 'coReviewer', holder: { name: 'Prof. Hadi Santoso', email: 'lppm@uns.example', language: 'en' } }).text;
    expect(text).toContain('this milestone is approved when you and the BKPSDM coordinator both approve it.');
  });

  it('warns in the last co-reviewed round that a revision request goes to the coordinator alone', () => {
    expect(reviewMail('en', { round: 3 }, aSubmittedMilestone({ round: 3 })).text).toContain('This is the last co-reviewed round');
    expect(reviewMail('en').text).not.toContain('last co-reviewed round');
  });

  it('asks the coordinator alone to approve or close as not accepted, because the rounds ran out', () => {
    const milestone = aSubmittedMilestone({
      round: 3,
      reviews: [
        review({ round: 3, reviewer: 'coordinator', action: 'revise', comment: 'Masih kurang.' }),
        review({ round: 3, reviewer: 'coReviewer', action: 'approve' }),
      ],
    });
    const mail = reviewMail('en', { sole: true, round: 3, actions: ['approve', 'reject'] }, milestone);
    expect(mail.subject).toBe(`[Sinergi] Decision needed on a milestone: ${milestoneTitle} (${projectTitle})`);
    expect(mail.text).toContain('Please decide it alone: approve the milestone, or close it as not accepted.');
    expect(mail.text).toContain('After 3 rounds reviewed by both the BKPSDM coordinator and the university');
    expect(mail.text).toContain('Review rule: Decided by the BKPSDM coordinator alone');
    expect(mail.text).toContain('(Approve the milestone, Close as not accepted)');
    expect(mail.text).not.toContain('ask for a revision');
    expect(mail.text).not.toContain('The other reviewer');
    expect(mail.text).not.toContain('Both reviewers must approve');
  });

  it('asks the coordinator alone when the two reviews left the round open', () => {
    const milestone = aSubmittedMilestone({
      reviews: [review({ round: 1, reviewer: 'coordinator', action: 'approve' }), review({ round: 1, reviewer: 'coReviewer', action: 'expired' })],
    });
    const en = reviewMail('en', { sole: true, actions: ['approve', 'reject'] }, milestone);
    expect(en.text).toContain('The two reviews of this round left it undecided');
    expect(en.text).not.toContain('After 3 rounds');
    const id = reviewMail('id', { sole: true, actions: ['approve', 'reject'] }, milestone);
    expect(id.subject).toMatch(/^\[Sinergi\] Mohon keputusan atas tahap:/);
    expect(id.text).toContain('Mohon putuskan sendiri: setujui tahap ini, atau tutup sebagai tidak diterima.');
    expect(id.text).toContain('Tinjauan kedua peninjau pada putaran ini belum menghasilkan keputusan');
  });

  it('tells the first holder who takes over if they do not decide, but not the backup', () => {
    expect(reviewMail('en').text).toContain("If there is no decision by then, the request passes to the coordinators' backup.");
    expect(reviewMail('en', { reviewer: 'coReviewer' }).text).toContain("the request passes to the partner's contact.");
    expect(reviewMail('en', { attempt: 'backup' }, aSubmittedMilestone(), 'escalation').text).not.toContain('the request passes to');
  });

  it('marks a reminder, and tells each backup who did not respond', () => {
    const reminder = reviewMail('id', {}, aSubmittedMilestone(), 'reminder');
    expect(reminder.subject).toMatch(/^\[Sinergi\] Pengingat — mohon tinjauan tahap:/);
    expect(reminder.text).toContain('Ini pengingat: permintaan berikut masih menunggu tanggapan Anda.');

    const coordinatorBackup = reviewMail(
      'en',
      { attempt: 'backup', holder: { name: 'Rina Cadangan', email: 'cadangan@surakarta.go.id', language: 'en' } },
      aSubmittedMilestone(),
      'escalation',
    );
    expectWrittenIn(coordinatorBackup, 'en', 'Rina Cadangan');
    expect(coordinatorBackup.subject).toMatch(/^\[Sinergi\] Passed to you — review needed of a milestone:/);
    expect(coordinatorBackup.text).toContain(
      "The person first asked at this step (the BKPSDM coordinator) did not respond before the deadline. As the backup (the coordinators' backup)",
    );

    const partnerBackup = reviewMail(
      'id',
      { reviewer: 'coReviewer', attempt: 'backup', holder: { name: 'Wulan Sari', email: 'wulan@uns.example', language: 'id' } },
      aSubmittedMilestone(),
      'escalation',
    );
    expectWrittenIn(partnerBackup, 'id', 'Wulan Sari');
    expect(partnerBackup.text).toContain(
      'Orang yang pertama diminta pada tahap ini (Prof. Hadi Santoso, peninjau dari perguruan tinggi) belum menanggapi sebelum batas waktunya. Sebagai penyetuju cadangan (narahubung mitra)',
    );
    expect(reviewMail('en').text).not.toContain('did not respond');
  });
});

describe('milestoneApprovedEmail', () => {
  it('tells the lead the milestone was approved, with the last round’s comments, and that the next one opens by mail', () => {
    const milestone = aMilestone({
      status: 'APPROVED',
      round: 2,
      approvedAt: '2027-04-05T03:00:00.000Z',
      reviews: [
        review({ round: 1, reviewer: 'coordinator', action: 'revise', comment: 'Lengkapi jadwal.' }),
        review({ round: 2, reviewer: 'coordinator', action: 'approve', comment: 'Terima kasih, <b>lengkap</b>.' }),
        review({ round: 2, reviewer: 'coReviewer', action: 'approve' }),
      ],
    });
    const mail = milestoneApprovedEmail({ project: aProject('en'), milestone });
    expect(mail.subject).toBe(`[Sinergi] Milestone approved: ${milestoneTitle} (${projectTitle})`);
    expect(mail.text).toContain(`The milestone “${milestoneTitle}” of the project “${projectTitle}” was approved on 5 April 2027 at 10:00 WIB.`);
    expect(mail.text).toContain("The BKPSDM coordinator's comment:\n> Terima kasih, <b>lengkap</b>.");
    expect(mail.html).toContain('Terima kasih, &lt;b&gt;lengkap&lt;/b&gt;.');
    expect(mail.text).not.toContain('Lengkapi jadwal.');
    expect(mail.text).toContain('The next milestone, “Kemajuan survei” (due 31 July 2027), opens ahead of its due date');
    expect(mail.text).not.toContain('completed');
    expect(mail.text).not.toContain('JP');
  });

  it('quotes no comment when the reviewers gave none', () => {
    const mail = milestoneApprovedEmail({ project: aProject('id'), milestone: aMilestone({ status: 'APPROVED', round: 1 }) });
    expect(mail.subject).toBe(`[Sinergi] Tahap disetujui: ${milestoneTitle} (${projectTitle})`);
    expect(mail.text).not.toContain('Komentar');
  });

  it('says the project is completed and the members’ JP recorded when the final report is approved', () => {
    const final = aFinal({
      status: 'APPROVED',
      round: 1,
      reviews: [review({ round: 1, reviewer: 'coordinator', action: 'approve', sole: true, comment: 'Diterima.' })],
    });
    const en = milestoneApprovedEmail({ project: aProject('en'), milestone: final });
    expect(en.subject).toBe(`[Sinergi] Final report approved — project completed: Laporan akhir dan luaran (${projectTitle})`);
    expect(en.text).toContain("with its approval the research project is completed, and the ASN members' JP are recorded in their JP record");
    expect(en.text).toContain("The BKPSDM coordinator's comment:\n> Diterima.");
    expect(en.text).not.toContain('The next milestone');
    const id = milestoneApprovedEmail({ project: aProject('id'), milestone: final });
    expect(id.subject).toMatch(/^\[Sinergi\] Laporan akhir disetujui — proyek selesai:/);
    expect(id.text).toContain('proyek penelitian ini selesai, dan JP anggota ASN dicatat');
  });
});

describe('milestoneNotAcceptedEmail', () => {
  it('tells the lead the coordinator closed it after the review rounds, quoting the reason escaped in the HTML', () => {
    const mail = milestoneNotAcceptedEmail({
      project: aProject('en'),
      milestone: aMilestone({ status: 'NOT_ACCEPTED', round: 4 }),
      comment: 'Data <b>tidak</b> & valid.',
    });
    expect(mail.subject).toBe(`[Sinergi] Milestone not accepted: ${milestoneTitle} (${projectTitle})`);
    expect(mail.text).toContain('after its review rounds, the BKPSDM coordinator closed the milestone');
    expect(mail.text).toContain("The BKPSDM coordinator's reason:\n> Data <b>tidak</b> & valid.");
    expect(mail.html).toContain('Data &lt;b&gt;tidak&lt;/b&gt; &amp; valid.');
    expect(mail.text).not.toContain('final report is approved');
  });

  it('says a final report not accepted credits no JP, and quotes nothing without a reason', () => {
    const mail = milestoneNotAcceptedEmail({ project: aProject('id'), milestone: aFinal({ status: 'NOT_ACCEPTED', round: 4 }) });
    expect(mail.subject).toBe(`[Sinergi] Tahap tidak diterima: Laporan akhir dan luaran (${projectTitle})`);
    expect(mail.text).toContain('JP anggota ASN hanya dicatat setelah laporan akhir disetujui.');
    expect(mail.text).not.toContain('Alasan koordinator');
  });
});

describe('projectCompletedEmail', () => {
  const project = { ...aProject('id'), status: 'COMPLETED' as const };

  it('tells a member their JP and the year they are credited for, counting toward the yearly minimum', () => {
    const mail = projectCompletedEmail({
      project,
      to: { name: 'Dewi Anggraini', email: 'dewi@surakarta.go.id', language: 'id' },
      role: 'member',
      jpHours: 30,
      year: 2028,
    });
    expect(mail.subject).toBe(`[Sinergi] Proyek selesai — 30 JP dicatat: ${projectTitle} (Universitas Sebelas Maret)`);
    expect(mail.text).toContain('30 JP pengembangan kompetensi dicatat untuk Anda pada tahun 2028 dalam catatan JP Anda.');
    expect(mail.text).toContain('JP yang dicatat: 30 JP');
    expect(mail.text).toContain('Tahun pencatatan: 2028');
    expect(mail.text).toContain('minimal 20 JP per tahun yang menjadi hak setiap PNS');
    const en = projectCompletedEmail({
      project,
      to: { name: 'Dewi Anggraini', email: 'dewi@surakarta.go.id', language: 'en' },
      role: 'member',
      jpHours: 30,
      year: 2028,
    });
    expect(en.subject).toBe(`[Sinergi] Project completed — 30 JP credited: ${projectTitle} (Universitas Sebelas Maret)`);
    expect(en.text).toContain('30 JP of competency development are credited to you for 2028 in your JP record.');
    expect(en.text).toContain('They count toward the minimum of 20 JP of competency development a year every PNS is owed.');
  });

  it('finds a member’s JP on the team, and the year the project ends, when not given', () => {
    const mail = projectCompletedEmail({ project, to: { name: 'Agus Prasetyo', email: 'Agus@dinkes.surakarta.go.id', language: 'en' }, role: 'member' });
    expect(mail.text).toContain('20 JP of competency development are credited to you for 2027');
    // A PPPK is owed no PNS minimum.
    expect(mail.text).not.toContain('every PNS is owed');
    const stranger = projectCompletedEmail({ project, to: { name: 'Someone Else', email: 'else@surakarta.go.id', language: 'en' }, role: 'member' });
    expect(stranger.text).toContain('Your JP of competency development from this project are credited to you for 2027');
  });

  it('thanks the partner’s contact: the project and its milestones are complete', () => {
    const mail = projectCompletedEmail({ project, to: project.partner, role: 'partner' });
    expect(mail.subject).toBe(`[Sinergi] Proyek selesai: ${projectTitle} (Universitas Sebelas Maret)`);
    expect(mail.text).toContain(`Terima kasih. Proyek penelitian “${projectTitle}” beserta seluruh tahapnya telah selesai`);
    expect(mail.text).toContain('Tahap 1: Rencana kerja lapangan — Rencana penelitian · tenggat 20 Maret 2027');
    expect(mail.text).toContain('Tahap 3: Laporan akhir dan luaran — Laporan akhir · tenggat 10 Desember 2027');
    expect(mail.text).not.toContain('dicatat untuk Anda');
  });
});

describe('coReviewRequestEmail: outputs', () => {
  const outputs: ResearchOutput[] = [
    { type: 'publication', title: 'Kualitas <b>layanan</b> & MPP', venue: 'Jurnal Administrasi Publik', status: 'published', doi: '10.31294/mpp.2027.12' },
    { type: 'intellectualProperty', title: 'Instrumen survei', ipType: 'copyright', number: 'EC00202712345', status: 'registered' },
    { type: 'dataset', title: 'Data survei', url: 'https://data.surakarta.go.id/survei-mpp' },
  ];
  /** The final report sent with `sentOutputs`, as its latest submission. */
  const sentFinal = (sentOutputs: ResearchOutput[] | undefined, earlier: ResearchOutput[] = []) =>
    aFinal({
      status: 'IN_REVIEW',
      round: 2,
      submissions: [
        { ...aSubmittedMilestone().submissions[0]!, outputs: earlier },
        {
          round: 2,
          summary: 'Laporan akhir.',
          ...(sentOutputs ? { outputs: sentOutputs } : {}),
          submittedAt: '2027-12-05T02:00:00.000Z',
          by: { name: 'Dr. Sari Lestari', email: 'sari@uns.example' },
        },
      ],
    });

  it('lists the latest submission’s outputs as numbered lines, after its summary', () => {
    const text = reviewMail('en', { round: 2 }, sentFinal(outputs)).text;
    const lines = [
      'Outputs 1 — Publication: Kualitas <b>layanan</b> & MPP · Jurnal Administrasi Publik · Published · DOI 10.31294/mpp.2027.12',
      'Outputs 2 — Intellectual property: Instrumen survei · Copyright · No. EC00202712345 · Registered',
      'Outputs 3 — Dataset: Data survei · https://data.surakarta.go.id/survei-mpp',
    ];
    expect(text).toContain(lines.join('\n'));
    expect(text.indexOf("The lead's summary:\n> Laporan akhir.")).toBeLessThan(text.indexOf(lines[0]!));
    expect(text.indexOf(lines[0]!)).toBeLessThan(text.indexOf('Please decide before'));
  });

  it('writes them in the reader’s language', () => {
    const text = reviewMail('id', { round: 2 }, sentFinal(outputs)).text;
    expect(text).toContain(
      'Luaran 1 — Publikasi ilmiah: Kualitas <b>layanan</b> & MPP · Jurnal Administrasi Publik · Terbit (published) · DOI 10.31294/mpp.2027.12',
    );
    expect(text).toContain('Luaran 2 — Kekayaan intelektual (KI): Instrumen survei · Hak cipta · No. EC00202712345 · Tercatat / terdaftar');
    expect(text).toContain('Luaran 3 — Set data: Data survei · https://data.surakarta.go.id/survei-mpp');
  });

  it('escapes an output’s title in the HTML', () => {
    const { html } = reviewMail('en', { round: 2 }, sentFinal(outputs));
    expect(html).toContain('Outputs 1 — Publication</th>');
    expect(html).toContain('Kualitas &lt;b&gt;layanan&lt;/b&gt; &amp; MPP · Jurnal Administrasi Publik · Published · DOI 10.31294/mpp.2027.12');
    expect(html).not.toContain('<b>layanan');
  });

  it('lists no outputs when the latest submission has none, nor an earlier round’s', () => {
    const earlier: ResearchOutput[] = [{ type: 'other', title: 'Luaran putaran satu' }];
    for (const mail of [reviewMail('en', { round: 2 }, sentFinal([], earlier)), reviewMail('en', { round: 2 }, sentFinal(undefined, earlier))]) {
      expect(mail.text).not.toContain('Outputs 1');
      expect(mail.text).not.toContain('Luaran putaran satu');
      expect(mail.html).not.toContain('Luaran putaran satu');
    }
    expect(reviewMail('en').text).not.toMatch(/^Outputs \d/m);
  });
});
