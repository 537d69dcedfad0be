import type { Bilingual, Language } from '../i18n.js';
import { type Block, dear, mail, partnershipFacts, type RenderedMail, subjectLine } from '../mail/mail.js';
import { agencyContactEmail } from '../pages/labels.js';
import type { PartnershipRecord } from './partnership.js';

const partnershipLabel: Bilingual = { id: 'Kemitraan', en: 'Partnership' };

/** What a partner page lets the partner do, by the scopes of their partnership. */
const pageUses = {
  internship: {
    id: 'Cara kerja magang:\n1. Anda menawarkan penempatan: unit penerima, tanggal, jumlah kursi dan JP.\n2. Koordinator BKPSDM meninjau tawaran itu; setelah disetujui, penempatan terbit di katalog magang.\n3. ASN mendaftar. Setiap pendaftar disetujui dahulu oleh atasannya dan oleh BKPSDM, lalu Anda diminta melalui email untuk menerima atau menolaknya.\n4. Setelah magang selesai, Anda mengonfirmasi jumlah JP yang diikuti peserta.',
    en: 'How internships work:\n1. You offer a placement: the host unit, the dates, the number of seats and the JP hours.\n2. The BKPSDM coordinator reviews the offer; once approved, the placement is published in the internship catalogue.\n3. Civil servants apply. Each applicant is first approved by their supervisor and by BKPSDM; then you are asked by email to accept or decline them.\n4. When the internship is over, you confirm the hours each intern attended.',
  },
  research: {
    id: 'Cara kerja penelitian bersama:\n1. Anda mengajukan proyek: ketua peneliti, peninjau dari perguruan tinggi, anggota ASN dengan JP masing-masing, dan tahap-tahapnya dengan tenggat.\n2. Atasan setiap anggota ASN diminta persetujuannya, lalu koordinator BKPSDM meninjau rencananya.\n3. Setelah disetujui, ketua menerima tautan pengiriman setiap tahap menjelang tenggatnya, dan koordinator serta peninjau Anda meninjaunya bersama.\n4. Ketika laporan akhir disetujui, JP setiap anggota ASN dicatat.',
    en: "How joint research works:\n1. You propose a project: the lead researcher, a reviewer at your university, the ASN members with their JP hours, and its milestones with due dates.\n2. Each ASN member's supervisor is asked to consent, then the BKPSDM coordinator reviews the plan.\n3. Once approved, the lead is sent each milestone's submission link ahead of its due date, and the coordinator and your reviewer review it together.\n4. When the final report is approved, each ASN member's JP hours are recorded.",
  },
} satisfies Record<'internship' | 'research', Bilingual>;

/**
 * To the partner's contact when a partnership with the internship or the research scope becomes
 * active: their private partner link, and what they can do there.
 */
export function partnerWelcomeEmail(args: { partnership: PartnershipRecord; partnerUrl: string; language: Language }): RenderedMail {
  const { partnership, partnerUrl, language: lang } = args;
  const id = lang === 'id';
  const internship = partnership.scopes.includes('internship');
  const research = partnership.scopes.includes('research');
  const covers = [internship && (id ? 'magang ASN' : 'internships of civil servants (ASN)'), research && (id ? 'penelitian bersama' : 'joint research')].filter(
    (x): x is string => typeof x === 'string',
  );
  const can = [
    internship &&
      (id ? 'menawarkan penempatan magang bagi ASN Pemerintah Kota Surakarta' : 'offer internship placements to the civil servants of the City of Surakarta'),
    research && (id ? 'mengajukan proyek penelitian bersama ASN' : 'propose research projects with civil servants'),
  ].filter((x): x is string => typeof x === 'string');
  const and = id ? ' dan ' : ' and ';
  const blocks: Block[] = [
    {
      kind: 'p',
      text: id
        ? `Kemitraan Anda dengan BKPSDM Kota Surakarta kini aktif dan mencakup ${covers.join(and)}. Melalui halaman mitra pribadi Anda, Anda dapat ${can.join(and)}, lalu memantau masing-masing.`
        : `Your partnership with BKPSDM Kota Surakarta is now active and covers ${covers.join(and)}. Through your private partner page, you can ${can.join(and)}, and follow each of them.`,
    },
    { kind: 'facts', facts: [{ label: partnershipLabel[lang], value: partnership.title }, ...partnershipFacts(partnership, lang)] },
    ...(internship ? [{ kind: 'p' as const, text: pageUses.internship[lang] }] : []),
    ...(research ? [{ kind: 'p' as const, text: pageUses.research[lang] }] : []),
    { kind: 'link', label: id ? 'Buka halaman mitra' : 'Open your partner page', url: partnerUrl, primary: true },
    {
      kind: 'note',
      text: id
        ? `Tautan ini pribadi: siapa pun yang memegangnya dapat bertindak atas nama institusi Anda di Sinergi. Mohon jangan membagikannya. Bila tautan ini jatuh ke tangan orang lain, hubungi ${agencyContactEmail}.`
        : `This link is private: whoever holds it can act in your institution's name in Sinergi. Please do not share it. If it reaches someone else, write to ${agencyContactEmail}.`,
    },
  ];
  const subject = internship
    ? id
      ? 'Halaman mitra magang Anda'
      : 'Your internship partner page'
    : id
      ? 'Halaman mitra penelitian Anda'
      : 'Your research partner page';
  return mail(lang, subjectLine(subject, partnership.title, partnership.institution.name), dear(partnership.contact.name, lang), blocks);
}
