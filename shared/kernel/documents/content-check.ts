import { inflateRawSync } from 'node:zlib';
import type { Bilingual, Language } from '../i18n.js';

/**
 * What a stored upload really is, read from its bytes: S3 stores whatever a form posts (and the
 * local engine enforces no policy at all), so a document is taken only once its content matches
 * the type it was declared as. A PDF starts with `%PDF-` and is not encrypted; a PNG and a JPEG
 * have their signatures; a DOCX or an XLSX is a ZIP with its Office Open XML parts and no
 * macros; an ODT or an ODS is a ZIP whose first entry, `mimetype`, names its type, with no
 * macros and no encrypted parts; a CSV is UTF-8 text.
 * An empty file, an executable, a password-protected file and anything else are refused.
 */

/** The kinds of file a step may ask for. */
export const documentTypes = ['pdf', 'docx', 'odt', 'xlsx', 'ods', 'csv', 'png', 'jpeg'] as const;
export type DocumentType = (typeof documentTypes)[number];

/** Each kind's content type (the one the upload declares and the download serves) and the names it goes by. */
export const documentTypeInfo: Record<DocumentType, { contentType: string; extensions: readonly string[]; label: string }> = {
  pdf: { contentType: 'application/pdf', extensions: ['pdf'], label: 'PDF' },
  docx: { contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', extensions: ['docx'], label: 'DOCX' },
  odt: { contentType: 'application/vnd.oasis.opendocument.text', extensions: ['odt'], label: 'ODT' },
  xlsx: { contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extensions: ['xlsx'], label: 'XLSX' },
  ods: { contentType: 'application/vnd.oasis.opendocument.spreadsheet', extensions: ['ods'], label: 'ODS' },
  csv: { contentType: 'text/csv', extensions: ['csv'], label: 'CSV' },
  png: { contentType: 'image/png', extensions: ['png'], label: 'PNG' },
  jpeg: { contentType: 'image/jpeg', extensions: ['jpg', 'jpeg'], label: 'JPEG' },
};

/** The kind a declared content type names, if it is one of ours. */
export function typeOfContentType(contentType: string): DocumentType | undefined {
  const bare = contentType.split(';')[0]!.trim().toLowerCase();
  return documentTypes.find((type) => documentTypeInfo[type].contentType === bare);
}

/** Why a file was refused. */
/** Why a file was refused: by its bytes, or (`too-large`) by its size before they were read. */
export type Refusal = 'empty' | 'executable' | 'encrypted' | 'macros' | 'mismatch' | 'damaged' | 'too-large';

export type Verdict = { ok: true } | { ok: false; reason: Refusal };

const refused = (reason: Refusal): Verdict => ({ ok: false, reason });
const accepted: Verdict = { ok: true };

const startsWith = (bytes: Uint8Array, signature: readonly number[], at = 0) =>
  bytes.length >= at + signature.length && signature.every((b, i) => bytes[at + i] === b);
const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

/** Programs in the formats the operating systems run, and scripts with an interpreter line. */
const executables: readonly (readonly number[])[] = [
  ascii('MZ'), // Windows (PE), DOS
  [0x7f, 0x45, 0x4c, 0x46], // ELF (Linux)
  [0xfe, 0xed, 0xfa, 0xce],
  [0xfe, 0xed, 0xfa, 0xcf],
  [0xce, 0xfa, 0xed, 0xfe],
  [0xcf, 0xfa, 0xed, 0xfe], // Mach-O
  [0xca, 0xfe, 0xba, 0xbe], // Mach-O universal (and Java classes)
  ascii('#!'),
];

/** An OLE compound file: what Office makes of a password-protected DOCX or XLSX (and the old .doc/.xls). */
const compoundFile = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG = [0xff, 0xd8, 0xff];
const ZIP = [0x50, 0x4b, 0x03, 0x04];

/** Checks `bytes` against the kind it was declared as. */
export function checkContent(bytes: Uint8Array, declared: DocumentType): Verdict {
  if (bytes.length === 0) return refused('empty');
  // A program is refused whatever it was declared as (text that merely starts like one, `MZ Hotel,Solo`, is a CSV's to read).
  if (executables.some((signature) => startsWith(bytes, signature) && (declared !== 'csv' || signature[0] === 0x23))) return refused('executable');
  switch (declared) {
    case 'pdf':
      return checkPdf(bytes);
    case 'png':
      return startsWith(bytes, PNG) ? accepted : refused('mismatch');
    case 'jpeg':
      return startsWith(bytes, JPEG) ? accepted : refused('mismatch');
    case 'csv':
      return checkCsv(bytes);
    default:
      if (startsWith(bytes, compoundFile)) return refused(declared === 'docx' || declared === 'xlsx' ? 'encrypted' : 'mismatch');
      return startsWith(bytes, ZIP) ? checkPackage(bytes, declared) : refused('mismatch');
  }
}

const latin1 = new TextDecoder('latin1');

/** A PDF's header may follow up to 1024 bytes of anything (PDF 1.7, annex H). */
const PDF_HEADER_WITHIN = 1024;

function checkPdf(bytes: Uint8Array): Verdict {
  const text = latin1.decode(bytes);
  if (!text.slice(0, PDF_HEADER_WITHIN + 5).includes('%PDF-')) return refused('mismatch');
  // A complete file ends with its end-of-file marker (a little trailing whitespace or garbage is common).
  if (!text.slice(-2048).includes('%%EOF')) return refused('damaged');
  return isEncryptedPdf(text) ? refused('encrypted') : accepted;
}

/**
 * Whether a trailer (or a cross-reference stream's dictionary, which stands for it) names an
 * encryption dictionary: read near each of them only, so a page that merely mentions
 * `/Encrypt` in its text is not taken for encrypted.
 */
function isEncryptedPdf(text: string): boolean {
  // A trailer's dictionary follows its keyword; a cross-reference stream's holds its /Type among its other keys.
  for (const found of text.matchAll(/trailer\s*<<|\/Type\s*\/XRef\b/g)) {
    const near = found[0].startsWith('trailer') ? text.slice(found.index, found.index + 1024) : text.slice(Math.max(0, found.index - 512), found.index + 512);
    if (/\/Encrypt\s*(?:\d+\s+\d+\s+R|<<)/.test(near)) return true;
  }
  return false;
}

function checkCsv(bytes: Uint8Array): Verdict {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return refused('mismatch');
  }
  if (text.replace(/^\ufeff/, '').trim() === '') return refused('empty');
  // Text holds no control characters but tabs and line ends.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
  return /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text) ? refused('mismatch') : accepted;
}

// ---------------------------------------------------------------------------------------------
// ZIP packages (Office Open XML, OpenDocument)

interface ZipEntry {
  name: string;
  flags: number;
  method: number;
  compressedSize: number;
  localOffset: number;
}

const u16 = (b: Uint8Array, at: number) => b[at]! | (b[at + 1]! << 8);
const u32 = (b: Uint8Array, at: number) => (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;
const utf8 = new TextDecoder();

/** The entries of a ZIP's central directory, or undefined when it has none that reads whole. */
export function zipEntries(bytes: Uint8Array): ZipEntry[] | undefined {
  // The end-of-central-directory record lies in the last 22 bytes, before a comment of at most 64 KiB.
  let end = -1;
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 0xffff); at--)
    if (u32(bytes, at) === 0x06054b50) {
      end = at;
      break;
    }
  if (end < 0) return undefined;
  const count = u16(bytes, end + 10);
  let at = u32(bytes, end + 16);
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (at + 46 > bytes.length || u32(bytes, at) !== 0x02014b50) return undefined;
    const nameLength = u16(bytes, at + 28);
    if (at + 46 + nameLength > bytes.length) return undefined;
    entries.push({
      name: utf8.decode(bytes.subarray(at + 46, at + 46 + nameLength)),
      flags: u16(bytes, at + 8),
      method: u16(bytes, at + 10),
      compressedSize: u32(bytes, at + 20),
      localOffset: u32(bytes, at + 42),
    });
    at += 46 + nameLength + u16(bytes, at + 30) + u16(bytes, at + 32);
  }
  return entries;
}

/** An entry's data as stored in the archive, or undefined when it does not read. */
function entryData(bytes: Uint8Array, entry: ZipEntry): Uint8Array | undefined {
  const at = entry.localOffset;
  if (at + 30 > bytes.length || u32(bytes, at) !== 0x04034b50) return undefined;
  const start = at + 30 + u16(bytes, at + 26) + u16(bytes, at + 28);
  return start + entry.compressedSize <= bytes.length ? bytes.subarray(start, start + entry.compressedSize) : undefined;
}

/** The most a small part (a manifest) may inflate to: a part larger than this is no manifest of a document. */
const MAX_PART_BYTES = 1024 * 1024;

/** A small entry's text, stored or deflated, or undefined when it does not read (or would inflate beyond MAX_PART_BYTES). */
function entryText(bytes: Uint8Array, entry: ZipEntry): string | undefined {
  const data = entryData(bytes, entry);
  if (!data) return undefined;
  if (entry.method === 0) return utf8.decode(data);
  if (entry.method !== 8) return undefined;
  try {
    return utf8.decode(inflateRawSync(data, { maxOutputLength: MAX_PART_BYTES }));
  } catch {
    return undefined;
  }
}

/** The parts each package kind must have. */
const requiredParts: Record<'docx' | 'xlsx' | 'odt' | 'ods', readonly string[]> = {
  docx: ['[Content_Types].xml', 'word/document.xml'],
  xlsx: ['[Content_Types].xml', 'xl/workbook.xml'],
  odt: ['mimetype', 'content.xml'],
  ods: ['mimetype', 'content.xml'],
};

function checkPackage(bytes: Uint8Array, declared: DocumentType): Verdict {
  if (declared !== 'docx' && declared !== 'xlsx' && declared !== 'odt' && declared !== 'ods') return refused('mismatch');
  const entries = zipEntries(bytes);
  if (!entries) return refused('damaged');
  // Bit 0 of an entry's flags: the entry is encrypted.
  if (entries.some((entry) => (entry.flags & 1) === 1)) return refused('encrypted');
  const names = new Set(entries.map((entry) => entry.name));
  if (!requiredParts[declared].every((part) => names.has(part))) return refused('mismatch');
  if (declared === 'docx' || declared === 'xlsx') return entries.some((entry) => /(^|\/)vbaProject\.bin$/i.test(entry.name)) ? refused('macros') : accepted;
  // LibreOffice keeps a document's Basic macros and scripts in folders of their own.
  if (entries.some((entry) => /^(Basic|Scripts)\//.test(entry.name))) return refused('macros');
  // An OpenDocument file says what it is in its first entry, stored uncompressed; a protected
  // one lists the encryption of its parts in its manifest.
  const mimetype = entries[0]!;
  if (mimetype.name !== 'mimetype') return refused('mismatch');
  const stored = mimetype.method === 0 ? entryText(bytes, mimetype) : undefined;
  if (stored === undefined) return refused('damaged');
  const manifest = entries.find((entry) => entry.name === 'META-INF/manifest.xml');
  const listed = manifest && entryText(bytes, manifest);
  if (manifest && listed === undefined) return refused('damaged');
  if (listed?.includes('encryption-data')) return refused('encrypted');
  return stored === documentTypeInfo[declared].contentType ? accepted : refused('mismatch');
}

// ---------------------------------------------------------------------------------------------
// Messages

const refusalText: Record<Refusal, (type: string, maxBytes: number) => Bilingual> = {
  'too-large': (_, maxBytes) => ({
    id: `Berkas ini lebih besar dari ${mebibytes(maxBytes, 'id')} MiB, batas untuk satu berkas.`,
    en: `This file is larger than ${mebibytes(maxBytes, 'en')} MiB, the limit for one file.`,
  }),
  empty: () => ({ id: 'Berkas ini kosong.', en: 'This file is empty.' }),
  executable: () => ({ id: 'Berkas ini adalah program, bukan dokumen.', en: 'This file is a program, not a document.' }),
  encrypted: () => ({
    id: 'Berkas ini dilindungi kata sandi; unggah versi tanpa kata sandi.',
    en: 'This file is protected with a password; upload a version without one.',
  }),
  macros: () => ({
    id: 'Berkas ini berisi makro; simpan tanpa makro lalu unggah lagi.',
    en: 'This file contains macros; save it without them and upload it again.',
  }),
  mismatch: (type) => ({ id: `Isi berkas ini bukan ${type}.`, en: `The content of this file is not a ${type} file.` }),
  damaged: (type) => ({ id: `Berkas ${type} ini rusak atau tidak lengkap.`, en: `This ${type} file is damaged or incomplete.` }),
};

/** "10" for 10 MiB; "2,5" (Indonesian) or "2.5" for 2.5 MiB. */
const mebibytes = (bytes: number, lang: Language) => (Math.round((bytes / 1024 / 1024) * 10) / 10).toLocaleString(lang === 'id' ? 'id-ID' : 'en-GB');

/** Why a file was refused, in the reader's language, naming the kind it was declared as (and the limit a file too large passed). */
export function refusalMessage(reason: Refusal, declared: DocumentType, lang: Language, maxBytes = 10 * 1024 * 1024): string {
  return refusalText[reason](documentTypeInfo[declared].label, maxBytes)[lang];
}
