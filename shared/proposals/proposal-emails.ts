import type { Bilingual, Language } from '../kernel/i18n.js';
import { type Block, dear, mail, partnershipFacts, quoteIf, type RenderedMail, subjectLine } from '../kernel/mail/mail.js';
import { agencyContactEmail, fieldLabels, roleLabel } from '../kernel/pages/labels.js';
import type { PartnershipRecord } from '../kernel/partnerships/partnership.js';
import { formatDateTime } from '../kernel/time.js';
import { decisionActions } from './proposal.schema.js';
import { decisionButtonLabels, proposalFacts, stepText } from './proposal-labels.js';
import type { DecisionLink, Outcome, ProposalRecord } from './proposal-records.js';

export type { RenderedMail } from '../kernel/mail/mail.js';

const trackLabel: Bilingual = { id: 'Pantau usulan Anda di sini', en: 'Follow your proposal here' };

/** A subject naming the proposal by its title and institution. */
function proposalSubject(prefix: string, proposal: ProposalRecord): string {
  return subjectLine(prefix, proposal.data.title, proposal.data.institution.name);
}

/** Title and institution: the two things that tell a reader which proposal a mail is about. */
function proposalHeading(proposal: ProposalRecord, lang: Language): Block {
  return {
    kind: 'facts',
    facts: [
      { label: fieldLabels.title[lang], value: proposal.data.title },
      { label: fieldLabels.institution[lang], value: proposal.data.institution.name },
    ],
  };
}

function trackLink(url: string, lang: Language): Block {
  return { kind: 'link', label: trackLabel[lang], url };
}

// ---------------------------------------------------------------------------------------------

/** To the proposer, right after submitting: it arrived, and here is where to follow it. */
export function receiptEmail(proposal: ProposalRecord, trackingUrl: string): RenderedMail {
  const lang = proposal.data.language;
  const id = lang === 'id';
  return mail(lang, proposalSubject(id ? 'Usulan diterima' : 'Proposal received', proposal), dear(proposal.data.contact.name, lang), [
    {
      kind: 'p',
      text: id
        ? 'Terima kasih. Usulan kemitraan Anda sudah kami terima dan akan ditinjau oleh BKPSDM Kota Surakarta.'
        : 'Thank you. We have received your partnership proposal; BKPSDM Kota Surakarta will now review it.',
    },
    { kind: 'facts', facts: proposalFacts(proposal.data, lang) },
    {
      kind: 'p',
      text: id
        ? 'Setiap keputusan akan dikirim ke alamat email ini. Anda juga dapat memantau status usulan kapan saja melalui tautan pribadi berikut; mohon jangan membagikannya.'
        : 'Every decision will be sent to this email address. You can also follow the proposal at any time through the private link below; please do not share it.',
    },
    trackLink(trackingUrl, lang),
  ]);
}

const requestSubjects: Record<'request' | 'reminder' | 'escalation', Bilingual> = {
  request: { id: 'Mohon keputusan', en: 'Decision needed' },
  reminder: { id: 'Pengingat — mohon keputusan', en: 'Reminder — decision needed' },
  escalation: { id: 'Dialihkan kepada Anda — mohon keputusan', en: 'Passed to you — decision needed' },
};

/** To an approver: the whole proposal, their step, the deadline and the link to decide. */
export function decisionRequestEmail(args: {
  proposal: ProposalRecord;
  link: DecisionLink;
  url: string;
  kind: 'request' | 'reminder' | 'escalation';
  chainLength: number;
}): RenderedMail {
  const { proposal, link, url, kind, chainLength } = args;
  const lang = link.holder.language;
  const id = lang === 'id';
  const deadline = formatDateTime(link.expiresAt, lang);
  const buttons = decisionActions
    .filter((action) => link.actions.includes(action))
    .map((action) => decisionButtonLabels[action][lang])
    .join(', ');
  const intro: Record<typeof kind, string> = {
    request: id ? 'Usulan kemitraan berikut menunggu keputusan Anda.' : 'The partnership proposal below is waiting for your decision.',
    reminder: id
      ? 'Ini pengingat: usulan kemitraan berikut masih menunggu keputusan Anda. Tautannya sama dengan email sebelumnya.'
      : 'This is a reminder: the partnership proposal below is still waiting for your decision. The link is the same as in the earlier email.',
    escalation: id
      ? `Penyetuju utama (${roleLabel(link.role, lang)}) belum memberi keputusan sebelum batas waktunya. Sebagai penyetuju cadangan, kini Anda diminta memutuskan usulan berikut. Tautan yang dikirim kepada penyetuju utama tidak berlaku lagi.`
      : `The primary approver (${roleLabel(link.role, lang)}) did not decide before the deadline. As the backup approver, you are now asked to decide on the proposal below. The link sent to the primary approver no longer works.`,
  };
  const blocks: Block[] = [
    { kind: 'p', text: intro[kind] },
    {
      kind: 'facts',
      facts: [
        { label: fieldLabels.step[lang], value: stepText(link.level, chainLength, link.role, lang) },
        {
          label: fieldLabels.round[lang],
          value:
            proposal.round > 1 ? `${proposal.round} (${id ? 'setelah perbaikan oleh pengusul' : 'after a revision by the proposer'})` : String(proposal.round),
        },
        { label: fieldLabels.deadline[lang], value: deadline },
      ],
    },
    { kind: 'facts', facts: proposalFacts(proposal.data, lang) },
    { kind: 'link', label: id ? 'Buka halaman keputusan' : 'Open the decision page', url, primary: true },
    {
      kind: 'note',
      text: id
        ? `Tautan ini membuka halaman konfirmasi. Tidak ada yang berubah sampai Anda memilih keputusan di halaman itu (${buttons}) lalu menekan “Kirim keputusan”.`
        : `The link opens a confirmation page. Nothing happens until you choose your decision there (${buttons}) and press “Send decision”.`,
    },
    {
      kind: 'p',
      text: id
        ? `Mohon putuskan sebelum ${deadline}. Tautan ini khusus untuk Anda; mohon jangan meneruskan email ini.`
        : `Please decide before ${deadline}. This link is for you alone; please do not forward this email.`,
    },
  ];
  return mail(lang, proposalSubject(requestSubjects[kind][lang], proposal), dear(link.holder.name, lang), blocks);
}

/** To the proposer: what to change, by when, and the link to the form. */
export function revisionRequestEmail(args: {
  proposal: ProposalRecord;
  decision: Outcome;
  editUrl: string;
  trackingUrl: string;
  deadline: string;
  roundsLeft: number;
}): RenderedMail {
  const { proposal, decision, editUrl, trackingUrl, roundsLeft } = args;
  const lang = proposal.data.language;
  const id = lang === 'id';
  const deadline = formatDateTime(args.deadline, lang);
  const rounds =
    roundsLeft <= 1
      ? id
        ? 'Ini kesempatan perbaikan terakhir: setelah perbaikan ini, usulan hanya dapat disetujui atau ditolak.'
        : 'This is the last chance to revise: after this revision, the proposal can only be approved or rejected.'
      : id
        ? `Usulan ini masih dapat diperbaiki paling banyak ${roundsLeft} kali, termasuk perbaikan ini.`
        : `This proposal can be revised at most ${roundsLeft} more times, including this one.`;
  const blocks: Block[] = [
    proposalHeading(proposal, lang),
    {
      kind: 'p',
      text: id
        ? `${decision.decidedBy.name} meminta Anda memperbaiki usulan sebelum dapat diputuskan.`
        : `${decision.decidedBy.name} asks you to revise the proposal before it can be decided.`,
    },
    ...quoteIf(id ? 'Catatan penyetuju' : "The approver's note", decision.comment),
    { kind: 'link', label: id ? 'Perbaiki usulan' : 'Revise the proposal', url: editUrl, primary: true },
    {
      kind: 'p',
      strong: true,
      text: id
        ? `Kirim perbaikan sebelum ${deadline}. Bila tidak, usulan berakhir dan perlu diajukan kembali.`
        : `Send the revision before ${deadline}. Otherwise the proposal ends and would have to be submitted again.`,
    },
    { kind: 'p', text: rounds },
    {
      kind: 'p',
      text: id
        ? 'Setelah dikirim, usulan ditinjau kembali dari tingkat persetujuan pertama.'
        : 'Once sent, the proposal is reviewed again from the first approval level.',
    },
    trackLink(trackingUrl, lang),
  ];
  return mail(lang, proposalSubject(id ? 'Perlu perbaikan' : 'Revision requested', proposal), dear(proposal.data.contact.name, lang), blocks);
}

/** To the proposer: not approved, and why. */
export function rejectedEmail(args: { proposal: ProposalRecord; decision: Outcome; trackingUrl: string }): RenderedMail {
  const { proposal, decision, trackingUrl } = args;
  const lang = proposal.data.language;
  const id = lang === 'id';
  const blocks: Block[] = [
    proposalHeading(proposal, lang),
    {
      kind: 'p',
      text: id
        ? `Dengan menyesal kami sampaikan bahwa usulan kemitraan Anda tidak disetujui (diputuskan oleh ${decision.decidedBy.name} pada ${formatDateTime(decision.decidedAt, lang)}).`
        : `We are sorry to tell you that your partnership proposal was not approved (decided by ${decision.decidedBy.name} on ${formatDateTime(decision.decidedAt, lang)}).`,
    },
    ...quoteIf(id ? 'Alasan' : 'Reason', decision.comment),
    {
      kind: 'p',
      text: id
        ? `Anda tetap dapat mengajukan usulan baru kapan saja. Untuk pertanyaan, hubungi ${agencyContactEmail}.`
        : `You are welcome to submit a new proposal at any time. For questions, write to ${agencyContactEmail}.`,
    },
    trackLink(trackingUrl, lang),
  ];
  return mail(lang, proposalSubject(id ? 'Usulan tidak disetujui' : 'Proposal not approved', proposal), dear(proposal.data.contact.name, lang), blocks);
}

/** To the proposer: approved, and the partnership that now exists. */
export function approvedEmail(args: { proposal: ProposalRecord; partnership: PartnershipRecord; trackingUrl: string }): RenderedMail {
  const { proposal, partnership, trackingUrl } = args;
  const lang = proposal.data.language;
  const id = lang === 'id';
  const blocks: Block[] = [
    proposalHeading(proposal, lang),
    {
      kind: 'p',
      text: id
        ? 'Selamat! Usulan kemitraan Anda telah disetujui di semua tingkat, dan kemitraan dengan BKPSDM Kota Surakarta kini aktif.'
        : 'Congratulations! Your partnership proposal was approved at every level, and the partnership with BKPSDM Kota Surakarta is now active.',
    },
    { kind: 'facts', facts: partnershipFacts(partnership, lang) },
    {
      kind: 'p',
      text: id ? 'Koordinator BKPSDM akan menghubungi Anda untuk langkah berikutnya.' : 'The BKPSDM coordinator will contact you about the next steps.',
    },
    trackLink(trackingUrl, lang),
  ];
  return mail(lang, proposalSubject(id ? 'Usulan disetujui' : 'Proposal approved', proposal), dear(proposal.data.contact.name, lang), blocks);
}

/** To the coordinator: a new partnership is active, with whom to contact. */
export function partnershipNoticeEmail(args: { proposal: ProposalRecord; partnership: PartnershipRecord; language: Language }): RenderedMail {
  const { proposal, partnership, language: lang } = args;
  const id = lang === 'id';
  const contact = partnership.contact;
  const blocks: Block[] = [
    {
      kind: 'p',
      text: id
        ? 'Usulan kemitraan berikut telah disetujui di semua tingkat. Kemitraan baru kini aktif.'
        : 'The partnership proposal below was approved at every level. A new partnership is now active.',
    },
    proposalHeading(proposal, lang),
    { kind: 'facts', facts: partnershipFacts(partnership, lang) },
    {
      kind: 'facts',
      facts: [
        { label: fieldLabels.contactName[lang], value: contact.name },
        { label: fieldLabels.contactEmail[lang], value: contact.email },
        ...(contact.phone ? [{ label: fieldLabels.contactPhone[lang], value: contact.phone }] : []),
      ],
    },
    {
      kind: 'p',
      text: id
        ? 'Pengusul sudah diberi tahu melalui email. Mohon hubungi narahubung untuk langkah berikutnya.'
        : 'The proposer has been told by email. Please contact them about the next steps.',
    },
  ];
  return mail(lang, proposalSubject(id ? 'Kemitraan baru aktif' : 'New partnership active', proposal), dear(roleLabel('coordinator', lang), lang), blocks);
}

/** To the proposer: the proposal ended because a deadline passed. */
export function expiredEmail(args: { proposal: ProposalRecord; trackingUrl: string; reason: 'no-decision' | 'no-revision' | 'failure' }): RenderedMail {
  const { proposal, trackingUrl, reason } = args;
  const lang = proposal.data.language;
  const id = lang === 'id';
  const reasons = {
    'no-decision': id
      ? 'Mohon maaf, usulan kemitraan Anda tidak mendapat keputusan sebelum batas waktunya, sehingga usulan ini berakhir. Ini bukan penolakan.'
      : 'We are sorry: your partnership proposal did not receive a decision before its deadline, so it has ended. This is not a rejection.',
    'no-revision': id
      ? 'Perbaikan usulan tidak dikirim sebelum batas waktunya, sehingga usulan ini berakhir.'
      : 'The revision was not sent before its deadline, so the proposal has ended.',
    failure: id
      ? 'Mohon maaf, peninjauan usulan Anda tidak dapat diselesaikan karena gangguan teknis, sehingga usulan ini berakhir. Ini bukan penolakan; koordinator BKPSDM sudah diberi tahu.'
      : 'We are sorry: the review of your proposal could not be completed because of a technical problem, so it has ended. This is not a rejection; the BKPSDM coordinator has been told.',
  };
  const why = reasons[reason];
  const blocks: Block[] = [
    proposalHeading(proposal, lang),
    { kind: 'p', text: why },
    {
      kind: 'p',
      text: id
        ? `Anda dapat mengajukan usulan kembali, atau menghubungi koordinator BKPSDM di ${agencyContactEmail}.`
        : `You may submit the proposal again, or write to the BKPSDM coordinator at ${agencyContactEmail}.`,
    },
    trackLink(trackingUrl, lang),
  ];
  return mail(lang, proposalSubject(id ? 'Usulan berakhir' : 'Proposal ended', proposal), dear(proposal.data.contact.name, lang), blocks);
}

/** Tells the coordinator that a review ended on a technical failure, so a person can follow it up. */
export function reviewFailedNoticeEmail(args: { proposal: ProposalRecord; language: Language }): RenderedMail {
  const { proposal, language: lang } = args;
  const id = lang === 'id';
  const blocks: Block[] = [
    proposalHeading(proposal, lang),
    {
      kind: 'p',
      text: id
        ? `Peninjauan usulan ini berhenti karena gangguan teknis dan usulan ditutup sebagai kedaluwarsa. Pengusul sudah diberi tahu. Nomor usulan: ${proposal.id}. Riwayat eksekusi alur kerja menunjukkan langkah yang gagal.`
        : `The review of this proposal stopped on a technical failure and the proposal was closed as expired. The proposer has been told. Proposal number: ${proposal.id}. The workflow execution's history shows the step that failed.`,
    },
  ];
  return mail(lang, proposalSubject(id ? 'Peninjauan gagal' : 'Review failed', proposal), dear(id ? 'Koordinator' : 'Coordinator', lang), blocks);
}
