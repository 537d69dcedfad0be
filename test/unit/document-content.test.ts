import { inflateSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkContent,
  type DocumentType,
  documentTypeInfo,
  documentTypes,
  type Refusal,
  refusalMessage,
  typeOfContentType,
  zipEntries,
} from '../../shared/kernel/documents/content-check.js';
import {
  aCsv,
  aCsvWithBom,
  aCsvWithNul,
  aDocx,
  aDocxWithEncryptedEntry,
  aDocxWithMacros,
  aJpeg,
  aLatin1Csv,
  anElf,
  anEncryptedPdf,
  anExe,
  anOds,
  anOdt,
  anOdtNamedSpreadsheet,
  anOdtWithDeflatedMimetype,
  anOleCompoundFile,
  anXlsx,
  aPdf,
  aPlainZip,
  aPng,
  aProtectedOdt,
  aShellScript,
  aTabSeparatedCsv,
  aTruncatedPdf,
  aUtf16Csv,
  crc32,
  csvText,
  cutInHalf,
  docxEntryNames,
  entryFlags,
  oleSignature,
  pdfXrefOffsets,
  pngSignature,
  tableCrc32,
  zipOf,
} from '../support/documents/files.js';

const text = (bytes: Uint8Array) => new TextDecoder('latin1').decode(bytes);
const bytesOf = (value: string) => new TextEncoder().encode(value);
const join = (...parts: Uint8Array[]) => Uint8Array.from(parts.flatMap((part) => [...part]));
const refusedFor = (reason: Refusal) => ({ ok: false, reason });

/** A real file of each kind. */
const realFiles: Record<DocumentType, () => Uint8Array> = {
  pdf: aPdf,
  docx: aDocx,
  odt: anOdt,
  xlsx: anXlsx,
  ods: anOds,
  csv: aCsv,
  png: aPng,
  jpeg: aJpeg,
};

const refusals: readonly Refusal[] = ['empty', 'executable', 'encrypted', 'macros', 'mismatch', 'damaged'];

describe('the files the tests build', () => {
  it('writes a PDF whose cross-reference table points at each object and whose startxref points at the table', () => {
    for (const [pdf, objects] of [
      [aPdf(), 4],
      [anEncryptedPdf(), 5],
      [anEncryptedPdf({ dictionary: 'inline' }), 4],
    ] as const) {
      const content = text(pdf);
      const offsets = pdfXrefOffsets(pdf);
      expect(offsets.length).toBe(objects);
      offsets.forEach((offset, i) => {
        expect(content.slice(offset, offset + `${i + 1} 0 obj`.length)).toBe(`${i + 1} 0 obj`);
      });
      const startxref = Number(/startxref\n(\d+)\n%%EOF\n$/.exec(content)?.[1]);
      expect(content.slice(startxref, startxref + 5)).toBe('xref\n');
      expect(content.startsWith('%PDF-1.4\n')).toBe(true);
    }
  });

  it('gives the page content stream its exact length', () => {
    const content = text(aPdf());
    const [, length, stream] = /<< \/Length (\d+) >>\nstream\n([\s\S]*?)endstream/.exec(content)!;
    expect(stream!.length).toBe(Number(length));
  });

  it('writes a PNG whose chunks carry correct CRCs, holding one 1×1 RGB pixel', () => {
    // The check value of CRC-32 (ISO-HDLC): both ways of computing it agree on it.
    expect(crc32(bytesOf('123456789'))).toBe(0xcbf43926);
    expect(tableCrc32(bytesOf('123456789'))).toBe(0xcbf43926);
    const png = aPng();
    expect([...png.subarray(0, 8)]).toEqual([...pngSignature]);
    const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
    const chunks: { type: string; data: Uint8Array }[] = [];
    for (let at = 8; at < png.length; ) {
      const length = view.getUint32(at);
      const typeAndData = png.subarray(at + 4, at + 8 + length);
      expect(view.getUint32(at + 8 + length)).toBe(tableCrc32(typeAndData));
      chunks.push({ type: text(typeAndData.subarray(0, 4)), data: typeAndData.subarray(4) });
      at += 12 + length;
    }
    expect(chunks.map((chunk) => chunk.type)).toEqual(['IHDR', 'IDAT', 'IEND']);
    expect([...chunks[0]!.data]).toEqual([0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]);
    expect([...inflateSync(chunks[1]!.data)]).toEqual([0, 0x1b, 0x7a, 0x3c]);
  });

  it('writes a JPEG from SOI to EOI with a baseline frame of 1×1', () => {
    const jpeg = aJpeg();
    expect([...jpeg.subarray(0, 4)]).toEqual([0xff, 0xd8, 0xff, 0xe0]);
    expect([...jpeg.subarray(-2)]).toEqual([0xff, 0xd9]);
    const sof = jpeg.findIndex((b, i) => b === 0xff && jpeg[i + 1] === 0xc0);
    expect([...jpeg.subarray(sof, sof + 13)]).toEqual([0xff, 0xc0, 0, 11, 8, 0, 1, 0, 1, 1, 1, 0x11, 0]);
  });

  it('writes an OpenDocument package whose first entry is the stored mimetype, readable at byte 38', () => {
    for (const [file, mimetype] of [
      [anOdt(), 'application/vnd.oasis.opendocument.text'],
      [anOds(), 'application/vnd.oasis.opendocument.spreadsheet'],
    ] as const) {
      expect(text(file.subarray(30, 38 + mimetype.length))).toBe(`mimetype${mimetype}`);
      expect(zipEntries(file)?.map((entry) => [entry.name, entry.method])).toEqual([
        ['mimetype', 0],
        ['content.xml', 8],
        ['META-INF/manifest.xml', 8],
      ]);
    }
  });

  it('sets the encryption flag of the DOCX part in both its local header and its central record, and nowhere else', () => {
    const zip = aDocxWithEncryptedEntry();
    expect(entryFlags(zip, 'word/document.xml')).toEqual({ local: 1, central: 1 });
    expect(entryFlags(zip, '_rels/.rels')).toEqual({ local: 0, central: 0 });
    expect(entryFlags(aDocx(), 'word/document.xml')).toEqual({ local: 0, central: 0 });
  });

  it('builds the same bytes every time', () => {
    expect(aDocx()).toEqual(aDocx());
    expect(anOdt()).toEqual(anOdt());
  });
});

describe('checkContent accepts a real file of each kind', () => {
  it.each(documentTypes)('%s', (type) => {
    expect(checkContent(realFiles[type](), type)).toEqual({ ok: true });
  });

  it('accepts a PDF with a little whitespace and padding after %%EOF', () => {
    expect(checkContent(join(aPdf(), bytesOf('\r\n  \n'), new Uint8Array(512)), 'pdf')).toEqual({ ok: true });
  });

  it.each([
    ['with a byte-order mark', aCsvWithBom],
    ['tab-separated, with accented letters', aTabSeparatedCsv],
    ['of one line without a line end', () => bytesOf('Dinas Komunikasi, Informatika, Statistik dan Persandian')],
  ])('accepts a UTF-8 CSV %s', (_, file) => {
    expect(checkContent(file(), 'csv')).toEqual({ ok: true });
  });

  it('accepts the Indonesian CSV exactly as built (no BOM, CRLF line ends, quoted commas)', () => {
    const csv = aCsv();
    expect(new TextDecoder().decode(csv)).toBe(csvText);
    expect(csvText).toContain('"Dinas Komunikasi, Informatika, Statistik dan Persandian"');
    expect(csv[0]).toBe(0x4e); // 'N', no BOM
    expect(checkContent(csv, 'csv')).toEqual({ ok: true });
  });
});

describe('checkContent refuses', () => {
  it.each(documentTypes)('an empty file declared as %s', (type) => {
    expect(checkContent(new Uint8Array(), type)).toEqual(refusedFor('empty'));
  });

  it.each<[string, () => Uint8Array, DocumentType, Refusal]>([
    ['a Windows program declared as PDF', anExe, 'pdf', 'executable'],
    ['a Windows program declared as DOCX', anExe, 'docx', 'executable'],
    ['a Linux program declared as PNG', anElf, 'png', 'executable'],
    ['a Linux program declared as XLSX', anElf, 'xlsx', 'executable'],
    ['a shell script declared as CSV', aShellScript, 'csv', 'executable'],
    ['an encrypted PDF (/Encrypt 5 0 R)', anEncryptedPdf, 'pdf', 'encrypted'],
    ['an encrypted PDF (an inline /Encrypt dictionary)', () => anEncryptedPdf({ dictionary: 'inline' }), 'pdf', 'encrypted'],
    ['a truncated PDF', aTruncatedPdf, 'pdf', 'damaged'],
    ['a DOCX with an encrypted ZIP entry', aDocxWithEncryptedEntry, 'docx', 'encrypted'],
    ['a DOCX with a VBA project', aDocxWithMacros, 'docx', 'macros'],
    ['a compound file declared as DOCX', anOleCompoundFile, 'docx', 'encrypted'],
    ['a compound file declared as XLSX', anOleCompoundFile, 'xlsx', 'encrypted'],
    ['a compound file declared as ODT', anOleCompoundFile, 'odt', 'mismatch'],
    ['a compound file declared as ODS', anOleCompoundFile, 'ods', 'mismatch'],
    ['a compound file declared as PDF', anOleCompoundFile, 'pdf', 'mismatch'],
    ['a password-protected ODT', aProtectedOdt, 'odt', 'encrypted'],
    ['an ODT whose mimetype says spreadsheet', anOdtNamedSpreadsheet, 'odt', 'mismatch'],
    ['an ODT whose mimetype is deflated', anOdtWithDeflatedMimetype, 'odt', 'damaged'],
    ['a plain ZIP declared as DOCX', aPlainZip, 'docx', 'mismatch'],
    ['a plain ZIP declared as ODS', aPlainZip, 'ods', 'mismatch'],
    ['an XLSX cut in half', () => cutInHalf(anXlsx()), 'xlsx', 'damaged'],
    ['a DOCX cut in half', () => cutInHalf(aDocx()), 'docx', 'damaged'],
    ['a PNG declared as JPEG', aPng, 'jpeg', 'mismatch'],
    ['a JPEG declared as PNG', aJpeg, 'png', 'mismatch'],
    ['a "CSV" in Windows-1252', aLatin1Csv, 'csv', 'mismatch'],
    ['a "CSV" in UTF-16', aUtf16Csv, 'csv', 'mismatch'],
    ['a "CSV" with a NUL', aCsvWithNul, 'csv', 'mismatch'],
    ['a "CSV" with an escape character', () => bytesOf('Nama\r\n\u001b[31mSri\r\n'), 'csv', 'mismatch'],
  ])('%s', (_, file, declared, reason) => {
    expect(checkContent(file(), declared)).toEqual(refusedFor(reason));
  });

  it.each(documentTypes)('every real file of another kind declared as %s, as a mismatch', (declared) => {
    for (const type of documentTypes.filter((other) => other !== declared)) {
      expect({ file: type, verdict: checkContent(realFiles[type](), declared) }).toEqual({ file: type, verdict: refusedFor('mismatch') });
    }
  });

  it.each(documentTypes)('a program in each format the operating systems run, declared as %s', (declared) => {
    const programs = [
      anExe(),
      anElf(),
      ...[
        [0xfe, 0xed, 0xfa, 0xce],
        [0xfe, 0xed, 0xfa, 0xcf],
        [0xce, 0xfa, 0xed, 0xfe],
        [0xcf, 0xfa, 0xed, 0xfe],
        [0xca, 0xfe, 0xba, 0xbe],
      ].map((magic) => Uint8Array.from([...magic, 0, 0, 0, 7, 0, 0, 0, 3])),
      aShellScript(),
      bytesOf('#!/usr/bin/env python3\nprint(1)\n'),
    ];
    // A CSV is text: a binary program fails as text (its bytes are no UTF-8 text without control characters); a script is named a program.
    for (const program of programs)
      expect(checkContent(program, declared)).toEqual(refusedFor(declared === 'csv' && program[0] !== 0x23 ? 'mismatch' : 'executable'));
  });

  it.each(['docx', 'xlsx', 'odt', 'ods'] as const)('a %s cut short at any length, as damaged (or a mismatch before the ZIP signature is whole)', (type) => {
    const whole = realFiles[type]();
    for (let length = 1; length < whole.length; length++) {
      const verdict = checkContent(whole.subarray(0, length), type);
      expect({ length, verdict }).toEqual({ length, verdict: refusedFor(length < 4 ? 'mismatch' : 'damaged') });
    }
  });

  it('a PDF cut short anywhere before the end of %%EOF, as damaged (or a mismatch before the header is whole)', () => {
    const whole = aPdf();
    const end = text(whole).lastIndexOf('%%EOF') + 5;
    for (let length = 1; length < end; length++) {
      const verdict = checkContent(whole.subarray(0, length), 'pdf');
      expect({ length, verdict }).toEqual({ length, verdict: refusedFor(length < 5 ? 'mismatch' : 'damaged') });
    }
    expect(checkContent(whole.subarray(0, end), 'pdf')).toEqual({ ok: true });
  });

  it('a PNG or a JPEG shorter than its signature, as a mismatch', () => {
    expect(checkContent(aPng().subarray(0, 7), 'png')).toEqual(refusedFor('mismatch'));
    expect(checkContent(aJpeg().subarray(0, 2), 'jpeg')).toEqual(refusedFor('mismatch'));
  });

  it('checks bytes that are a view into a larger buffer', () => {
    const docx = aDocx();
    const padded = join(bytesOf('junk before'), docx, bytesOf('junk after'));
    const view = padded.subarray(11, 11 + docx.length);
    expect(checkContent(view, 'docx')).toEqual({ ok: true });
    expect(zipEntries(view)?.map((entry) => entry.name)).toEqual([...docxEntryNames]);
  });
});

describe('zipEntries', () => {
  it('lists the entries of the DOCX in the order of its central directory', () => {
    const entries = zipEntries(aDocx());
    expect(entries?.map((entry) => entry.name)).toEqual(['[Content_Types].xml', '_rels/.rels', 'word/document.xml']);
    expect(entries?.map((entry) => entry.method)).toEqual([8, 8, 8]);
    expect(entries?.map((entry) => entry.flags & 1)).toEqual([0, 0, 0]);
    expect(entries?.[0]?.localOffset).toBe(0);
    expect(entries?.every((entry) => entry.compressedSize > 0)).toBe(true);
  });

  it('gives each entry the offset of its own local header', () => {
    const docx = aDocx();
    for (const entry of zipEntries(docx)!) {
      expect(text(docx.subarray(entry.localOffset, entry.localOffset + 4))).toBe('PK\x03\x04');
      expect(text(docx.subarray(entry.localOffset + 30, entry.localOffset + 30 + entry.name.length))).toBe(entry.name);
    }
  });

  it('reads the encryption flag', () => {
    expect(zipEntries(aDocxWithEncryptedEntry())?.map((entry) => [entry.name, entry.flags & 1])).toEqual([
      ['[Content_Types].xml', 0],
      ['_rels/.rels', 0],
      ['word/document.xml', 1],
    ]);
  });

  it('gives undefined for what has no whole central directory', () => {
    expect(zipEntries(new Uint8Array())).toBeUndefined();
    expect(zipEntries(aPdf())).toBeUndefined();
    expect(zipEntries(cutInHalf(aDocx()))).toBeUndefined();
    // One byte missing at the start: the directory's recorded offset no longer lands on a record.
    expect(zipEntries(aDocx().subarray(1))).toBeUndefined();
    expect(zipEntries(aDocx().subarray(0, -1))).toBeUndefined();
  });
});

describe('typeOfContentType', () => {
  it.each(documentTypes)('names %s from its own content type', (type) => {
    expect(typeOfContentType(documentTypeInfo[type].contentType)).toBe(type);
  });

  it.each([
    ['text/csv; charset=utf-8', 'csv'],
    ['text/csv;charset=UTF-8', 'csv'],
    ['Text/CSV', 'csv'],
    ['  application/pdf  ', 'pdf'],
    ['APPLICATION/VND.OPENXMLFORMATS-OFFICEDOCUMENT.WORDPROCESSINGML.DOCUMENT', 'docx'],
    ['application/vnd.oasis.opendocument.spreadsheet; foo="bar"', 'ods'],
    ['IMAGE/JPEG', 'jpeg'],
  ])('reads %j as %s', (contentType, type) => {
    expect(typeOfContentType(contentType)).toBe(type);
  });

  it.each(['', 'application/octet-stream', 'image/jpg', 'text/plain', 'application/msword', 'application/zip', 'application/pdfx', 'csv'])(
    'knows nothing of %j',
    (contentType) => {
      expect(typeOfContentType(contentType)).toBeUndefined();
    },
  );
});

describe('documentTypeInfo', () => {
  it('names each kind with its label and extensions', () => {
    expect(Object.keys(documentTypeInfo)).toEqual([...documentTypes]);
    expect(documentTypeInfo.jpeg).toEqual({ contentType: 'image/jpeg', extensions: ['jpg', 'jpeg'], label: 'JPEG' });
    expect(documentTypeInfo.xlsx.contentType).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(documentTypeInfo.odt.contentType).toBe('application/vnd.oasis.opendocument.text');
    for (const type of documentTypes) expect(documentTypeInfo[type].label).toBe(type.toUpperCase());
  });
});

describe('refusalMessage', () => {
  it.each<[Refusal, DocumentType, string, string]>([
    ['mismatch', 'pdf', 'Isi berkas ini bukan PDF.', 'The content of this file is not a PDF file.'],
    ['damaged', 'xlsx', 'Berkas XLSX ini rusak atau tidak lengkap.', 'This XLSX file is damaged or incomplete.'],
    [
      'encrypted',
      'docx',
      'Berkas ini dilindungi kata sandi; unggah versi tanpa kata sandi.',
      'This file is protected with a password; upload a version without one.',
    ],
    ['macros', 'docx', 'Berkas ini berisi makro; simpan tanpa makro lalu unggah lagi.', 'This file contains macros; save it without them and upload it again.'],
    ['executable', 'csv', 'Berkas ini adalah program, bukan dokumen.', 'This file is a program, not a document.'],
    ['empty', 'jpeg', 'Berkas ini kosong.', 'This file is empty.'],
  ])('says why a %s %s was refused', (reason, type, id, en) => {
    expect(refusalMessage(reason, type, 'id')).toBe(id);
    expect(refusalMessage(reason, type, 'en')).toBe(en);
  });

  it('names the declared kind by its label where the reason depends on it', () => {
    expect(refusalMessage('mismatch', 'jpeg', 'en')).toBe('The content of this file is not a JPEG file.');
    expect(refusalMessage('damaged', 'odt', 'id')).toBe('Berkas ODT ini rusak atau tidak lengkap.');
  });

  it('gives every reason its own message in each language', () => {
    for (const lang of ['id', 'en'] as const) {
      const messages = refusals.map((reason) => refusalMessage(reason, 'pdf', lang));
      expect(new Set(messages).size).toBe(refusals.length);
    }
    for (const reason of refusals) expect(refusalMessage(reason, 'ods', 'id')).not.toBe(refusalMessage(reason, 'ods', 'en'));
  });
});

describe('checkContent on arbitrary bytes', () => {
  const pdfPrefix = bytesOf('%PDF-');
  it('never accepts as PDF bytes with no %PDF- header in their first 1024 bytes', () => {
    const nearMisses = fc
      .tuple(fc.constantFrom('', '%', '%P', '%PD', '%PDF', '%PDF ', '%pdf-', ' %PDF-', '\uFEFF%PDF-'), fc.uint8Array({ maxLength: 512 }))
      .map(([prefix, rest]) => join(bytesOf(prefix), rest, bytesOf('\n%%EOF\n')));
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 4096 }), nearMisses), (bytes) => {
        fc.pre(!Buffer.from(bytes.subarray(0, 1029)).includes('%PDF-'));
        const verdict = checkContent(bytes, 'pdf');
        expect(verdict.ok).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it('never throws, for any kind, and always answers with a verdict it knows', () => {
    const real = documentTypes.map((type) => realFiles[type]()).concat([aProtectedOdt(), aDocxWithMacros(), anEncryptedPdf(), anOleCompoundFile()]);
    const signatures = [[0x50, 0x4b, 0x03, 0x04], [...oleSignature], [...pngSignature], [0xff, 0xd8, 0xff], [...pdfPrefix], [0xef, 0xbb, 0xbf]];
    const prefixed = fc
      .tuple(fc.constantFrom(...signatures), fc.uint8Array({ maxLength: 2048 }))
      .map(([signature, rest]) => Uint8Array.from([...signature, ...rest]));
    /** A real file with some of its bytes changed, and perhaps cut short. */
    const mutated = fc
      .tuple(fc.constantFrom(...real), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }), fc.option(fc.nat()))
      .map(([file, changes, cut]) => {
        const copy = file.slice();
        for (const [at, value] of changes) copy[at % copy.length] = value;
        return cut === null ? copy : copy.subarray(0, cut % (copy.length + 1));
      });
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 4096 }), prefixed, mutated), fc.constantFrom(...documentTypes), (bytes, declared) => {
        const verdict = checkContent(bytes, declared);
        if (verdict.ok) expect(verdict).toEqual({ ok: true });
        else expect(refusals).toContain(verdict.reason);
        if (bytes.length === 0) expect(verdict).toEqual(refusedFor('empty'));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('checkContent reads a file as its format says, not more strictly', () => {
  it('takes a PDF whose header follows a few bytes of something else (the format allows up to 1024)', () => {
    expect(checkContent(join(Uint8Array.from([0xef, 0xbb, 0xbf]), aPdf()), 'pdf')).toEqual({ ok: true });
    expect(checkContent(join(new Uint8Array(1025).fill(0x20), aPdf()), 'pdf')).toEqual(refusedFor('mismatch'));
  });

  it('takes a PDF whose page merely mentions /Encrypt, and refuses one whose trailer names it', () => {
    const pdf = text(aPdf());
    const mentioning = pdf.replace('%PDF-1.4\n', '%PDF-1.4\n% /Encrypt 1 0 R in a comment of the first page\n');
    expect(mentioning).toContain('/Encrypt 1 0 R');
    // The comment moves every object: a reader rebuilds the cross-reference table; the check reads no offsets.
    expect(checkContent(bytesOf(mentioning), 'pdf')).toEqual({ ok: true });
    expect(checkContent(anEncryptedPdf(), 'pdf')).toEqual(refusedFor('encrypted'));
  });

  it('refuses an OpenDocument file with Basic macros or scripts, and one whose first entry is not its mimetype', () => {
    const withMacros = zipOf({
      mimetype: { stored: 'application/vnd.oasis.opendocument.text' },
      'content.xml': '<office:document-content/>',
      'Basic/Standard/Module1.xml': '<script:module script:name="Module1"/>',
    });
    expect(checkContent(withMacros, 'odt')).toEqual(refusedFor('macros'));
    const mimetypeLast = zipOf({ 'content.xml': '<office:document-content/>', mimetype: { stored: 'application/vnd.oasis.opendocument.text' } });
    expect(checkContent(mimetypeLast, 'odt')).toEqual(refusedFor('mismatch'));
  });

  it('reads a CSV of a byte-order mark alone as empty, and text that starts like a program as text', () => {
    expect(checkContent(Uint8Array.from([0xef, 0xbb, 0xbf]), 'csv')).toEqual(refusedFor('empty'));
    expect(checkContent(bytesOf('\n \r\n'), 'csv')).toEqual(refusedFor('empty'));
    expect(checkContent(bytesOf('MZ Hotel,Solo\r\nKafé Ngarsopuro,Solo\r\n'), 'csv')).toEqual({ ok: true });
  });
});

describe('a file over the limit', () => {
  it('is told the limit it passed, in both languages', () => {
    expect(refusalMessage('too-large', 'pdf', 'en', 10 * 1024 * 1024)).toBe('This file is larger than 10 MiB, the limit for one file.');
    expect(refusalMessage('too-large', 'docx', 'id', 2.5 * 1024 * 1024)).toBe('Berkas ini lebih besar dari 2,5 MiB, batas untuk satu berkas.');
  });
});
