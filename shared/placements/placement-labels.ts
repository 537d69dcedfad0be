import { employmentTypeLabels } from '../kernel/asn/nip.js';
import type { Bilingual, Language } from '../kernel/i18n.js';
import type { ConfirmWords } from '../kernel/pages/confirm-pages.js';
import { type Fact, label, roleLabels } from '../kernel/pages/labels.js';
import { formatDate } from '../kernel/time.js';
import type { ApplicationStatus, PlacementOffer, PlacementStatus, StepAction, StepName } from './placement.schema.js';
import type { ApplicationRecord, PlacementSummary, SubjectEventType } from './placement-records.js';

/**
 * The words of the internship placements, shared by their pages and emails: what the statuses,
 * steps, events and fields are called, in both languages.
 */

export const applicationStatusLabels: Record<ApplicationStatus, Bilingual> = {
  UNCONFIRMED: { id: 'Menunggu konfirmasi', en: 'Awaiting confirmation' },
  SUBMITTED: { id: 'Diajukan', en: 'Submitted' },
  SUPERVISOR_REVIEW: { id: 'Menunggu persetujuan atasan', en: "Awaiting the supervisor's approval" },
  COORDINATOR_REVIEW: { id: 'Ditinjau koordinator BKPSDM', en: 'With the BKPSDM coordinator' },
  HOST_REVIEW: { id: 'Ditinjau instansi mitra', en: 'With the host institution' },
  CONFIRMED: { id: 'Diterima', en: 'Confirmed' },
  WAITLISTED: { id: 'Dalam daftar tunggu', en: 'On the waitlist' },
  IN_PROGRESS: { id: 'Magang berjalan', en: 'Internship in progress' },
  REPORT_DUE: { id: 'Menunggu laporan', en: 'Report due' },
  COMPLETION_REVIEW: { id: 'Laporan sedang dikonfirmasi', en: 'Report being confirmed' },
  COMPLETED: { id: 'Selesai', en: 'Completed' },
  REJECTED: { id: 'Ditolak', en: 'Rejected' },
  WITHDRAWN: { id: 'Dibatalkan', en: 'Withdrawn' },
  EXPIRED: { id: 'Kedaluwarsa', en: 'Expired' },
};

export const placementStatusLabels: Record<PlacementStatus, Bilingual> = {
  PENDING_APPROVAL: { id: 'Menunggu persetujuan BKPSDM', en: 'Awaiting BKPSDM approval' },
  PUBLISHED: { id: 'Dibuka', en: 'Published' },
  REJECTED: { id: 'Ditolak', en: 'Rejected' },
  EXPIRED: { id: 'Kedaluwarsa', en: 'Expired' },
};

/** The human steps, named by what is asked of the person at each (as the emails name them). */
export const stepLabels: Record<StepName, Bilingual> = {
  offer: { id: 'Persetujuan tawaran penempatan', en: 'Approval of the placement offer' },
  supervisor: { id: 'Persetujuan atasan langsung', en: "Supervisor's approval" },
  coordinator: { id: 'Persetujuan Koordinator BKPSDM', en: "BKPSDM coordinator's approval" },
  host: { id: 'Penerimaan oleh instansi mitra', en: "Host's acceptance" },
  completion: { id: 'Konfirmasi JP oleh instansi mitra', en: "Host's confirmation of the hours" },
  report: { id: 'Laporan penyelesaian', en: 'Completion report' },
};

export const subjectEventLabels: Record<SubjectEventType, Bilingual> = {
  submitted: { id: 'Diajukan', en: 'Submitted' },
  'review-requested': { id: 'Persetujuan diminta', en: 'Approval requested' },
  'reminder-sent': { id: 'Pengingat dikirim', en: 'Reminder sent' },
  escalated: { id: 'Dialihkan ke penyetuju cadangan', en: 'Passed to the backup approver' },
  decided: { id: 'Keputusan diberikan', en: 'Decision made' },
  approved: { id: 'Disetujui', en: 'Approved' },
  published: { id: 'Penempatan dibuka', en: 'Placement published' },
  rejected: { id: 'Ditolak', en: 'Rejected' },
  confirmed: { id: 'Kursi magang dipastikan', en: 'Seat confirmed' },
  waitlisted: { id: 'Masuk daftar tunggu', en: 'Put on the waitlist' },
  promoted: { id: 'Mendapat kursi dari daftar tunggu', en: 'Given a seat from the waitlist' },
  withdrawn: { id: 'Pendaftaran dibatalkan', en: 'Application withdrawn' },
  started: { id: 'Magang dimulai', en: 'Internship started' },
  'report-requested': { id: 'Laporan diminta', en: 'Report requested' },
  reported: { id: 'Laporan dikirim', en: 'Report sent' },
  completed: { id: 'Magang selesai, JP dicatat', en: 'Internship completed, JP credited' },
  expired: { id: 'Kedaluwarsa', en: 'Expired' },
  failed: { id: 'Terhenti karena gangguan teknis', en: 'Stopped by a technical failure' },
};

/** What each choice of a step is called on its page; the completion's approval confirms the hours. */
export function stepButtonLabel(step: StepName, action: StepAction): Bilingual {
  if (step === 'completion' && action === 'approve') return { id: 'Konfirmasi penyelesaian', en: 'Confirm completion' };
  return stepButtonLabels[action];
}
export const stepButtonLabels: Record<StepAction, Bilingual> = {
  approve: { id: 'Setujui', en: 'Approve' },
  reject: { id: 'Tolak', en: 'Reject' },
  report: { id: 'Kirim laporan', en: 'Send report' },
};

/** The people of the placement workflows, with the roles the proposals already name. */
export const placementRoleLabels: Record<string, Bilingual> = {
  ...roleLabels,
  applicant: { id: 'Pendaftar', en: 'Applicant' },
  asn: { id: 'Pendaftar', en: 'Applicant' },
  supervisor: { id: 'Atasan langsung', en: 'Supervisor' },
  host: { id: 'Instansi mitra', en: 'Host institution' },
  partner: { id: 'Mitra', en: 'Partner' },
};

/** Defined with the employment types in the kernel, whose NIP fields name their choices by them. */
export { employmentTypeLabels };

/** The offer's fields, named as on the partner's form, the approval page and the emails. */
export const placementFieldLabels = {
  title: { id: 'Judul penempatan', en: 'Placement title' },
  institution: { id: 'Institusi', en: 'Institution' },
  hostUnit: { id: 'Unit penerima', en: 'Host unit' },
  description: { id: 'Deskripsi', en: 'Description' },
  competencyArea: { id: 'Bidang kompetensi', en: 'Competency area' },
  seats: { id: 'Jumlah kursi', en: 'Seats' },
  startDate: { id: 'Tanggal mulai', en: 'Start date' },
  endDate: { id: 'Tanggal selesai', en: 'End date' },
  period: { id: 'Periode magang', en: 'Internship period' },
  applicationDeadline: { id: 'Batas pendaftaran', en: 'Application deadline' },
  jpHours: { id: 'Jam pelajaran (JP)', en: 'Lesson hours (JP)' },
  language: { id: 'Bahasa tawaran', en: 'Language of the offer' },
  status: { id: 'Status', en: 'Status' },
} satisfies Record<string, Bilingual>;

/** The application's fields, named as on the ASN's form, the approval pages and the emails. */
export const applicationFieldLabels = {
  nip: { id: 'NIP / NI PPPK', en: 'NIP / NI PPPK' },
  employmentType: { id: 'Status kepegawaian', en: 'Employment type' },
  name: { id: 'Nama lengkap', en: 'Full name' },
  email: { id: 'Email', en: 'Email' },
  unit: { id: 'Unit kerja (OPD)', en: 'Work unit (OPD)' },
  position: { id: 'Jabatan', en: 'Position' },
  supervisorName: { id: 'Nama atasan langsung', en: "Supervisor's name" },
  supervisorEmail: { id: 'Email atasan langsung', en: "Supervisor's email" },
  motivation: { id: 'Motivasi', en: 'Motivation' },
  language: { id: 'Bahasa untuk email', en: 'Language for emails' },
} satisfies Record<string, Bilingual>;

/** What the confirmation mail and page call an application, and what confirming it sets going. */
export const applicationConfirmWords: ConfirmWords = {
  what: { id: 'pendaftaran magang', en: 'internship application' },
  next: {
    id: 'Pendaftaran diteruskan kepada atasan langsung Anda untuk disetujui, lalu kepada koordinator BKPSDM dan instansi mitra. Setiap perkembangan dikirim ke alamat email ini.',
    en: 'The application goes to your supervisor for approval, then to the BKPSDM coordinator and the host institution. Every step is sent to this email address.',
  },
};

/** "1 Februari 2027 – 30 April 2027". */
export function periodText(startDate: string, endDate: string, lang: Language): string {
  return `${formatDate(startDate, lang)} – ${formatDate(endDate, lang)}`;
}

/** "3 dari 5 kursi tersisa". */
export function seatsLeftText(seatsLeft: number, seats: number, lang: Language): string {
  if (lang === 'id') return `${seatsLeft} dari ${seats} kursi tersisa`;
  return `${seatsLeft} of ${seats} ${seats === 1 ? 'seat' : 'seats'} left`;
}

/** "32 JP": the unit reads the same in both languages. */
export function jpText(hours: number): string {
  return `${hours} JP`;
}

/** What an application keeps of its placement, as facts. */
export function placementSummaryFacts(placement: PlacementSummary, lang: Language): Fact[] {
  return [
    { label: placementFieldLabels.title[lang], value: placement.title },
    { label: placementFieldLabels.institution[lang], value: placement.institution },
    { label: placementFieldLabels.hostUnit[lang], value: placement.hostUnit },
    { label: placementFieldLabels.period[lang], value: periodText(placement.startDate, placement.endDate, lang) },
    { label: placementFieldLabels.jpHours[lang], value: jpText(placement.jpHours) },
  ];
}

/** Everything the coordinator needs to judge an offered placement, in the order the form asks. */
export function placementOfferFacts(offer: PlacementOffer, institution: string, lang: Language): Fact[] {
  return [
    { label: placementFieldLabels.institution[lang], value: institution },
    { label: placementFieldLabels.title[lang], value: offer.title },
    { label: placementFieldLabels.hostUnit[lang], value: offer.hostUnit },
    { label: placementFieldLabels.description[lang], value: offer.description, multiline: true },
    { label: placementFieldLabels.competencyArea[lang], value: offer.competencyArea },
    { label: placementFieldLabels.seats[lang], value: String(offer.seats) },
    { label: placementFieldLabels.period[lang], value: periodText(offer.startDate, offer.endDate, lang) },
    { label: placementFieldLabels.applicationDeadline[lang], value: formatDate(offer.applicationDeadline, lang) },
    { label: placementFieldLabels.jpHours[lang], value: jpText(offer.jpHours) },
  ];
}

/**
 * Who applied, as the approvers see it. The NIP is left out unless asked for: the host
 * institution does not need a civil servant's identity number to receive an intern.
 */
export function applicantFacts(data: ApplicationRecord['data'], lang: Language, options: { withNip: boolean }): Fact[] {
  const facts: Fact[] = [{ label: applicationFieldLabels.name[lang], value: data.name }];
  if (options.withNip) facts.push({ label: applicationFieldLabels.nip[lang], value: data.nip });
  facts.push(
    { label: applicationFieldLabels.employmentType[lang], value: label(employmentTypeLabels, data.employmentType, lang) },
    { label: applicationFieldLabels.position[lang], value: data.position },
    { label: applicationFieldLabels.unit[lang], value: data.unit },
    { label: applicationFieldLabels.email[lang], value: data.email },
    { label: applicationFieldLabels.supervisorName[lang], value: data.supervisor.name },
    { label: applicationFieldLabels.motivation[lang], value: data.motivation, multiline: true },
  );
  return facts;
}
