import { describe, expect, it } from 'vitest';
import { type FieldIssue, ValidationError } from '../../shared/kernel/errors.js';
import type { Language } from '../../shared/kernel/i18n.js';
import { parseOrThrow, toFieldIssues } from '../../shared/kernel/validation.js';
import { institutionTypeLabels, institutionTypes, ProposalInput } from '../../shared/proposals/proposal.schema.js';
import { checkProposalDates } from '../../shared/proposals/submit-proposal.js';
import { aProposal } from '../support/api.js';
import { thrownBy } from '../support/fixtures.js';

/** The field issues a body gets, in one language. */
function issuesFor(body: unknown, lang: Language): FieldIssue[] {
  const result = ProposalInput.safeParse(body);
  if (result.success) throw new Error('expected the body to be refused');
  return toFieldIssues(result.error.issues, lang, body);
}

/** A valid body with one nested part replaced (`aProposal` replaces whole top-level fields). */
function withNested(part: 'contact' | 'institution', overrides: Record<string, unknown>): unknown {
  const body = aProposal();
  return { ...body, [part]: { ...body[part], ...overrides } };
}

function without(key: keyof ProposalInput): unknown {
  const { [key]: _dropped, ...rest } = aProposal();
  return rest;
}

describe('ProposalInput', () => {
  it('accepts a complete, valid proposal', () => {
    // Arrange
    const body = aProposal();

    // Act
    const result = ProposalInput.safeParse(body);

    // Assert
    expect(result.success).toBe(true);
    expect(result.data).toEqual(body);
  });

  it('accepts a proposal without the optional PDDikti code and phone', () => {
    const body = aProposal({
      institution: { name: 'Lembaga Riset Solo', type: 'institute' },
      contact: { name: 'Ir. Budi', email: 'budi@lrs.example' },
    });

    expect(ProposalInput.safeParse(body).success).toBe(true);
  });

  it('trims the text a person typed', () => {
    const body = {
      ...aProposal({ title: '  Pelatihan ASN  ', summary: '\n Ringkasan singkat. \n' }),
      institution: { name: '  UNS ', type: 'university' },
      contact: { name: ' Dr. Rina ', email: 'rina@uns.example', phone: ' 0271 646994 ' },
    };

    const data = parseOrThrow(ProposalInput, body, 'id');

    expect(data.title).toBe('Pelatihan ASN');
    expect(data.summary).toBe('Ringkasan singkat.');
    expect(data.institution.name).toBe('UNS');
    expect(data.contact.name).toBe('Dr. Rina');
    expect(data.contact.phone).toBe('0271 646994');
  });

  it('refuses a title made only of spaces as empty', () => {
    expect(issuesFor(aProposal({ title: '   ' }), 'id')).toContainEqual({ path: 'title', message: 'Wajib diisi.' });
    expect(issuesFor(aProposal({ title: '   ' }), 'en')).toContainEqual({ path: 'title', message: 'This field is required.' });
  });

  it('refuses a body that is not an object', () => {
    expect(issuesFor('a proposal', 'id')).toEqual([{ path: '', message: 'Harus berupa objek.' }]);
    expect(issuesFor('a proposal', 'en')).toEqual([{ path: '', message: 'Must be an object.' }]);
  });

  it('refuses a title that is a number, naming the expected type', () => {
    const body = { ...aProposal(), title: 42 };

    expect(issuesFor(body, 'id')).toEqual([{ path: 'title', message: 'Harus berupa teks.' }]);
    expect(issuesFor(body, 'en')).toEqual([{ path: 'title', message: 'Must be text.' }]);
  });

  it('refuses scopes given as a single string instead of a list', () => {
    const body = { ...aProposal(), scopes: 'research' };

    expect(issuesFor(body, 'id')).toContainEqual({ path: 'scopes', message: 'Harus berupa daftar.' });
    expect(issuesFor(body, 'en')).toContainEqual({ path: 'scopes', message: 'Must be a list.' });
  });

  it('refuses durationMonths sent as a string', () => {
    const body = { ...aProposal(), durationMonths: '12' };

    expect(issuesFor(body, 'id')).toEqual([{ path: 'durationMonths', message: 'Harus berupa angka.' }]);
    expect(issuesFor(body, 'en')).toEqual([{ path: 'durationMonths', message: 'Must be a number.' }]);
  });

  it.each(['title', 'summary', 'startDate', 'durationMonths', 'language', 'institution', 'contact'] as const)(
    'reports a missing %s at its own path',
    (field) => {
      const issues = issuesFor(without(field), 'en');

      expect(issues.map((i) => i.path)).toEqual([field]);
      expect(issues[0]!.message).not.toBe('');
    },
  );

  it('reports a missing nested field at its dotted path', () => {
    const body = aProposal();
    const { email: _email, ...contact } = body.contact;

    const issues = issuesFor({ ...body, contact }, 'id');

    expect(issues.map((i) => i.path)).toEqual(['contact.email']);
  });

  it('refuses an unknown top-level field, naming it', () => {
    const body = { ...aProposal(), budget: 1_000_000 };

    expect(issuesFor(body, 'id')).toEqual([{ path: '', message: 'Kolom tidak dikenal: budget.' }]);
    expect(issuesFor(body, 'en')).toEqual([{ path: '', message: 'Unknown field(s): budget.' }]);
  });

  it('refuses an unknown nested field at the object that holds it', () => {
    const body = withNested('contact', { fax: '0271 111' });

    expect(issuesFor(body, 'id')).toEqual([{ path: 'contact', message: 'Kolom tidak dikenal: fax.' }]);
    expect(issuesFor(body, 'en')).toEqual([{ path: 'contact', message: 'Unknown field(s): fax.' }]);
  });

  it('accepts a title of exactly 200 characters and refuses 201', () => {
    expect(ProposalInput.safeParse(aProposal({ title: 'x'.repeat(200) })).success).toBe(true);

    const body = aProposal({ title: 'x'.repeat(201) });

    expect(issuesFor(body, 'id')).toEqual([{ path: 'title', message: 'Maksimal 200 karakter.' }]);
    expect(issuesFor(body, 'en')).toEqual([{ path: 'title', message: 'At most 200 characters.' }]);
  });

  it('refuses a summary longer than 5000 characters', () => {
    expect(ProposalInput.safeParse(aProposal({ summary: 'x'.repeat(5000) })).success).toBe(true);

    const body = aProposal({ summary: 'x'.repeat(5001) });

    expect(issuesFor(body, 'id')).toEqual([{ path: 'summary', message: 'Maksimal 5000 karakter.' }]);
    expect(issuesFor(body, 'en')).toEqual([{ path: 'summary', message: 'At most 5000 characters.' }]);
  });

  it('refuses an email address that is not one', () => {
    const body = withNested('contact', { email: 'rina-at-uns' });

    expect(issuesFor(body, 'id')).toEqual([{ path: 'contact.email', message: 'Alamat email tidak valid.' }]);
    expect(issuesFor(body, 'en')).toEqual([{ path: 'contact.email', message: 'Not a valid email address.' }]);
  });

  it.each(['12345', '1234567', '00A002', ''])('refuses a pddikti code that is not 6 digits (%j)', (pddiktiCode) => {
    const body = withNested('institution', { pddiktiCode });

    expect(issuesFor(body, 'id')).toEqual([{ path: 'institution.pddiktiCode', message: 'Kode PDDikti terdiri dari 6 angka.' }]);
    expect(issuesFor(body, 'en')).toEqual([{ path: 'institution.pddiktiCode', message: 'The PDDikti code is 6 digits.' }]);
  });

  it.each(['call me', '12', '+62 271 abc 994'])('refuses a phone number that is not one (%j)', (phone) => {
    const body = withNested('contact', { phone });

    expect(issuesFor(body, 'id')).toEqual([{ path: 'contact.phone', message: 'Nomor telepon tidak valid.' }]);
    expect(issuesFor(body, 'en')).toEqual([{ path: 'contact.phone', message: 'Not a valid phone number.' }]);
  });

  it('refuses an unknown institution type, listing the allowed ones', () => {
    const body = withNested('institution', { type: 'school' });

    expect(issuesFor(body, 'en')).toEqual([{ path: 'institution.type', message: 'Must be one of: University, Institute / college, Other.' }]);
    expect(issuesFor(body, 'id')).toEqual([{ path: 'institution.type', message: 'Harus salah satu dari: Universitas, Institut / sekolah tinggi, Lainnya.' }]);
  });

  it.each(['id', 'en'] as const)('names the institution types by the labels of the form in %s, and by no machine value', (lang) => {
    const body = withNested('institution', { type: 'school' });

    const [issue, ...others] = issuesFor(body, lang);

    expect(others).toEqual([]);
    expect(issue?.path).toBe('institution.type');
    for (const type of institutionTypes) {
      expect(issue?.message).toContain(institutionTypeLabels[type][lang]);
      expect(issue?.message).not.toContain(type);
    }
  });

  it('refuses an empty list of scopes', () => {
    const body = aProposal({ scopes: [] });

    expect(issuesFor(body, 'id')).toEqual([{ path: 'scopes', message: 'Pilih minimal 1.' }]);
    expect(issuesFor(body, 'en')).toEqual([{ path: 'scopes', message: 'Choose at least 1.' }]);
  });

  it('refuses a scope chosen twice', () => {
    const body = aProposal({ scopes: ['research', 'research'] });

    expect(issuesFor(body, 'id')).toEqual([{ path: 'scopes', message: 'Setiap ruang lingkup cukup dipilih sekali.' }]);
    expect(issuesFor(body, 'en')).toEqual([{ path: 'scopes', message: 'Choose each scope once.' }]);
  });

  it('refuses an unknown scope at its position in the list', () => {
    const body = { ...aProposal(), scopes: ['research', 'sport'] };

    expect(issuesFor(body, 'id')).toEqual([{ path: 'scopes[1]', message: 'Harus salah satu dari: Penelitian, Magang, Pelatihan.' }]);
    expect(issuesFor(body, 'en')).toEqual([{ path: 'scopes[1]', message: 'Must be one of: Research, Internship, Training.' }]);
  });

  it.each(['2027-02-30', '2027-13-01', '01-02-2027', '2027-2-1'])('refuses a start date that is not a real YYYY-MM-DD date (%s)', (startDate) => {
    const body = aProposal({ startDate });

    expect(issuesFor(body, 'id')).toEqual([{ path: 'startDate', message: 'Tanggal harus berformat TTTT-BB-HH dan nyata.' }]);
    expect(issuesFor(body, 'en')).toEqual([{ path: 'startDate', message: 'Must be a real date as YYYY-MM-DD.' }]);
  });

  it('accepts 29 February in a leap year', () => {
    expect(ProposalInput.safeParse(aProposal({ startDate: '2028-02-29' })).success).toBe(true);
  });

  it('accepts durations from 1 to 120 months', () => {
    expect(ProposalInput.safeParse(aProposal({ durationMonths: 1 })).success).toBe(true);
    expect(ProposalInput.safeParse(aProposal({ durationMonths: 120 })).success).toBe(true);
  });

  it('refuses a duration of 0 months', () => {
    const body = aProposal({ durationMonths: 0 });

    expect(issuesFor(body, 'id')).toEqual([{ path: 'durationMonths', message: 'Minimal 1.' }]);
    expect(issuesFor(body, 'en')).toEqual([{ path: 'durationMonths', message: 'Must be at least 1.' }]);
  });

  it('refuses a duration of 121 months', () => {
    const body = aProposal({ durationMonths: 121 });

    expect(issuesFor(body, 'id')).toEqual([{ path: 'durationMonths', message: 'Maksimal 120.' }]);
    expect(issuesFor(body, 'en')).toEqual([{ path: 'durationMonths', message: 'Must be at most 120.' }]);
  });

  it('refuses a duration that is not a whole number of months', () => {
    const body = aProposal({ durationMonths: 2.5 });

    expect(issuesFor(body, 'id')).toEqual([{ path: 'durationMonths', message: 'Harus berupa bilangan bulat.' }]);
    expect(issuesFor(body, 'en')).toEqual([{ path: 'durationMonths', message: 'Must be a whole number.' }]);
  });

  it('says a missing choice is required rather than listing the choices', () => {
    const { language: _language, ...body } = aProposal();

    expect(issuesFor(body, 'id')).toEqual([{ path: 'language', message: 'Wajib diisi.' }]);
    expect(issuesFor(body, 'en')).toEqual([{ path: 'language', message: 'This field is required.' }]);
  });

  it('refuses a language other than Indonesian or English', () => {
    const body = { ...aProposal(), language: 'fr' };

    expect(issuesFor(body, 'id')).toEqual([{ path: 'language', message: 'Harus salah satu dari: Bahasa Indonesia, English.' }]);
    expect(issuesFor(body, 'en')).toEqual([{ path: 'language', message: 'Must be one of: Bahasa Indonesia, English.' }]);
  });

  it('reports every wrong field at once', () => {
    const body = { ...aProposal({ title: '', durationMonths: 0 }), language: 'de' };

    const paths = issuesFor(body, 'en').map((i) => i.path);

    expect(paths).toEqual(expect.arrayContaining(['title', 'durationMonths', 'language']));
    expect(paths).toHaveLength(3);
  });
});

describe('parseOrThrow', () => {
  it('throws a ValidationError carrying the issues and the reader language', () => {
    const body = aProposal({ durationMonths: 0 });

    const error = thrownBy(() => parseOrThrow(ProposalInput, body, 'en'));

    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).lang).toBe('en');
    expect((error as ValidationError).issues).toEqual([{ path: 'durationMonths', message: 'Must be at least 1.' }]);
  });
});

describe('checkProposalDates', () => {
  /** 2027-02-01 10:00 WIB. */
  const morningOfFirstFebruaryWib = new Date('2027-02-01T03:00:00Z');

  it('accepts a start date of today in WIB', () => {
    expect(() => checkProposalDates(aProposal({ startDate: '2027-02-01' }), morningOfFirstFebruaryWib, 'id')).not.toThrow();
  });

  it('accepts a start date in the future', () => {
    expect(() => checkProposalDates(aProposal({ startDate: '2027-06-01' }), morningOfFirstFebruaryWib, 'id')).not.toThrow();
  });

  it('refuses a start date before today, in the reader language', () => {
    const input = aProposal({ startDate: '2027-01-31' });

    const inIndonesian = thrownBy(() => checkProposalDates(input, morningOfFirstFebruaryWib, 'id'));
    const inEnglish = thrownBy(() => checkProposalDates(input, morningOfFirstFebruaryWib, 'en'));

    expect(inIndonesian).toBeInstanceOf(ValidationError);
    expect((inIndonesian as ValidationError).issues).toEqual([{ path: 'startDate', message: 'Tanggal mulai tidak boleh sebelum hari ini.' }]);
    expect((inEnglish as ValidationError).issues).toEqual([{ path: 'startDate', message: 'The start date cannot be before today.' }]);
  });

  it('counts the day in WIB, not UTC: at 18:00 UTC on 31 January it is already 1 February', () => {
    const lateEveningUtc = new Date('2027-01-31T18:00:00Z');

    expect(() => checkProposalDates(aProposal({ startDate: '2027-01-31' }), lateEveningUtc, 'en')).toThrow(ValidationError);
    expect(() => checkProposalDates(aProposal({ startDate: '2027-02-01' }), lateEveningUtc, 'en')).not.toThrow();
  });

  it('still counts 31 January as today at 16:59 UTC (23:59 WIB)', () => {
    const justBeforeMidnightWib = new Date('2027-01-31T16:59:59Z');

    expect(() => checkProposalDates(aProposal({ startDate: '2027-01-31' }), justBeforeMidnightWib, 'en')).not.toThrow();
  });
});

describe('field messages for missing and mistyped values', () => {
  it('says a missing field is required, in both languages, and a mistyped one what it must be', () => {
    const { title: _title, ...withoutTitle } = aProposal();
    const body = { ...withoutTitle, contact: { name: 'Rina' }, durationMonths: 'dua' };
    expect(issuesFor(body, 'id')).toEqual(
      expect.arrayContaining([
        { path: 'title', message: 'Wajib diisi.' },
        { path: 'contact.email', message: 'Wajib diisi.' },
        { path: 'durationMonths', message: 'Harus berupa angka.' },
      ]),
    );
    expect(issuesFor(body, 'en')).toEqual(expect.arrayContaining([{ path: 'title', message: 'This field is required.' }]));
  });

  it('gives scopes sent as a string only the type message, not a length message', () => {
    expect(issuesFor({ ...aProposal(), scopes: 'research' }, 'en').filter((i) => i.path === 'scopes')).toEqual([
      { path: 'scopes', message: 'Must be a list.' },
    ]);
  });
});
