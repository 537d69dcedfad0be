import type { Bilingual, Language } from '../kernel/i18n.js';
import { type Fact, fieldLabels, label, roleLabel, scopeList } from '../kernel/pages/labels.js';
import { endOfTerm, formatDate } from '../kernel/time.js';
import { type DecisionAction, institutionTypeLabels, type ProposalInput, type ProposalStatus } from './proposal.schema.js';
import type { AuditType } from './proposal-records.js';

/** The words of the proposal workflow's pages and emails: one dictionary each, so a status is called the same everywhere. */

export const statusLabels: Record<ProposalStatus, Bilingual> = {
  UNCONFIRMED: { id: 'Menunggu konfirmasi', en: 'Awaiting confirmation' },
  SUBMITTED: { id: 'Diajukan', en: 'Submitted' },
  IN_REVIEW: { id: 'Sedang ditinjau', en: 'In review' },
  REVISION_REQUESTED: { id: 'Perlu perbaikan', en: 'Revision requested' },
  APPROVED: { id: 'Disetujui', en: 'Approved' },
  REJECTED: { id: 'Ditolak', en: 'Rejected' },
  EXPIRED: { id: 'Kedaluwarsa', en: 'Expired' },
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

export function durationText(months: number, lang: Language): string {
  if (lang === 'id') return `${months} bulan`;
  return months === 1 ? '1 month' : `${months} months`;
}

/** "Tingkat 1 dari 2 — Koordinator BKPSDM": where a decision sits in the approval chain. */
export function stepText(level: number, chainLength: number, role: string, lang: Language): string {
  return lang === 'id' ? `Tingkat ${level} dari ${chainLength} — ${roleLabel(role, lang)}` : `Level ${level} of ${chainLength} — ${roleLabel(role, lang)}`;
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
