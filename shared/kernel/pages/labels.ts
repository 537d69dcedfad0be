import type { DecisionAction, InstitutionType, ProposalInput, ProposalStatus, Scope } from '../../proposals/proposal.schema.js';
import type { Bilingual, Language } from '../i18n.js';
import type { AuditType, Outcome } from '../store/records.js';
import { endOfTerm, formatDate } from '../time.js';

/**
 * The localized words pages and emails share. One dictionary each, so a status or a scope is
 * called the same on the tracking page as in the email that links to it.
 */

/** Where people write when a link no longer works or a question has no page. */
export const agencyContactEmail = 'bkpsdm@surakarta.go.id';

export const siteName = 'Sinergi · BKPSDM Kota Surakarta';

export const statusLabels: Record<ProposalStatus, Bilingual> = {
  SUBMITTED: { id: 'Diajukan', en: 'Submitted' },
  IN_REVIEW: { id: 'Sedang ditinjau', en: 'In review' },
  REVISION_REQUESTED: { id: 'Perlu perbaikan', en: 'Revision requested' },
  APPROVED: { id: 'Disetujui', en: 'Approved' },
  REJECTED: { id: 'Ditolak', en: 'Rejected' },
  EXPIRED: { id: 'Kedaluwarsa', en: 'Expired' },
};

export const scopeLabels: Record<Scope, Bilingual> = {
  research: { id: 'Penelitian', en: 'Research' },
  internship: { id: 'Magang', en: 'Internship' },
  training: { id: 'Pelatihan', en: 'Training' },
};

export const institutionTypeLabels: Record<InstitutionType, Bilingual> = {
  university: { id: 'Universitas', en: 'University' },
  institute: { id: 'Institut / sekolah tinggi', en: 'Institute / college' },
  other: { id: 'Lainnya', en: 'Other' },
};

/** Roles as people read them; the approval chain's roles are configured, so others may appear. */
export const roleLabels: Record<string, Bilingual> = {
  proposer: { id: 'Pengusul', en: 'Proposer' },
  coordinator: { id: 'Koordinator BKPSDM', en: 'BKPSDM coordinator' },
  head: { id: 'Kepala Badan', en: 'Head of agency' },
  system: { id: 'Sistem', en: 'System' },
};

/** What was decided, as recorded. */
export const actionLabels: Record<Outcome['action'], Bilingual> = {
  approve: { id: 'Setuju', en: 'Approved' },
  reject: { id: 'Tolak', en: 'Rejected' },
  revise: { id: 'Minta perbaikan', en: 'Revision requested' },
  resubmit: { id: 'Perbaikan dikirim', en: 'Revision sent' },
};

/** What the decision buttons say: the choice still to be made. */
export const decisionButtonLabels: Record<DecisionAction, Bilingual> = {
  approve: { id: 'Setujui', en: 'Approve' },
  reject: { id: 'Tolak', en: 'Reject' },
  revise: { id: 'Minta perbaikan', en: 'Ask for revision' },
};

export const eventLabels: Record<AuditType, Bilingual> = {
  submitted: { id: 'Usulan diajukan', en: 'Proposal submitted' },
  'review-requested': { id: 'Keputusan diminta', en: 'Decision requested' },
  'reminder-sent': { id: 'Pengingat dikirim', en: 'Reminder sent' },
  escalated: { id: 'Dialihkan ke penyetuju cadangan', en: 'Passed to the backup approver' },
  decided: { id: 'Keputusan diberikan', en: 'Decision made' },
  'revision-requested': { id: 'Perbaikan diminta', en: 'Revision requested' },
  resubmitted: { id: 'Perbaikan dikirim', en: 'Revision sent' },
  approved: { id: 'Usulan disetujui', en: 'Proposal approved' },
  rejected: { id: 'Usulan ditolak', en: 'Proposal rejected' },
  expired: { id: 'Usulan kedaluwarsa', en: 'Proposal expired' },
  failed: { id: 'Peninjauan terhenti karena gangguan teknis', en: 'Review stopped by a technical failure' },
};

export const languageNames: Bilingual = { id: 'Bahasa Indonesia', en: 'English' };

/** The language choice as the forms show it: each language by its own name, on any page. */
export const languageLabels: Record<Language, Bilingual> = {
  id: { id: languageNames.id, en: languageNames.id },
  en: { id: languageNames.en, en: languageNames.en },
};

/** The proposal's fields, named as on the form, the decision page and the emails. */
export const fieldLabels = {
  institutionName: { id: 'Nama institusi', en: 'Institution name' },
  institutionType: { id: 'Jenis institusi', en: 'Type of institution' },
  pddiktiCode: { id: 'Kode PDDikti', en: 'PDDikti code' },
  contactName: { id: 'Nama narahubung', en: 'Contact person' },
  contactEmail: { id: 'Email narahubung', en: 'Contact email' },
  contactPhone: { id: 'Telepon narahubung', en: 'Contact phone' },
  title: { id: 'Judul usulan', en: 'Proposal title' },
  summary: { id: 'Ringkasan', en: 'Summary' },
  scopes: { id: 'Ruang lingkup', en: 'Scope' },
  startDate: { id: 'Tanggal mulai', en: 'Start date' },
  endDate: { id: 'Tanggal berakhir', en: 'End date' },
  durationMonths: { id: 'Jangka waktu (bulan)', en: 'Duration (months)' },
  duration: { id: 'Jangka waktu', en: 'Duration' },
  language: { id: 'Bahasa untuk email', en: 'Language for emails' },
  round: { id: 'Putaran', en: 'Round' },
  step: { id: 'Tahap', en: 'Step' },
  deadline: { id: 'Batas waktu', en: 'Deadline' },
  decidedBy: { id: 'Diputuskan oleh', en: 'Decided by' },
  status: { id: 'Status', en: 'Status' },
  institution: { id: 'Institusi', en: 'Institution' },
  partnershipId: { id: 'Nomor kemitraan', en: 'Partnership number' },
} satisfies Record<string, Bilingual>;

/** A label from a dictionary; a key it does not know (an old or configured value) is shown as is. */
export function label(dictionary: Readonly<Record<string, Bilingual>>, key: string, lang: Language): string {
  const entry = Object.hasOwn(dictionary, key) ? dictionary[key] : undefined;
  return entry ? entry[lang] : key;
}

export function roleLabel(role: string, lang: Language): string {
  return label(roleLabels, role, lang);
}

export function scopeList(list: readonly string[], lang: Language): string {
  return list.map((scope) => label(scopeLabels, scope, lang)).join(', ');
}

export function durationText(months: number, lang: Language): string {
  if (lang === 'id') return `${months} bulan`;
  return months === 1 ? '1 month' : `${months} months`;
}

/** "Tingkat 1 dari 2 — Koordinator BKPSDM": where a decision sits in the approval chain. */
export function stepText(level: number, chainLength: number, role: string, lang: Language): string {
  return lang === 'id' ? `Tingkat ${level} dari ${chainLength} — ${roleLabel(role, lang)}` : `Level ${level} of ${chainLength} — ${roleLabel(role, lang)}`;
}

/** One labelled value, still unescaped: each renderer escapes for its own medium. */
export interface Fact {
  label: string;
  value: string;
  /** Long text whose line breaks matter. */
  multiline?: boolean;
}

/** Everything an approver needs to know about a proposal, in the order the form asks for it. */
export function proposalFacts(data: ProposalInput, lang: Language): Fact[] {
  const facts: Fact[] = [
    { label: fieldLabels.institutionName[lang], value: data.institution.name },
    { label: fieldLabels.institutionType[lang], value: label(institutionTypeLabels, data.institution.type, lang) },
  ];
  if (data.institution.pddiktiCode) facts.push({ label: fieldLabels.pddiktiCode[lang], value: data.institution.pddiktiCode });
  facts.push({ label: fieldLabels.contactName[lang], value: data.contact.name }, { label: fieldLabels.contactEmail[lang], value: data.contact.email });
  if (data.contact.phone) facts.push({ label: fieldLabels.contactPhone[lang], value: data.contact.phone });
  facts.push(
    { label: fieldLabels.title[lang], value: data.title },
    { label: fieldLabels.summary[lang], value: data.summary, multiline: true },
    { label: fieldLabels.scopes[lang], value: scopeList(data.scopes, lang) },
    { label: fieldLabels.startDate[lang], value: formatDate(data.startDate, lang) },
    {
      label: fieldLabels.duration[lang],
      value: `${durationText(data.durationMonths, lang)} (${lang === 'id' ? 's.d.' : 'until'} ${formatDate(endOfTerm(data.startDate, data.durationMonths), lang)})`,
    },
  );
  return facts;
}
