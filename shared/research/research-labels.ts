import type { Bilingual } from '../kernel/i18n.js';
import type { MilestoneStatus, ProjectStatus } from './research.schema.js';
import type { ConsentStatus, ExtensionRecord, ProjectEventType, ResearchStep } from './research-records.js';

/**
 * The words of research projects, shared by their pages, emails and calendar: what the
 * statuses, steps and events are called, in both languages.
 */

export const projectStatusLabels: Record<ProjectStatus, Bilingual> = {
  SUBMITTED: { id: 'Diajukan', en: 'Submitted' },
  CONSENT: { id: 'Menunggu persetujuan atasan anggota', en: "Awaiting the members' supervisors" },
  PLAN_REVIEW: { id: 'Rencana ditinjau koordinator BKPSDM', en: 'Plan with the BKPSDM coordinator' },
  REVISION_REQUESTED: { id: 'Perlu revisi', en: 'Revision requested' },
  ACTIVE: { id: 'Berjalan', en: 'Active' },
  COMPLETED: { id: 'Selesai', en: 'Completed' },
  REJECTED: { id: 'Ditolak', en: 'Rejected' },
  EXPIRED: { id: 'Kedaluwarsa', en: 'Expired' },
  CANCELLED: { id: 'Dibatalkan', en: 'Cancelled' },
};

export const milestoneStatusLabels: Record<MilestoneStatus, Bilingual> = {
  PLANNED: { id: 'Direncanakan', en: 'Planned' },
  OPEN: { id: 'Dibuka', en: 'Open' },
  SUBMITTED: { id: 'Dikirim', en: 'Submitted' },
  IN_REVIEW: { id: 'Ditinjau', en: 'In review' },
  REVISION_REQUESTED: { id: 'Perlu revisi', en: 'Revision requested' },
  APPROVED: { id: 'Disetujui', en: 'Approved' },
  NOT_ACCEPTED: { id: 'Tidak diterima', en: 'Not accepted' },
};

/** The mark a milestone past its due date carries beside its status. */
export const overdueLabel: Bilingual = { id: 'Terlambat', en: 'Overdue' };

/** Where a request for a later due date stands. */
export const extensionStatusLabels: Record<ExtensionRecord['status'], Bilingual> = {
  PENDING: { id: 'Menunggu keputusan', en: 'Awaiting a decision' },
  APPROVED: { id: 'Disetujui', en: 'Approved' },
  REFUSED: { id: 'Tidak disetujui', en: 'Refused' },
};

export const consentLabels: Record<ConsentStatus, Bilingual> = {
  PENDING: { id: 'Belum ditanyakan kepada atasan', en: 'Supervisor not asked yet' },
  ASKED: { id: 'Menunggu persetujuan atasan', en: "Awaiting the supervisor's consent" },
  AGREED: { id: 'Disetujui atasan', en: 'Supervisor agreed' },
  REFUSED: { id: 'Tidak disetujui atasan', en: 'Supervisor refused' },
  NO_ANSWER: { id: 'Atasan tidak menjawab', en: 'Supervisor did not answer' },
};

/** The human steps, named by what is asked of the person at each (as the emails name them). */
export const researchStepLabels: Record<ResearchStep, Bilingual> = {
  consent: { id: 'Persetujuan keikutsertaan anggota', en: "Consent to a member's taking part" },
  'plan-review': { id: 'Tinjauan rencana penelitian', en: 'Review of the research plan' },
  'plan-revision': { id: 'Revisi rencana penelitian', en: 'Revision of the research plan' },
  milestone: { id: 'Pengiriman tahap', en: 'Milestone submission' },
  extension: { id: 'Perpanjangan tenggat tahap', en: "Extension of a milestone's due date" },
  'co-review': { id: 'Tinjauan bersama tahap', en: 'Co-review of a milestone' },
};

export const projectEventLabels: Record<ProjectEventType, Bilingual> = {
  submitted: { id: 'Diajukan', en: 'Submitted' },
  'consent-requested': { id: 'Persetujuan atasan diminta', en: "Supervisor's consent requested" },
  'consent-given': { id: 'Atasan menyetujui keikutsertaan', en: 'Supervisor consented' },
  'consent-refused': { id: 'Atasan tidak menyetujui keikutsertaan', en: 'Supervisor refused consent' },
  'member-left': { id: 'Anggota keluar dari tim', en: 'Member left the team' },
  'review-requested': { id: 'Tinjauan diminta', en: 'Review requested' },
  'reminder-sent': { id: 'Pengingat dikirim', en: 'Reminder sent' },
  escalated: { id: 'Dialihkan ke penyetuju cadangan', en: 'Passed to the backup' },
  decided: { id: 'Keputusan diberikan', en: 'Decision made' },
  'revision-requested': { id: 'Revisi diminta', en: 'Revision requested' },
  resubmitted: { id: 'Revisi dikirim', en: 'Revision sent' },
  approved: { id: 'Disetujui', en: 'Approved' },
  rejected: { id: 'Ditolak', en: 'Rejected' },
  expired: { id: 'Kedaluwarsa', en: 'Expired' },
  failed: { id: 'Dihentikan karena gangguan', en: 'Stopped by a fault' },
  'milestone-opened': { id: 'Tahap dibuka untuk pengiriman', en: 'Milestone opened for submission' },
  'milestone-reminder': { id: 'Pengingat tenggat dikirim', en: 'Due-date reminder sent' },
  'milestone-overdue': { id: 'Tahap melewati tenggat', en: 'Milestone overdue' },
  'milestone-escalated': { id: 'Keterlambatan diteruskan ke pimpinan', en: 'Lateness passed to the heads' },
  'milestone-submitted': { id: 'Tahap dikirim', en: 'Milestone submitted' },
  'milestone-approved': { id: 'Tahap disetujui', en: 'Milestone approved' },
  'milestone-not-accepted': { id: 'Tahap tidak diterima', en: 'Milestone not accepted' },
  completed: { id: 'Proyek selesai', en: 'Project completed' },
  'jp-credited': { id: 'JP dicatat', en: 'JP credited' },
  'extension-requested': { id: 'Perpanjangan tenggat diminta', en: 'Extension requested' },
  'extension-approved': { id: 'Perpanjangan tenggat disetujui', en: 'Extension approved' },
  'extension-refused': { id: 'Perpanjangan tenggat tidak disetujui', en: 'Extension refused' },
};
