import type { Bilingual, Language } from '../i18n.js';
import type { Scope } from '../partnerships/partnership.js';

/**
 * The localized words pages and emails share. One dictionary each, so a status or a scope is
 * called the same on the tracking page as in the email that links to it.
 */

/** Where people write when a link no longer works or a question has no page. */
export const agencyContactEmail = 'bkpsdm@surakarta.go.id';

export const siteName = 'Sinergi · BKPSDM Kota Surakarta';

export const scopeLabels: Record<Scope, Bilingual> = {
  research: { id: 'Penelitian', en: 'Research' },
  internship: { id: 'Magang', en: 'Internship' },
  training: { id: 'Pelatihan', en: 'Training' },
};

/** Roles as people read them; the approval chain's roles are configured, so others may appear. */
export const roleLabels: Record<string, Bilingual> = {
  proposer: { id: 'Pengusul', en: 'Proposer' },
  coordinator: { id: 'Koordinator BKPSDM', en: 'BKPSDM coordinator' },
  head: { id: 'Kepala Badan', en: 'Head of agency' },
  system: { id: 'Sistem', en: 'System' },
};

/** What a person recorded through a step link, whatever the workflow: the words of the 409 page and the histories. */
export const recordedActionLabels: Readonly<Record<string, Bilingual>> = {
  approve: { id: 'Setuju', en: 'Approved' },
  reject: { id: 'Tolak', en: 'Rejected' },
  revise: { id: 'Minta perbaikan', en: 'Revision requested' },
  resubmit: { id: 'Perbaikan dikirim', en: 'Revision sent' },
  report: { id: 'Laporan dikirim', en: 'Report sent' },
  withdrawn: { id: 'Dibatalkan oleh pendaftar', en: 'Withdrawn by the applicant' },
};

export const languageNames: Bilingual = { id: 'Bahasa Indonesia', en: 'English' };

/** The language choice as the forms show it: each language by its own name, on any page. */
export const languageLabels: Record<Language, Bilingual> = {
  id: { id: languageNames.id, en: languageNames.id },
  en: { id: languageNames.en, en: languageNames.en },
};

/** The fields of a partnership and its proposal, and of every step, named as on the forms, the step pages and the emails. */
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

/** One labelled value, still unescaped: each renderer escapes for its own medium. */
export interface Fact {
  label: string;
  value: string;
  /** Long text whose line breaks matter. */
  multiline?: boolean;
}
