import type { Bilingual, Language } from '../i18n.js';
import { type Block, dear, mail, partnershipFacts, type RenderedMail, subjectLine } from '../mail/mail.js';
import { agencyContactEmail } from '../pages/labels.js';
import type { PartnershipRecord } from './partnership.js';

const partnershipLabel: Bilingual = { id: 'Kemitraan', en: 'Partnership' };

/** To the partner's contact when a partnership with the internship scope becomes active: their private partner link. */
export function partnerWelcomeEmail(args: { partnership: PartnershipRecord; partnerUrl: string; language: Language }): RenderedMail {
  const { partnership, partnerUrl, language: lang } = args;
  const id = lang === 'id';
  const blocks: Block[] = [
    {
      kind: 'p',
      text: id
        ? 'Kemitraan Anda dengan BKPSDM Kota Surakarta kini aktif dan mencakup magang ASN. Melalui halaman mitra pribadi Anda, Anda dapat menawarkan penempatan magang bagi ASN Pemerintah Kota Surakarta dan memantau setiap tawaran.'
        : 'Your partnership with BKPSDM Kota Surakarta is now active and covers internships of civil servants (ASN). Through your private partner page, you can offer internship placements to the civil servants of the City of Surakarta and follow each offer.',
    },
    { kind: 'facts', facts: [{ label: partnershipLabel[lang], value: partnership.title }, ...partnershipFacts(partnership, lang)] },
    {
      kind: 'p',
      text: id
        ? 'Cara kerjanya:\n1. Anda menawarkan penempatan: unit penerima, tanggal, jumlah kursi dan JP.\n2. Koordinator BKPSDM meninjau tawaran itu; setelah disetujui, penempatan terbit di katalog magang.\n3. ASN mendaftar. Setiap pendaftar disetujui dahulu oleh atasannya dan oleh BKPSDM, lalu Anda diminta melalui email untuk menerima atau menolaknya.\n4. Setelah magang selesai, Anda mengonfirmasi jumlah JP yang diikuti peserta.'
        : 'How it works:\n1. You offer a placement: the host unit, the dates, the number of seats and the JP hours.\n2. The BKPSDM coordinator reviews the offer; once approved, the placement is published in the internship catalogue.\n3. Civil servants apply. Each applicant is first approved by their supervisor and by BKPSDM; then you are asked by email to accept or decline them.\n4. When the internship is over, you confirm the hours each intern attended.',
    },
    { kind: 'link', label: id ? 'Buka halaman mitra' : 'Open your partner page', url: partnerUrl, primary: true },
    {
      kind: 'note',
      text: id
        ? `Tautan ini pribadi: siapa pun yang memegangnya dapat menawarkan penempatan atas nama institusi Anda. Mohon jangan membagikannya. Bila tautan ini jatuh ke tangan orang lain, hubungi ${agencyContactEmail}.`
        : `This link is private: whoever holds it can offer placements in your institution's name. Please do not share it. If it reaches someone else, write to ${agencyContactEmail}.`,
    },
  ];
  return mail(
    lang,
    subjectLine(id ? 'Halaman mitra magang Anda' : 'Your internship partner page', partnership.title, partnership.institution.name),
    dear(partnership.contact.name, lang),
    blocks,
  );
}
