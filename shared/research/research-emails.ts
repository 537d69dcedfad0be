import { normalizedEmail } from '../kernel/asn/official-email.js';
import type { Person } from '../kernel/config.js';
import { type Bilingual, defaultLanguage, type Language } from '../kernel/i18n.js';
import { type Block, dear, mail, quoteIf, type RenderedMail, subjectLine } from '../kernel/mail/mail.js';
import { agencyContactEmail, fieldLabels, label, roleLabel } from '../kernel/pages/labels.js';
import { formatDateTime } from '../kernel/time.js';
import { projectStatusLabels, researchStepLabels } from './research-labels.js';
import type { ProjectMember, ProjectRecord, ProjectWithTeam, ResearchStepLink } from './research-records.js';
import {
  consentMember,
  decisionActions,
  decisionLabel,
  isResearchDecisionStep,
  jpText,
  kindPrefixes,
  mailWords,
  memberFacts,
  milestoneFacts,
  passedToBackup,
  prefixed,
  projectFacts,
  projectFieldLabels,
  type ResearchDecisionStep,
  researchWords,
  teamFacts,
} from './research-words.js';

export type { RenderedMail } from '../kernel/mail/mail.js';

/**
 * The mails of research projects: to the partner's contact (receipt, closing), to the holders
 * of the consent and plan-review links, to the members and the lead once the project is
 * active, and to the coordinator when a workflow stops on a fault. Each is written in its
 * reader's language; the words and facts they share with the pages and the milestone mails
 * come from research-words.
 */

const labels = {
  track: { id: 'Pantau proyek Anda di sini', en: 'Follow your project here' },
  projectPage: { id: 'Halaman proyek Anda', en: 'Your project page' },
  decide: { id: 'Buka halaman keputusan', en: 'Open the decision page' },
  reason: { id: 'Alasan', en: 'Reason' },
  supervisorReason: { id: 'Alasan atasan Anda', en: "Your supervisor's reason" },
} satisfies Record<string, Bilingual>;

/** A subject naming the project by its title, and by `aside` (its institution unless said otherwise). */
function projectSubject(prefix: string, project: ProjectRecord, aside: string = project.institution): string {
  return subjectLine(prefix, project.data.title, aside);
}

function trackLink(url: string, lang: Language): Block {
  return { kind: 'link', label: labels.track[lang], url };
}

const anotherProject: Bilingual = {
  id: `Anda dapat mengajukan proyek kembali melalui halaman mitra Anda, atau menghubungi koordinator BKPSDM di ${agencyContactEmail}.`,
  en: `You may propose the project again through your partner page, or write to the BKPSDM coordinator at ${agencyContactEmail}.`,
};

// ---------------------------------------------------------------------------------------------

/** To the partner's contact, right after proposing: it arrived, who is asked in what order, and where to follow it. */
export function projectReceiptEmail(args: { project: ProjectWithTeam; trackingUrl: string }): RenderedMail {
  const { project, trackingUrl } = args;
  const lang = project.partner.language;
  const id = lang === 'id';
  const blocks: Block[] = [
    {
      kind: 'p',
      text: id
        ? 'Terima kasih. Proyek penelitian Anda sudah kami terima dan akan ditinjau oleh BKPSDM Kota Surakarta.'
        : 'Thank you. We have received your research project; BKPSDM Kota Surakarta will now review it.',
    },
    { kind: 'facts', facts: projectFacts(project, lang, { coReviewer: true }) },
    { kind: 'p', strong: true, text: researchWords.team[lang] },
    { kind: 'facts', facts: teamFacts(project.members, lang, { consent: false }) },
    {
      kind: 'p',
      text: id
        ? 'Langkah berikutnya:\n1. Atasan langsung setiap anggota ASN diminta melalui email menyetujui keikutsertaan anggotanya.\n2. Setelah semua atasan menjawab, koordinator BKPSDM meninjau rencana penelitian: menyetujuinya, meminta revisi, atau menolaknya.\n3. Bila rencana disetujui, proyek berjalan, dan ketua peneliti serta setiap anggota ASN menerima tautan halaman proyeknya.'
        : "What happens next:\n1. Each ASN member's supervisor is asked by email to consent to their taking part.\n2. Once every supervisor has answered, the BKPSDM coordinator reviews the research plan: they approve it, ask for a revision, or reject it.\n3. If the plan is approved, the project becomes active, and the lead researcher and each ASN member receive the link to their project page.",
    },
    {
      kind: 'p',
      text: id
        ? 'Anggota yang tidak disetujui atasannya, atau yang atasannya tidak menjawab tepat waktu, keluar dari tim. Proyek berlanjut selama masih ada sekurang-kurangnya satu anggota ASN.'
        : 'A member whose supervisor does not consent, or does not answer in time, leaves the team. The project goes on as long as at least one ASN member remains.',
    },
    {
      kind: 'p',
      text: id
        ? 'Setiap perkembangan dikirim ke alamat email ini. Anda juga dapat memantau proyek kapan saja melalui tautan pribadi berikut; mohon jangan membagikannya.'
        : 'Every step will be sent to this email address. You can also follow the project at any time through the private link below; please do not share it.',
    },
    trackLink(trackingUrl, lang),
  ];
  return mail(lang, projectSubject(id ? 'Proyek penelitian diterima' : 'Research project received', project), dear(project.partner.name, lang), blocks);
}

const stepSubjects: Record<ResearchDecisionStep, Bilingual> = {
  consent: { id: 'Mohon persetujuan keikutsertaan anggota', en: "Consent needed to a member's taking part" },
  'plan-review': { id: 'Mohon tinjauan rencana penelitian', en: 'Review needed of a research plan' },
};

/** Who was first asked at a step, as the backup is told. */
function firstHolder(step: ResearchDecisionStep, member: ProjectMember | undefined, lang: Language): string {
  if (step === 'consent' && member)
    return lang === 'id' ? `${member.supervisor.name}, atasan langsung ${member.name}` : `${member.supervisor.name}, ${member.name}'s supervisor`;
  return lang === 'id' ? 'Koordinator BKPSDM' : 'the BKPSDM coordinator';
}

/**
 * To the holder of a consent or plan-review link, in their language: what is asked, the member
 * or the plan, the deadline and the link. `request` is the first ask, `reminder` sends the same
 * link again, and `escalation` goes to the backup after the first holder (the member's
 * supervisor, or the coordinator) let the deadline pass; for consent the backup is the BKPSDM
 * coordinator. A link of another step is a fault of the caller and throws.
 */
export function researchStepEmail(args: {
  link: ResearchStepLink;
  project: ProjectWithTeam;
  url: string;
  kind: 'request' | 'reminder' | 'escalation';
}): RenderedMail {
  const { link, project, url, kind } = args;
  const lang = link.holder.language;
  const id = lang === 'id';
  if (!isResearchDecisionStep(link.step)) throw new RangeError(`No request mail for the research step ${link.step}`);
  const step = link.step;
  const member = step === 'consent' ? consentMember(link, project) : undefined;
  const deadline = formatDateTime(link.expiresAt, lang);
  const { data } = project;

  const opening: Record<typeof kind, string[]> = {
    request: [],
    reminder: [mailWords.reminderOpening[lang]],
    escalation: [passedToBackup(firstHolder(step, member, lang), lang)],
  };

  const ask = member
    ? id
      ? `${project.institution} mengajukan proyek penelitian berikut dengan ${member.name} sebagai anggota tim, dan menyebut Anda sebagai atasan langsungnya. Mohon putuskan apakah ${member.name} boleh ikut serta. Bila ikut, ${jpText(member.jpHours)} pengembangan kompetensi dicatat untuknya setelah tahap akhir proyek disetujui.`
      : `${project.institution} proposed the research project below with ${member.name} on its team, and named you as their supervisor. Please decide whether ${member.name} may take part. If they do, ${jpText(member.jpHours)} of competency development are credited to them once the project's final milestone is approved.`
    : id
      ? `${project.institution} mengajukan proyek penelitian berikut, dan atasan langsung anggota ASN-nya sudah menjawab. Mohon tinjau rencananya: setujui, minta revisi, atau tolak.`
      : `${project.institution} proposed the research project below, and its ASN members' supervisors have answered. Please review its plan: approve it, ask for a revision, or reject it.`;

  const round = link.round ?? project.round;
  const stepFacts = [
    { label: fieldLabels.step[lang], value: researchStepLabels[step][lang] },
    ...(step === 'plan-review'
      ? [
          {
            label: fieldLabels.round[lang],
            value: round > 1 ? `${round} (${id ? 'setelah revisi oleh mitra' : 'after a revision by the partner'})` : String(round),
          },
        ]
      : []),
    { label: fieldLabels.deadline[lang], value: deadline },
  ];

  const context: Block[] = member
    ? [
        { kind: 'facts', facts: memberFacts(member, lang) },
        { kind: 'facts', facts: projectFacts(project, lang, { summary: true }) },
        { kind: 'p', strong: true, text: researchWords.milestones[lang] },
        { kind: 'facts', facts: milestoneFacts(data.milestones, lang, { review: false }) },
      ]
    : [
        { kind: 'facts', facts: projectFacts(project, lang, { coReviewer: true, summary: true, objectives: true }) },
        { kind: 'p', strong: true, text: researchWords.team[lang] },
        { kind: 'facts', facts: teamFacts(project.members, lang, { consent: true }) },
        { kind: 'p', strong: true, text: researchWords.milestones[lang] },
        { kind: 'facts', facts: milestoneFacts(data.milestones, lang, { review: true }) },
      ];

  const buttons = decisionActions(link)
    .map((action) => decisionLabel(step, action)[lang])
    .join(', ');
  // The server refuses these choices without a comment: the member or the partner must learn why, or what to change.
  const needing = decisionActions(link).filter((action) => action === 'reject' || action === 'revise');
  const needingList = needing.map((action) => `“${decisionLabel(step, action)[lang]}”`).join(id ? ' atau ' : ' or ');
  const reasonNeeded =
    needing.length === 0
      ? undefined
      : member
        ? id
          ? `Bila memilih ${needingList}, tuliskan alasannya; alasan itu disampaikan kepada ${member.name}.`
          : `If you choose ${needingList}, please give your reason; ${member.name} is told it.`
        : id
          ? `Bila memilih ${needingList}, tuliskan komentar untuk mitra: apa yang perlu diubah, atau mengapa rencana ditolak.`
          : `If you choose ${needingList}, please write a comment for the partner: what to change, or why the plan is rejected.`;
  const byWhen = id ? `Mohon putuskan sebelum ${deadline}.` : `Please decide before ${deadline}.`;
  const passedOn =
    step === 'consent' && link.attempt === 'primary'
      ? id
        ? ' Bila belum ada keputusan saat itu, permintaan ini dialihkan kepada koordinator BKPSDM.'
        : ' If there is no decision by then, the request passes to the BKPSDM coordinator.'
      : '';

  const blocks: Block[] = [
    ...opening[kind].map((text): Block => ({ kind: 'p', text })),
    { kind: 'p', text: ask },
    { kind: 'facts', facts: stepFacts },
    ...context,
    { kind: 'link', label: labels.decide[lang], url, primary: true },
    {
      kind: 'note',
      text: id
        ? `Membuka tautan ini belum mengubah apa pun: tautan ini membuka halaman berisi rincian di atas, dan keputusan Anda baru tercatat saat Anda memilihnya di halaman itu (${buttons}) lalu menekan “Kirim keputusan”.`
        : `Opening this link changes nothing: it opens a page with the details above, and your decision is recorded only when you choose it on that page (${buttons}) and press “Send decision”.`,
    },
    ...(reasonNeeded ? [{ kind: 'p', text: reasonNeeded } satisfies Block] : []),
    { kind: 'p', text: `${byWhen}${passedOn}` },
    { kind: 'p', text: mailWords.doNotForward[lang] },
  ];

  const what = stepSubjects[step][lang];
  const prefix = kind === 'request' ? what : prefixed(kindPrefixes[kind][lang], what);
  return mail(lang, projectSubject(prefix, project, member ? member.name : project.institution), dear(link.holder.name, lang), blocks);
}

/**
 * To a member who is no longer on the team: their supervisor refused (with the reason they
 * gave) or did not answer in time. A member chose no language of their own; the city writes to
 * its staff in Indonesian unless the caller knows better.
 */
export function memberLeftEmail(args: { project: ProjectWithTeam; member: ProjectMember; reason: 'refused' | 'no-answer'; language?: Language }): RenderedMail {
  const { project, member, reason } = args;
  const lang = args.language ?? defaultLanguage;
  const id = lang === 'id';
  const supervisor = member.supervisor.name;
  const why: Record<typeof reason, Block[]> = {
    refused: [
      {
        kind: 'p',
        text: id
          ? `Atasan langsung Anda, ${supervisor}, tidak menyetujui keikutsertaan Anda, sehingga Anda tidak lagi tercantum dalam tim proyek ini.`
          : `Your supervisor, ${supervisor}, did not agree to your taking part, so you are no longer on the team of this project.`,
      },
      ...quoteIf(labels.supervisorReason[lang], member.consentComment),
    ],
    'no-answer': [
      {
        kind: 'p',
        text: id
          ? `Atasan langsung Anda, ${supervisor}, tidak menjawab permintaan persetujuan sebelum batas waktunya, sehingga Anda tidak lagi tercantum dalam tim proyek ini. Ini bukan penolakan.`
          : `Your supervisor, ${supervisor}, did not answer the request for consent before its deadline, so you are no longer on the team of this project. This is not a refusal.`,
      },
    ],
  };
  const blocks: Block[] = [
    {
      kind: 'p',
      text: id
        ? `${project.institution} mencantumkan Anda sebagai anggota tim proyek penelitian berikut.`
        : `${project.institution} listed you as a member of the team of the research project below.`,
    },
    { kind: 'facts', facts: projectFacts(project, lang) },
    ...why[reason],
    {
      kind: 'p',
      text: id
        ? `Proyek dapat tetap berjalan dengan anggota lain, tetapi JP proyek ini tidak dicatat untuk Anda. Bila ada yang keliru, bicarakan dengan atasan Anda atau hubungi koordinator BKPSDM di ${agencyContactEmail}.`
        : `The project may go on with its other members, but its JP are not credited to you. If something is wrong, talk to your supervisor or write to the BKPSDM coordinator at ${agencyContactEmail}.`,
    },
  ];
  return mail(lang, projectSubject(id ? 'Anda tidak lagi tercantum dalam tim' : 'You are no longer on the team', project), dear(member.name, lang), blocks);
}

/**
 * To the lead and to each member once the plan is approved: the project is active, and here is
 * their own private project page. The lead learns that each milestone's submission link comes
 * by mail when it opens; a member, that the logbook is on the page and when their JP are
 * credited.
 */
export function projectApprovedEmail(args: {
  project: ProjectWithTeam;
  to: Person & { language: Language };
  role: 'lead' | 'member';
  projectUrl: string;
}): RenderedMail {
  const { project, to, role, projectUrl } = args;
  const lang = to.language;
  const id = lang === 'id';
  const member = role === 'member' ? project.members.find((m) => normalizedEmail(m.email) === normalizedEmail(to.email)) : undefined;
  const forRole: Block[] =
    role === 'lead'
      ? [
          {
            kind: 'p',
            text: id
              ? 'Setiap tahap dibuka menjelang tenggatnya. Saat sebuah tahap dibuka, tautan untuk mengirim hasilnya dikirim kepada Anda melalui email, dan Anda diingatkan menjelang tenggat. Bila Anda memerlukan waktu lebih, perpanjangan tenggat dapat diminta di halaman tahap itu sebelum mengirim.'
              : "Each milestone opens ahead of its due date. When a milestone opens, the link to submit its work is sent to you by email, and you are reminded as the due date nears. If you need more time, an extension can be asked for on that milestone's page before you submit.",
          },
        ]
      : [
          {
            kind: 'p',
            text: id
              ? 'Di halaman proyek Anda terdapat logbook untuk mencatat kegiatan Anda dalam penelitian ini, beserta tahap-tahap proyek dan statusnya.'
              : "Your project page holds the logbook where you record your work on this research, and the project's milestones and where they stand.",
          },
          {
            kind: 'p',
            strong: true,
            text: member
              ? id
                ? `${jpText(member.jpHours)} pengembangan kompetensi dicatat untuk Anda setelah tahap akhir proyek (laporan akhir) disetujui.`
                : `${jpText(member.jpHours)} of competency development are credited to you once the project's final milestone (the final report) is approved.`
              : id
                ? 'JP pengembangan kompetensi dicatat untuk Anda setelah tahap akhir proyek (laporan akhir) disetujui.'
                : "Your JP of competency development are credited to you once the project's final milestone (the final report) is approved.",
          },
        ];
  const blocks: Block[] = [
    {
      kind: 'p',
      text: id
        ? 'Selamat! Koordinator BKPSDM Kota Surakarta telah menyetujui rencana proyek penelitian berikut, dan proyek kini berjalan.'
        : 'Congratulations! The BKPSDM Kota Surakarta coordinator approved the plan of the research project below, and the project is now active.',
    },
    { kind: 'facts', facts: projectFacts(project, lang) },
    { kind: 'p', strong: true, text: researchWords.milestones[lang] },
    { kind: 'facts', facts: milestoneFacts(project.data.milestones, lang, { review: false }) },
    ...forRole,
    { kind: 'link', label: labels.projectPage[lang], url: projectUrl, primary: true },
    {
      kind: 'note',
      text: id
        ? 'Tautan ini membuka halaman proyek Anda sendiri tanpa kata sandi. Simpan email ini, dan jangan meneruskannya atau membagikan tautannya kepada siapa pun.'
        : 'This link opens your own project page without a password. Keep this email, and do not forward it or share the link with anyone.',
    },
  ];
  return mail(lang, projectSubject(id ? 'Proyek penelitian disetujui' : 'Research project approved', project), dear(to.name, lang), blocks);
}

/**
 * To the partner's contact: the project ended before it became active. `rejected`: the
 * coordinator rejected the plan (`comment` is their reason); `expired`: nobody decided in time;
 * `no-members`: no ASN member remained after the supervisors answered; `failure`: a fault
 * stopped the workflow, and BKPSDM has been told.
 */
export function projectClosedEmail(args: {
  project: ProjectWithTeam;
  outcome: 'rejected' | 'expired' | 'no-members' | 'failure';
  comment?: string;
  trackingUrl: string;
}): RenderedMail {
  const { project, outcome, comment, trackingUrl } = args;
  const lang = project.partner.language;
  const id = lang === 'id';
  const outcomes: Record<typeof outcome, { subject: Bilingual; blocks: Block[] }> = {
    rejected: {
      subject: { id: 'Proyek penelitian tidak disetujui', en: 'Research project not approved' },
      blocks: [
        {
          kind: 'p',
          text: id
            ? 'Dengan menyesal kami sampaikan bahwa koordinator BKPSDM tidak menyetujui rencana proyek penelitian Anda, sehingga proyek ini tidak berjalan.'
            : 'We are sorry to tell you that the BKPSDM coordinator did not approve the plan of your research project, so the project does not go ahead.',
        },
        ...quoteIf(labels.reason[lang], comment),
        {
          kind: 'p',
          text: id
            ? `Anda tetap dapat mengajukan proyek lain melalui halaman mitra Anda. Untuk pertanyaan, hubungi ${agencyContactEmail}.`
            : `You are welcome to propose another project through your partner page. For questions, write to ${agencyContactEmail}.`,
        },
      ],
    },
    expired: {
      subject: { id: 'Proyek penelitian berakhir', en: 'Research project ended' },
      blocks: [
        {
          kind: 'p',
          text: id
            ? 'Mohon maaf, proyek penelitian Anda tidak mendapat keputusan sebelum batas waktunya, sehingga proyek ini berakhir. Ini bukan penolakan.'
            : 'We are sorry: your research project did not receive a decision before its deadline, so it has ended. This is not a rejection.',
        },
        { kind: 'p', text: anotherProject[lang] },
      ],
    },
    'no-members': {
      subject: { id: 'Proyek penelitian tanpa anggota ASN', en: 'Research project without ASN members' },
      blocks: [
        {
          kind: 'p',
          text: id
            ? 'Mohon maaf, tidak ada anggota ASN yang tersisa dalam tim: atasan langsung setiap anggota tidak menyetujui keikutsertaannya atau tidak menjawab tepat waktu. Proyek penelitian memerlukan sekurang-kurangnya satu anggota ASN, sehingga proyek ini berakhir tanpa ditinjau.'
            : "We are sorry: no ASN member remains on the team, because each member's supervisor either refused or did not answer in time. A research project needs at least one ASN member, so this one has ended without being reviewed.",
        },
        { kind: 'facts', facts: teamFacts(project.members, lang, { consent: true }) },
        { kind: 'p', text: anotherProject[lang] },
      ],
    },
    failure: {
      subject: { id: 'Proyek penelitian tidak dapat diproses', en: 'Research project could not be processed' },
      blocks: [
        {
          kind: 'p',
          text: id
            ? 'Mohon maaf, proyek penelitian Anda tidak dapat diproses karena gangguan teknis, sehingga proyek ini dihentikan. Ini bukan penolakan; BKPSDM sudah diberi tahu.'
            : 'We are sorry: your research project could not be processed because of a technical problem, so it was stopped. This is not a rejection; BKPSDM has been told.',
        },
        { kind: 'p', text: anotherProject[lang] },
      ],
    },
  };
  const { subject, blocks } = outcomes[outcome];
  return mail(lang, projectSubject(subject[lang], project), dear(project.partner.name, lang), [
    { kind: 'facts', facts: projectFacts(project, lang) },
    ...blocks,
    trackLink(trackingUrl, lang),
  ]);
}

/** To the coordinator: a research project's workflow stopped on a fault, which project it is, and what to do. */
export function researchFailureNoticeEmail(args: { project: ProjectRecord; language: Language }): RenderedMail {
  const { project, language: lang } = args;
  const id = lang === 'id';
  const l = projectFieldLabels;
  const blocks: Block[] = [
    {
      kind: 'p',
      text: id
        ? 'Alur kerja proyek penelitian berikut berhenti karena gangguan teknis, dan proyek dihentikan. Narahubung mitra sudah diberi tahu.'
        : "The workflow of the research project below stopped on a technical failure, and the project was stopped. The partner's contact has been told.",
    },
    {
      kind: 'facts',
      facts: [
        { label: l.projectId[lang], value: project.id },
        ...projectFacts(project, lang),
        { label: l.partner[lang], value: `${project.partner.name} <${project.partner.email}>` },
        { label: l.status[lang], value: label(projectStatusLabels, project.status, lang) },
      ],
    },
    {
      kind: 'p',
      text: id
        ? `Riwayat eksekusi alur kerja dan log fungsinya (cari nomor proyek ${project.id}) menunjukkan langkah yang gagal. Mohon periksa apakah ada yang perlu ditindaklanjuti secara manual, misalnya atasan atau anggota yang sudah menerima tautan.`
        : `The workflow execution's history and its function logs (search for project number ${project.id}) show the step that failed. Please check whether anything needs to be followed up by hand, such as supervisors or members who were already sent a link.`,
    },
  ];
  return mail(lang, projectSubject(id ? 'Alur kerja terhenti' : 'Workflow stopped', project, project.id), dear(roleLabel('coordinator', lang), lang), blocks);
}

/** To the partner's contact: the coordinator asks for a revision of the plan, with their note, the edit link and its deadline. */
export function revisionRequestEmail(args: {
  project: ProjectRecord;
  decision: { comment?: string; decidedBy: { name: string } };
  editUrl: string;
  deadline: string;
  roundsLeft: number;
}): RenderedMail {
  const { project, decision, editUrl, roundsLeft } = args;
  const lang = project.partner.language;
  const id = lang === 'id';
  const deadline = formatDateTime(args.deadline, lang);
  const rounds =
    roundsLeft <= 1
      ? id
        ? 'Ini kesempatan perbaikan terakhir: setelah perbaikan ini, rencana hanya dapat disetujui atau ditolak.'
        : 'This is the last chance to revise: after this revision, the plan can only be approved or rejected.'
      : id
        ? `Rencana ini masih dapat diperbaiki paling banyak ${roundsLeft} kali, termasuk perbaikan ini.`
        : `This plan can be revised at most ${roundsLeft} more times, including this one.`;
  const blocks: Block[] = [
    {
      kind: 'p',
      text: id
        ? `${decision.decidedBy.name} meminta Anda memperbaiki rencana proyek “${project.data.title}” sebelum dapat diputuskan. Anggota tim dan persetujuan atasan mereka tetap berlaku.`
        : `${decision.decidedBy.name} asks you to revise the plan of the project “${project.data.title}” before it can be decided. The team and their supervisors' consent stand.`,
    },
    ...quoteIf(id ? 'Catatan koordinator' : "The coordinator's note", decision.comment),
    { kind: 'link', label: id ? 'Perbaiki rencana' : 'Revise the plan', url: editUrl, primary: true },
    {
      kind: 'p',
      strong: true,
      text: id
        ? `Kirim perbaikan sebelum ${deadline}. Bila tidak, proyek berakhir dan perlu diajukan kembali.`
        : `Send the revision before ${deadline}. Otherwise the project ends and would have to be proposed again.`,
    },
    { kind: 'p', text: rounds },
    { kind: 'note', text: mailWords.doNotForward[lang] },
  ];
  return mail(
    lang,
    projectSubject(id ? 'Rencana penelitian perlu perbaikan' : 'Research plan: revision requested', project),
    dear(project.partner.name, lang),
    blocks,
  );
}
