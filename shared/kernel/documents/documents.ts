import type { Bilingual } from '../i18n.js';
import type { DocumentType, Refusal } from './content-check.js';

/**
 * The documents the steps of Sinergi take: what each purpose accepts, and what a document keeps
 * of itself. A document is uploaded by reference, before the step that names it: an upload is
 * asked for (`POST /api/uploads`, or the upload step of a form), posted straight to S3 under a
 * key Sinergi chose, checked, and then used once, by the step of its purpose. The file's name is
 * kept for display only; the storage key is the document's id.
 */

/** Each purpose: the kinds of file it takes, and how the forms and pages name it. */
export const documentPurposes = {
  'proposal.tor': { types: ['pdf', 'docx', 'odt'], label: { id: 'Kerangka acuan kerja (KAK / TOR)', en: 'Terms of reference (KAK / TOR)' } },
  'proposal.draftAgreement': { types: ['pdf', 'docx', 'odt'], label: { id: 'Draf naskah kerja sama (MoU / PKS)', en: 'Draft agreement (MoU / PKS)' } },
  'proposal.profile': { types: ['pdf', 'docx', 'odt'], label: { id: 'Profil lembaga', en: 'Institution profile' } },
  'application.completion': {
    types: ['pdf', 'png', 'jpeg'],
    label: { id: 'Sertifikat atau surat keterangan selesai magang', en: 'Certificate or statement of completion' },
  },
  'milestone.report': {
    types: ['pdf', 'docx', 'odt', 'xlsx', 'ods', 'csv', 'png', 'jpeg'],
    label: { id: 'Laporan tahap', en: 'Milestone report' },
  },
  'milestone.supporting': {
    types: ['pdf', 'docx', 'odt', 'xlsx', 'ods', 'csv', 'png', 'jpeg'],
    label: { id: 'Berkas pendukung', en: 'Supporting file' },
  },
} as const satisfies Record<string, { types: readonly DocumentType[]; label: Bilingual }>;

export type DocumentPurpose = keyof typeof documentPurposes;
export const documentPurposeNames = Object.keys(documentPurposes) as DocumentPurpose[];

/** A milestone submission carries at most this many supporting files beside its report. */
export const MAX_SUPPORTING_FILES = 5;

/** The largest file a deployment takes unless its settings say otherwise: 10 MiB. */
export const DEFAULT_MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;

/** How long an upload form stays good: long enough to pick a file and send it, short enough that a copied form dies soon. */
export const UPLOAD_FORM_SECONDS = 15 * 60;

/**
 * Where a document stands: asked for (its form issued, nothing stored yet or not checked), taken
 * (its content matched its type), refused (and its object deleted), or used by the step it was
 * for (it then belongs to that step's subject).
 */
export type DocumentState = 'PENDING' | 'READY' | 'REFUSED' | 'USED';

export interface DocumentRecord {
  /** A UUID: also the last part of its storage keys. */
  id: string;
  purpose: DocumentPurpose;
  /** As the person named it, for display only. */
  fileName: string;
  type: DocumentType;
  contentType: string;
  /** What an API client declared (a form cannot know it beforehand); the check compares the stored object with it. */
  declaredSize?: number;
  state: DocumentState;
  createdAt: string;
  /** After this an unused document is no longer taken by any step. */
  expiresAt: string;
  /** Set by the check: the stored object's size and SHA-256 (hex). */
  size?: number;
  sha256?: string;
  checkedAt?: string;
  refusal?: Refusal;
  /** The subject of the step that used it. */
  usedBy?: { type: string; id: string; at: string };
}

/** Where an upload lands until it is checked: a prefix the bucket's lifecycle empties after a day. */
export const pendingKey = (id: string) => `pending/${id}`;

/** Where a checked document is kept. */
export const documentKey = (id: string) => `documents/${id}`;
