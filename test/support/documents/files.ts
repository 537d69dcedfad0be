import * as zlib from 'node:zlib';
import { type Zippable, zipSync } from 'fflate';

/**
 * Small real files of each kind a step may ask for, built in code (nothing binary is committed):
 * each valid one is a file the application that makes it would open. Around them, the files the
 * content check must refuse: protected, macro-laden, truncated, disguised and empty ones.
 */

const latin1 = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));
const utf8 = (text: string) => new TextEncoder().encode(text);
const concat = (...parts: (Uint8Array | readonly number[])[]) => Uint8Array.from(parts.flatMap((part) => [...part]));
const u16le = (n: number) => [n & 0xff, (n >>> 8) & 0xff];
const u32le = (n: number) => [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff];
const u16be = (n: number) => [(n >>> 8) & 0xff, n & 0xff];
const u32be = (n: number) => [(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];

/** A fixed time for every ZIP entry, so the same builder always gives the same bytes. */
const mtime = new Date('2026-11-28T10:00:00Z');

// ---------------------------------------------------------------------------------------------
// PDF

/**
 * A PDF 1.4 of numbered objects (1 … n, object 1 the catalog), with its cross-reference table
 * pointing at the byte where each object starts, and its trailer. The second header line is the
 * customary comment of four bytes above 127 that marks the file as binary.
 */
function pdfOf(objects: readonly string[], trailerExtra = ''): Uint8Array {
  let text = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(text.length); // every character is one byte (latin1)
    text += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = text.length;
  // Each cross-reference entry is exactly 20 bytes: 10-digit offset, 5-digit generation, type, space, newline.
  text += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) text += `${String(offset).padStart(10, '0')} 00000 n \n`;
  text += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R${trailerExtra} >>\nstartxref\n${xref}\n%%EOF\n`;
  return latin1(text);
}

/** The page's content: a blue rectangle near the top-left of an A4 page. */
const pageContent = '0.2 0.4 0.8 rg\n72 698 144 72 re\nf\n';

/** The four objects of a one-page document: catalog, page tree, page, content stream. */
const onePage = [
  '<< /Type /Catalog /Pages 2 0 R >>',
  '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
  '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << >> /Contents 4 0 R >>',
  `<< /Length ${pageContent.length} >>\nstream\n${pageContent}endstream`,
] as const;

/** A valid one-page PDF 1.4. */
export function aPdf(): Uint8Array {
  return pdfOf(onePage);
}

/** The byte offsets the cross-reference table of `pdf` lists for objects 1 … n (to check the builder). */
export function pdfXrefOffsets(pdf: Uint8Array): number[] {
  const text = new TextDecoder('latin1').decode(pdf);
  const start = Number(/startxref\n(\d+)\n/.exec(text)![1]);
  const [, count] = /^xref\n0 (\d+)\n/.exec(text.slice(start))!;
  return Array.from({ length: Number(count) - 1 }, (_, i) =>
    Number(
      text
        .slice(start, start + 200)
        .split('\n')
        [i + 3]!.slice(0, 10),
    ),
  );
}

/**
 * A PDF protected with a password: the trailer names the standard security handler's dictionary
 * (RC4 40-bit, revision 2) as object 5, with the file identifier encryption needs. (The page's
 * stream is not actually enciphered; the content check reads only the trailer.)
 */
export function anEncryptedPdf(options: { dictionary?: 'indirect' | 'inline' } = {}): Uint8Array {
  const o = '<8a2d2f9c1e6b4a7d3f0c5e8b9a1d2c3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c>';
  const u = '<1f2e3d4c5b6a79880f1e2d3c4b5a69781f2e3d4c5b6a79880f1e2d3c4b5a6978>';
  const encryption = `<< /Filter /Standard /V 1 /R 2 /O ${o} /U ${u} /P -3904 >>`;
  const id = ' /ID [<3c4f0a5d9e2b1c7a8f6e5d4c3b2a1908> <3c4f0a5d9e2b1c7a8f6e5d4c3b2a1908>]';
  // The dictionary is an object of its own (as writers make it), or written into the trailer itself.
  return options.dictionary === 'inline' ? pdfOf(onePage, ` /Encrypt ${encryption}${id}`) : pdfOf([...onePage, encryption], ` /Encrypt 5 0 R${id}`);
}

/** A PDF whose download stopped part-way: it breaks off inside the cross-reference table, before `%%EOF`. */
export function aTruncatedPdf(): Uint8Array {
  const whole = aPdf();
  const xref = new TextDecoder('latin1').decode(whole).indexOf('xref\n');
  return whole.slice(0, xref + 30);
}

// ---------------------------------------------------------------------------------------------
// PNG

/** CRC-32 (ISO-HDLC, as PNG and ZIP use it): node:zlib's from Node 20.15, else a table. */
const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
export const crc32 = (data: Uint8Array): number => (typeof zlib.crc32 === 'function' ? zlib.crc32(data) >>> 0 : tableCrc32(data));

/** The CRC-32 of `data` computed with the table alone (to check node:zlib's against it). */
export function tableCrc32(data: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of data) c = crcTable[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: Uint8Array): Uint8Array {
  const typeAndData = concat(latin1(type), data);
  return concat(u32be(data.length), typeAndData, u32be(crc32(typeAndData)));
}

export const pngSignature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] as const;

/** A 1×1 PNG (8-bit RGB) of one Surakarta-green pixel. */
export function aPng(): Uint8Array {
  // Width 1, height 1, bit depth 8, colour type 2 (truecolour), deflate, adaptive filtering, no interlace.
  const header = concat(u32be(1), u32be(1), [8, 2, 0, 0, 0]);
  // One scanline: filter type 0 (none), then the pixel's red, green and blue.
  const pixels = zlib.deflateSync(Uint8Array.from([0, 0x1b, 0x7a, 0x3c]));
  return concat(pngSignature, pngChunk('IHDR', header), pngChunk('IDAT', pixels), pngChunk('IEND', new Uint8Array()));
}

// ---------------------------------------------------------------------------------------------
// JPEG

/**
 * A 1×1 baseline JPEG (JFIF, 8-bit greyscale) of one mid-grey pixel, written marker by marker:
 * a quantization table of ones, Huffman tables of one code each ("0" for DC category 0 and "0"
 * for end-of-block), and a single block whose DC difference is 0 and whose AC coefficients are
 * all 0 (the bits 0, 0, padded with ones: 0x3F). Decoders give the pixel the value 128.
 */
export function aJpeg(): Uint8Array {
  const segment = (marker: number, body: readonly number[]) => [0xff, marker, ...u16be(body.length + 2), ...body];
  const oneCode = (tableClassAndId: number) => [tableClassAndId, 1, ...new Array<number>(15).fill(0), 0x00];
  return Uint8Array.from([
    0xff,
    0xd8, // SOI
    ...segment(0xe0, [...latin1('JFIF\0'), 1, 1, 0, 0, 1, 0, 1, 0, 0]), // APP0: JFIF 1.1, aspect 1:1, no thumbnail
    ...segment(0xdb, [0x00, ...new Array<number>(64).fill(1)]), // DQT: table 0, 8-bit, all ones
    ...segment(0xc0, [8, ...u16be(1), ...u16be(1), 1, 1, 0x11, 0]), // SOF0: 8-bit, 1×1, one component (1×1 sampling, table 0)
    ...segment(0xc4, oneCode(0x00)), // DHT: DC table 0
    ...segment(0xc4, oneCode(0x10)), // DHT: AC table 0
    ...segment(0xda, [1, 1, 0x00, 0, 63, 0]), // SOS: component 1 with tables 0/0, spectral 0–63
    0x3f, // the entropy-coded block
    0xff,
    0xd9, // EOI
  ]);
}

// ---------------------------------------------------------------------------------------------
// ZIP packages

const xml = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
type Entries = Record<string, string | Uint8Array | { stored: Uint8Array | string }>;

/** A ZIP of `entries` in the order given, each deflated unless marked `stored`. */
export function zipOf(entries: Entries): Uint8Array {
  const files: Zippable = {};
  for (const [name, content] of Object.entries(entries)) {
    const bytes = (value: string | Uint8Array) => (typeof value === 'string' ? utf8(value) : value);
    files[name] = typeof content === 'object' && 'stored' in content ? [bytes(content.stored), { level: 0, mtime }] : [bytes(content), { level: 6, mtime }];
  }
  return zipSync(files);
}

const contentTypesNs = 'http://schemas.openxmlformats.org/package/2006/content-types';
const relationshipsNs = 'http://schemas.openxmlformats.org/package/2006/relationships';
const officeDocumentRel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

const packageRels = (target: string) =>
  `${xml}<Relationships xmlns="${relationshipsNs}"><Relationship Id="rId1" Type="${officeDocumentRel}/officeDocument" Target="${target}"/></Relationships>`;

const wordDocument = (text: string) =>
  `${xml}<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t xml:space="preserve">${text}</w:t></w:r></w:p><w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>`;

export const docxText = 'Laporan kegiatan magang di Dinas Komunikasi, Informatika, Statistik dan Persandian.';

/** The entries of `aDocx()`, in their order in the archive. */
export const docxEntryNames = ['[Content_Types].xml', '_rels/.rels', 'word/document.xml'] as const;

/** A one-paragraph Word document (Office Open XML). */
export function aDocx(): Uint8Array {
  return zipOf({
    '[Content_Types].xml': `${xml}<Types xmlns="${contentTypesNs}"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`,
    '_rels/.rels': packageRels('word/document.xml'),
    'word/document.xml': wordDocument(docxText),
  });
}

/** A Word document with a VBA project (what Word saves as .docm), uploaded as DOCX. */
export function aDocxWithMacros(): Uint8Array {
  return zipOf({
    '[Content_Types].xml': `${xml}<Types xmlns="${contentTypesNs}"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/><Override PartName="/word/document.xml" ContentType="application/vnd.ms-word.document.macroEnabled.main+xml"/></Types>`,
    '_rels/.rels': packageRels('word/document.xml'),
    'word/document.xml': wordDocument(docxText),
    'word/_rels/document.xml.rels': `${xml}<Relationships xmlns="${relationshipsNs}"><Relationship Id="rId1" Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" Target="vbaProject.bin"/></Relationships>`,
    // A VBA project is itself a compound file; its header is enough here.
    'word/vbaProject.bin': anOleCompoundFile(),
  });
}

/** A one-sheet workbook (Office Open XML) with a text cell and a number. */
export function anXlsx(): Uint8Array {
  const mainNs = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
  return zipOf({
    '[Content_Types].xml': `${xml}<Types xmlns="${contentTypesNs}"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
    '_rels/.rels': packageRels('xl/workbook.xml'),
    'xl/workbook.xml': `${xml}<workbook xmlns="${mainNs}" xmlns:r="${officeDocumentRel}"><sheets><sheet name="Peserta" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    'xl/_rels/workbook.xml.rels': `${xml}<Relationships xmlns="${relationshipsNs}"><Relationship Id="rId1" Type="${officeDocumentRel}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
    'xl/worksheets/sheet1.xml': `${xml}<worksheet xmlns="${mainNs}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Jumlah peserta</t></is></c><c r="B1"><v>42</v></c></row></sheetData></worksheet>`,
  });
}

const odfMime = { text: 'application/vnd.oasis.opendocument.text', spreadsheet: 'application/vnd.oasis.opendocument.spreadsheet' } as const;
const officeNs =
  'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"';
const manifestNs = 'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"';

const odfContent = {
  text: `${xml}<office:document-content ${officeNs} office:version="1.3"><office:body><office:text><text:p>${docxText}</text:p></office:text></office:body></office:document-content>`,
  spreadsheet: `${xml}<office:document-content ${officeNs} office:version="1.3"><office:body><office:spreadsheet><table:table table:name="Peserta"><table:table-row><table:table-cell office:value-type="string"><text:p>Jumlah peserta</text:p></table:table-cell><table:table-cell office:value-type="float" office:value="42"><text:p>42</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>`,
};

const odfManifest = (mediaType: string, contentEntry = '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>') =>
  `${xml}<manifest:manifest ${manifestNs} manifest:version="1.3"><manifest:file-entry manifest:full-path="/" manifest:version="1.3" manifest:media-type="${mediaType}"/>${contentEntry}</manifest:manifest>`;

/** An OpenDocument package: `mimetype` first and stored, then the content and the manifest, deflated. */
function odfOf(kind: 'text' | 'spreadsheet', options: { mimetype?: string; storeMimetype?: boolean } = {}): Uint8Array {
  const { mimetype = odfMime[kind], storeMimetype = true } = options;
  return zipOf({
    mimetype: storeMimetype ? { stored: mimetype } : mimetype,
    'content.xml': odfContent[kind],
    'META-INF/manifest.xml': odfManifest(mimetype),
  });
}

/** A one-paragraph OpenDocument text. */
export const anOdt = () => odfOf('text');
/** A one-sheet OpenDocument spreadsheet. */
export const anOds = () => odfOf('spreadsheet');
/** An OpenDocument text whose `mimetype` says it is a spreadsheet. */
export const anOdtNamedSpreadsheet = () => odfOf('text', { mimetype: odfMime.spreadsheet });
/** An OpenDocument text whose `mimetype` entry is deflated, against the standard. */
export const anOdtWithDeflatedMimetype = () => odfOf('text', { storeMimetype: false });

/**
 * An OpenDocument text saved with a password: its content is enciphered (opaque bytes here) and
 * the manifest lists how (AES-256-CBC, the key from PBKDF2 over the password's SHA-256).
 */
export function aProtectedOdt(): Uint8Array {
  const enciphered = Uint8Array.from({ length: 96 }, (_, i) => (i * 151 + 17) & 0xff);
  const entry =
    `<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml" manifest:size="412">` +
    `<manifest:encryption-data manifest:checksum-type="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0#sha256-1k" manifest:checksum="bXlDaGVja3N1bQ==">` +
    `<manifest:algorithm manifest:algorithm-name="http://www.w3.org/2001/04/xmlenc#aes256-cbc" manifest:initialisation-vector="aW5pdGlhbGlzYXRpb24="/>` +
    `<manifest:start-key-generation manifest:start-key-generation-name="http://www.w3.org/2000/09/xmldsig#sha256" manifest:key-size="32"/>` +
    `<manifest:key-derivation manifest:key-derivation-name="PBKDF2" manifest:key-size="32" manifest:iteration-count="100000" manifest:salt="c2FsdHNhbHRzYWx0c2FsdA=="/>` +
    `</manifest:encryption-data></manifest:file-entry>`;
  return zipOf({
    mimetype: { stored: odfMime.text },
    'content.xml': { stored: enciphered },
    'META-INF/manifest.xml': odfManifest(odfMime.text, entry),
  });
}

/** A ZIP of a text file only: no Office or OpenDocument parts. */
export const aPlainZip = () => zipOf({ 'catatan.txt': 'Bukan dokumen Office.\n' });

/** The offsets of each central-directory record and its entry's local header, by entry name. */
function zipRecords(zip: Uint8Array): Map<string, { central: number; local: number }> {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  let end = zip.length - 22;
  while (view.getUint32(end, true) !== 0x06054b50) end--;
  const records = new Map<string, { central: number; local: number }>();
  let at = view.getUint32(end + 16, true);
  for (let i = 0; i < view.getUint16(end + 10, true); i++) {
    const nameLength = view.getUint16(at + 28, true);
    const name = new TextDecoder().decode(zip.subarray(at + 46, at + 46 + nameLength));
    records.set(name, { central: at, local: view.getUint32(at + 42, true) });
    at += 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  return records;
}

/**
 * `zip` with the encryption flag (bit 0 of the general-purpose flags) set on one entry, in both its
 * local header and its central-directory record: how a ZIP tool's "encrypt with password" marks it.
 */
export function withEncryptedEntry(zip: Uint8Array, name: string): Uint8Array {
  const copy = zip.slice();
  const record = zipRecords(copy).get(name);
  if (!record) throw new Error(`no entry ${name}`);
  copy[record.local + 6]! |= 1;
  copy[record.central + 8]! |= 1;
  return copy;
}

/** The general-purpose flags of an entry, from its local header and its central record (to check the builder). */
export function entryFlags(zip: Uint8Array, name: string): { local: number; central: number } {
  const record = zipRecords(zip).get(name)!;
  return { local: zip[record.local + 6]! | (zip[record.local + 7]! << 8), central: zip[record.central + 8]! | (zip[record.central + 9]! << 8) };
}

/** A DOCX whose document part is password-encrypted (ZIP encryption). */
export const aDocxWithEncryptedEntry = () => withEncryptedEntry(aDocx(), 'word/document.xml');

/** The first half of a file, as an interrupted upload leaves it. */
export const cutInHalf = (bytes: Uint8Array) => bytes.slice(0, Math.floor(bytes.length / 2));

// ---------------------------------------------------------------------------------------------
// Compound files

export const oleSignature = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1] as const;

/**
 * The 512-byte header of an OLE compound file (version 3), what Office writes for a password-protected
 * DOCX or XLSX (an EncryptedPackage stream inside a compound file), and for the old .doc and .xls.
 */
export function anOleCompoundFile(): Uint8Array {
  return concat(
    oleSignature,
    new Array<number>(16).fill(0), // CLSID
    u16le(0x003e), // minor version
    u16le(0x0003), // major version 3
    u16le(0xfffe), // byte order: little-endian
    u16le(9), // sector size 2^9
    u16le(6), // mini-sector size 2^6
    new Array<number>(6).fill(0), // reserved
    u32le(0), // directory sectors (0 in version 3)
    u32le(1), // FAT sectors
    u32le(1), // first directory sector
    u32le(0), // transaction signature
    u32le(0x1000), // mini-stream cutoff
    u32le(0xfffffffe), // first mini-FAT sector: end of chain
    u32le(0), // mini-FAT sectors
    u32le(0xfffffffe), // first DIFAT sector: end of chain
    u32le(0), // DIFAT sectors
    u32le(0), // DIFAT[0]: the FAT is sector 0
    new Array<number>(108 * 4).fill(0xff), // DIFAT[1..108]: free
  );
}

// ---------------------------------------------------------------------------------------------
// CSV

export const csvText =
  'No,Nama,Instansi,Keterangan\r\n' +
  '1,Sri Wahyuningsih,"Dinas Komunikasi, Informatika, Statistik dan Persandian",Magang selesai\r\n' +
  '2,Bambang Priyambodo,Badan Kepegawaian dan Pengembangan Sumber Daya Manusia,"Penelitian ""Kualitas Layanan"""\r\n';

/** A CSV in UTF-8 without a byte-order mark. */
export const aCsv = () => utf8(csvText);
/** A CSV in UTF-8 with a byte-order mark, as Excel's "CSV UTF-8" writes it. */
export const aCsvWithBom = () => concat([0xef, 0xbb, 0xbf], utf8(csvText));
/** A tab-separated "CSV" with Indonesian accented text ("é" in "Kafé"). */
export const aTabSeparatedCsv = () => utf8('Nama\tTempat\nSri\tKafé Ngarsopuro\n');
/** A "CSV" in Windows-1252: "é" is the single byte E9, which is not UTF-8. */
export const aLatin1Csv = () => latin1('Nama,Tempat\r\nSri,Kaf\xe9 Ngarsopuro\r\n');
/** A "CSV" in UTF-16LE with its byte-order mark, as some exports write it. */
export const aUtf16Csv = () => concat([0xff, 0xfe], Uint8Array.from([...'Nama,Instansi\r\n'].flatMap((c) => u16le(c.charCodeAt(0)))));
/** A "CSV" with a NUL byte in the middle of its text. */
export const aCsvWithNul = () => concat(utf8('Nama,Instansi\r\nSri,Dinas'), [0x00], utf8('Kominfo\r\n'));

// ---------------------------------------------------------------------------------------------
// Programs

/** A Windows program: the DOS header ("MZ", e_lfanew at 0x3C → 0x40), then the PE signature and COFF header. */
export function anExe(): Uint8Array {
  const dos = new Array<number>(64).fill(0);
  dos.splice(0, 2, 0x4d, 0x5a);
  dos.splice(0x3c, 4, ...u32le(0x40));
  const coff = [...u16le(0x8664), ...u16le(0), ...u32le(0), ...u32le(0), ...u32le(0), ...u16le(0), ...u16le(0x0022)]; // x86-64, executable
  return concat(dos, latin1('PE\0\0'), coff);
}

/** A Linux program: the ELF identification (64-bit, little-endian, version 1) and its header start. */
export const anElf = () => concat([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0], new Array<number>(8).fill(0), u16le(2), u16le(0x3e), u32le(1));

/** A shell script, which the kernel runs by its interpreter line. */
export const aShellScript = () => utf8('#!/bin/sh\necho "Nama,Instansi"\n');
