import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../shared/kernel/errors.js';
import type { Language } from '../../shared/kernel/i18n.js';
import { formContext } from '../../shared/kernel/pages/page-kit.js';
import { proofFor } from '../../shared/kernel/steps/step-links.js';
import { hashToken } from '../../shared/kernel/steps/tokens.js';
import type { Clock } from '../../shared/kernel/time.js';
import { projectOutputs } from '../../shared/research/coordinator-projects.js';
import type { MilestoneLinkDeps } from '../../shared/research/deps.js';
import { actOnMilestone } from '../../shared/research/milestone-links.js';
import { ADD_OUTPUT, outputFieldTitles, outputList, outputRows } from '../../shared/research/output-pages.js';
import { outputsFromForm, whereOf } from '../../shared/research/output-rules.js';
import {
  draftRows,
  MAX_OUTPUTS,
  needsOutputs,
  type OutputRow,
  outputDetails,
  outputFacts,
  outputTypes,
  type ResearchOutput,
  rowValues,
  takesOutputs,
  whereUrl,
} from '../../shared/research/outputs.js';
import { type MilestoneKind, milestoneKinds } from '../../shared/research/research.schema.js';
import type { MilestoneRecord, MilestoneSubmission, ResearchStepLink } from '../../shared/research/research-records.js';
import type { ResearchRepository } from '../../shared/research/research-repository.js';
import { aConfig, rejectionOf } from '../support/fixtures.js';
import { aMilestoneLink, aMilestoneRecord, aProjectWithTeam, tagNamed } from '../support/research-fixtures.js';

const markupTitle = '<script>alert(1)</script> & “luaran”';
const escapedTitle = '&lt;script&gt;alert(1)&lt;/script&gt; &amp; “luaran”';

/** The fields of the form's row `index`, named as the page posts them. */
const row = (index: number, fields: Record<string, string>) =>
  Object.fromEntries(Object.entries(fields).map(([name, value]) => [`outputs[${index}].${name}`, value]));

const aPublication = (fields: Record<string, string> = {}) => ({
  type: 'publication',
  title: 'Kualitas layanan MPP Surakarta',
  venue: 'Jurnal Administrasi Publik',
  status: 'published',
  link: 'https://doi.org/10.31294/mpp.2027.12',
  ...fields,
});

const anIp = (fields: Record<string, string> = {}) => ({
  type: 'intellectualProperty',
  title: 'Instrumen survei kepuasan layanan',
  ipType: 'copyright',
  number: 'EC00202712345',
  status: 'registered',
  ...fields,
});

/** The issues a form's rows get, by path. */
function issuesOf(fields: Record<string, string>, kind: MilestoneKind = 'final', lang: Language = 'id'): Record<string, string[]> {
  const byPath: Record<string, string[]> = {};
  for (const { path, message } of outputsFromForm(fields, kind, lang).issues) byPath[path] = [...(byPath[path] ?? []), message];
  return byPath;
}

/** The href of every link in some markup. */
const hrefsOf = (markup: string) => [...markup.matchAll(/<a\b[^>]*\shref="([^"]*)"/g)].map((m) => m[1]);

// ---------------------------------------------------------------------------------------------

describe('whereOf: where an output can be read', () => {
  it.each([
    ['10.31294/mpp.2027.12', { doi: '10.31294/mpp.2027.12' }],
    ['doi:10.31294/mpp.2027.12', { doi: '10.31294/mpp.2027.12' }],
    ['DOI: 10.31294/mpp.2027.12', { doi: '10.31294/mpp.2027.12' }],
    ['https://doi.org/10.31294/mpp.2027.12', { doi: '10.31294/mpp.2027.12' }],
    ['http://dx.doi.org/10.1000/182', { doi: '10.1000/182' }],
    ['HTTPS://DOI.ORG/10.1000/ABC', { doi: '10.1000/ABC' }],
    ['https://jurnal.uns.ac.id/jap/article/view/123', { url: 'https://jurnal.uns.ac.id/jap/article/view/123' }],
    ['http://example.org', { url: 'http://example.org/' }],
    ['https://doi.org/not-a-doi', { url: 'https://doi.org/not-a-doi' }],
  ])('reads %s', (link, where) => {
    expect(whereOf(link)).toEqual(where);
  });

  it.each([
    'javascript:alert(1)',
    'JavaScript:alert(document.cookie)',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox(1)',
    'ftp://files.example.org/data.csv',
    'mailto:sari@uns.example',
    'file:///etc/passwd',
    '10.123/too-short-a-registrant',
    '10.1234567890/too-long-a-registrant',
    '10.1234/',
    '10.1234/with space',
    'www.example.org',
    'doi.org/10.1234/abc',
    '',
  ])('refuses %j', (link) => {
    expect(whereOf(link)).toBeUndefined();
  });

  it('reads any DOI the same in its three spellings', () => {
    const doi = fc.tuple(fc.stringMatching(/^\d{4,9}$/), fc.stringMatching(/^\S+$/)).map(([registrant, suffix]) => `10.${registrant}/${suffix}`);
    fc.assert(
      fc.property(doi, (value) => {
        for (const spelling of [value, `doi:${value}`, `https://doi.org/${value}`]) expect(whereOf(spelling)).toEqual({ doi: value });
      }),
    );
  });
});

// ---------------------------------------------------------------------------------------------

describe('outputsFromForm', () => {
  it('reads each kind of row into its record, in the rows’ order, with only its kind’s fields', () => {
    const fields = {
      ...row(0, aPublication()),
      ...row(1, { type: 'policyBrief', title: 'Ringkasan kebijakan antrean MPP', link: 'https://bkpsdm.surakarta.go.id/brief.pdf', venue: 'ignored' }),
      ...row(2, { ...anIp(), link: 'https://ignored.example' }),
      ...row(3, { type: 'dataset', title: 'Data survei 200 responden', link: 'doi:10.5281/zenodo.1234567' }),
      ...row(4, { type: 'other', title: 'Video sosialisasi', link: '' }),
    };
    const read = outputsFromForm(fields, 'final', 'id');
    expect(read.issues).toEqual([]);
    expect(read.outputs).toEqual([
      { type: 'publication', title: 'Kualitas layanan MPP Surakarta', venue: 'Jurnal Administrasi Publik', status: 'published', doi: '10.31294/mpp.2027.12' },
      { type: 'policyBrief', title: 'Ringkasan kebijakan antrean MPP', url: 'https://bkpsdm.surakarta.go.id/brief.pdf' },
      { type: 'intellectualProperty', title: 'Instrumen survei kepuasan layanan', ipType: 'copyright', number: 'EC00202712345', status: 'registered' },
      { type: 'dataset', title: 'Data survei 200 responden', doi: '10.5281/zenodo.1234567' },
      { type: 'other', title: 'Video sosialisasi' },
    ]);
    expect(read.rows).toHaveLength(5);
    expect(read.rows[1]).toEqual({
      type: 'policyBrief',
      title: 'Ringkasan kebijakan antrean MPP',
      link: 'https://bkpsdm.surakarta.go.id/brief.pdf',
      venue: 'ignored',
    });
  });

  it('trims what was typed', () => {
    const read = outputsFromForm(row(0, { type: 'dataset', title: '  Data survei  ', link: '  https://doi.org/10.5281/zenodo.1  ' }), 'output', 'en');
    expect(read).toMatchObject({ outputs: [{ type: 'dataset', title: 'Data survei', doi: '10.5281/zenodo.1' }], issues: [] });
  });

  it('leaves out blank rows (a kind and choices alone do not count), keeping the rest in order', () => {
    const fields = {
      ...row(0, { type: 'publication', title: ' ', venue: '', link: '', status: 'published' }),
      ...row(1, { type: 'dataset', title: 'Data survei' }),
      ...row(2, { type: 'intellectualProperty', ipType: 'patent', status: 'filed', number: '   ' }),
    };
    const read = outputsFromForm(fields, 'output', 'en');
    expect(read.issues).toEqual([]);
    expect(read.outputs).toEqual([{ type: 'dataset', title: 'Data survei' }]);
    expect(read.rows).toHaveLength(3);
  });

  it('names each issue at its row’s field, in both languages', () => {
    const fields = { ...row(0, aPublication()), ...row(1, { type: 'publication', title: 'Naskah kedua', status: 'accepted' }) };
    expect(issuesOf(fields, 'final', 'id')).toEqual({ 'outputs[1].venue': ['Wajib diisi.'] });
    expect(issuesOf(fields, 'final', 'en')).toEqual({ 'outputs[1].venue': ['This field is required.'] });
    // The valid row is still read; the refused one is left out (a submission with issues is refused whole).
    expect(outputsFromForm(fields, 'final', 'en').outputs.map((o) => o.title)).toEqual(['Kualitas layanan MPP Surakarta']);
  });

  it('asks a published publication for its DOI or address, and a submitted one not', () => {
    const published = row(0, aPublication({ link: '' }));
    expect(issuesOf(published, 'final', 'id')).toEqual({ 'outputs[0].link': ['Publikasi yang sudah terbit memerlukan DOI atau alamat webnya.'] });
    expect(issuesOf(published, 'final', 'en')).toEqual({ 'outputs[0].link': ['A published work needs its DOI or web address.'] });
    expect(outputsFromForm(row(0, aPublication({ link: '', status: 'submitted' })), 'final', 'en')).toMatchObject({
      outputs: [{ type: 'publication', title: 'Kualitas layanan MPP Surakarta', venue: 'Jurnal Administrasi Publik', status: 'submitted' }],
      issues: [],
    });
  });

  it('refuses a publication status that is none of its choices, naming them in the reader’s language', () => {
    expect(issuesOf(row(0, aPublication({ status: 'granted' })), 'final', 'en')).toEqual({
      'outputs[0].status': ['Must be one of: Submitted, Accepted, Published.'],
    });
    expect(issuesOf(row(0, aPublication({ status: '' })), 'final', 'id')).toEqual({
      'outputs[0].status': ['Harus salah satu dari: Dikirim ke penerbit (submitted), Diterima (accepted), Terbit (published).'],
    });
  });

  it('asks intellectual property for its kind, its number and its status', () => {
    expect(issuesOf(row(0, { type: 'intellectualProperty', title: 'Instrumen survei' }), 'output', 'en')).toEqual({
      'outputs[0].ipType': ['Must be one of: Copyright, Patent, Simple patent, Trademark, Industrial design.'],
      'outputs[0].number': ['This field is required.'],
      'outputs[0].status': ['Must be one of: Filed, Registered, Granted.'],
    });
    expect(issuesOf(row(0, anIp({ number: '', status: 'published' })), 'output', 'id')).toEqual({
      'outputs[0].number': ['Wajib diisi.'],
      'outputs[0].status': ['Harus salah satu dari: Diajukan (dalam permohonan), Tercatat / terdaftar, Diberikan (granted).'],
    });
  });

  it.each([
    ['id', 'Tulis DOI (10.xxxx/…) atau alamat web (https://…).'],
    ['en', 'Write a DOI (10.xxxx/…) or a web address (https://…).'],
  ] as const)('%s: refuses a link that is neither a DOI nor an http(s) address, javascript: first of all', (lang, message) => {
    for (const link of ['javascript:alert(1)', 'data:text/html,x', 'www.example.org', '10.12/x'])
      expect(issuesOf(row(0, { type: 'other', title: 'Luaran', link }), 'final', lang)).toEqual({ 'outputs[0].link': [message] });
  });

  it('refuses hidden characters and an overlong title', () => {
    expect(issuesOf(row(0, { type: 'other', title: 'Luaran\u202Egnp.exe' }), 'final', 'en')).toEqual({
      'outputs[0].title': ['Must not contain control characters or text-direction overrides (such as U+202E).'],
    });
    expect(issuesOf(row(0, { type: 'other', title: 'x'.repeat(301) }), 'final', 'id')).toEqual({ 'outputs[0].title': ['Maksimal 300 karakter.'] });
    expect(issuesOf(row(0, { type: 'other', title: 'x'.repeat(300) }), 'final', 'id')).toEqual({});
  });

  it.each([
    ['id', 'Jenis luaran tidak dikenal.'],
    ['en', 'Unknown kind of output.'],
  ] as const)('%s: refuses a row of an unknown kind, at its kind', (lang, message) => {
    expect(issuesOf({ ...row(0, { type: 'poster', title: 'Poster' }), ...row(1, { title: 'Tanpa jenis' }) }, 'final', lang)).toEqual({
      'outputs[0].type': [message],
      'outputs[1].type': [message],
    });
  });

  it.each([
    ['id', 'Tahap luaran memerlukan sedikitnya satu luaran.'],
    ['en', 'An output milestone needs at least one output.'],
  ] as const)('%s: an output milestone needs an output; a final report may have none', (lang, message) => {
    const blank = row(0, { type: 'dataset', title: '' });
    expect(outputsFromForm({}, 'output', lang)).toEqual({ outputs: [], rows: [], issues: [{ path: 'outputs', message }] });
    expect(outputsFromForm(blank, 'output', lang).issues).toEqual([{ path: 'outputs', message }]);
    expect(outputsFromForm({}, 'final', lang)).toEqual({ outputs: [], rows: [], issues: [] });
    expect(outputsFromForm(blank, 'final', lang).issues).toEqual([]);
  });

  it.each(['plan', 'progress', 'monitoring'] as const)('a %s milestone refuses any filled row, and takes blank ones', (kind) => {
    const filled = row(0, { type: 'dataset', title: 'Data survei' });
    expect(outputsFromForm(filled, kind, 'id')).toMatchObject({ outputs: [], issues: [{ path: 'outputs', message: 'Tahap ini tidak memiliki luaran.' }] });
    expect(outputsFromForm(filled, kind, 'en').issues).toEqual([{ path: 'outputs', message: 'This milestone lists no outputs.' }]);
    expect(outputsFromForm(row(0, { type: 'dataset', title: '' }), kind, 'en')).toMatchObject({ outputs: [], issues: [] });
  });

  it(`reads at most ${MAX_OUTPUTS} rows, ignoring any numbered from ${MAX_OUTPUTS} on, and fields that are no row’s`, () => {
    const fields: Record<string, string> = { 'outputs[0].colour': 'red', 'outputs[x].title': 'x', outputs: 'x' };
    for (let i = 0; i < 12; i++) Object.assign(fields, row(i, { type: 'other', title: `Luaran ${i + 1}` }));
    const read = outputsFromForm(fields, 'final', 'en');
    expect(read.issues).toEqual([]);
    expect(read.rows).toHaveLength(MAX_OUTPUTS);
    expect(read.outputs.map((o) => o.title)).toEqual(Array.from({ length: MAX_OUTPUTS }, (_, i) => `Luaran ${i + 1}`));
    expect(read.rows[0]).toEqual({ type: 'other', title: 'Luaran 1' });
  });

  it('gives a missing row in the middle as an empty one', () => {
    const read = outputsFromForm({ ...row(0, { type: 'other', title: 'A' }), ...row(2, { type: 'other', title: 'C' }) }, 'final', 'en');
    expect(read.rows).toEqual([{ type: 'other', title: 'A' }, {}, { type: 'other', title: 'C' }]);
    expect(read.outputs.map((o) => o.title)).toEqual(['A', 'C']);
  });

  it('gives no record for any link that is not an http(s) address or a DOI', () => {
    const notALink = fc
      .oneof(
        fc.string({ unit: 'binary', maxLength: 80 }),
        fc.string({ maxLength: 80 }),
        fc
          .tuple(fc.constantFrom('javascript:', 'JAVASCRIPT:', 'data:', 'vbscript:', 'ftp://', 'mailto:', 'file://', '//', 'ws://'), fc.string())
          .map(([a, b]) => a + b),
      )
      .filter((link) => link.trim() !== '' && !/^(?:https?:|doi:|10\.)/i.test(link.trim()));
    fc.assert(
      fc.property(notALink, (link) => {
        const read = outputsFromForm(row(0, { type: 'other', title: 'Luaran', link }), 'final', 'en');
        expect(read.outputs).toEqual([]);
        expect(read.issues.map((i) => i.path)).toContain('outputs[0].link');
      }),
    );
  });

  it('never makes a record whose link opens anything but an http(s) address', () => {
    const anyLink = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 60 }),
      fc
        .tuple(fc.constantFrom('https://', 'http://', 'HTTPS://', 'https://doi.org/', 'doi:', '10.1234/', 'javascript:', ' https:'), fc.string())
        .map(([a, b]) => a + b),
    );
    fc.assert(
      fc.property(anyLink, fc.constantFrom(...outputTypes.filter((t) => t !== 'intellectualProperty')), (link, type) => {
        const fields = row(0, { type, title: 'Luaran', link, venue: 'Jurnal', status: 'submitted' });
        for (const href of hrefsOf(outputList(outputsFromForm(fields, 'final', 'en').outputs, 'en').toString())) expect(href).toMatch(/^https?:\/\//);
      }),
    );
  });
});

// ---------------------------------------------------------------------------------------------

describe('draftRows and rowValues', () => {
  it('keeps every row of a known kind (one just added too), renumbered, and leaves out rows without one', () => {
    const rows: OutputRow[] = [
      { type: 'publication', title: 'Naskah', status: 'submitted' },
      {},
      { status: 'filed' },
      { type: 'dataset' },
      { title: 'Tanpa jenis' },
    ];
    const kept = draftRows(rows);
    expect(kept).toEqual([{ type: 'publication', title: 'Naskah', status: 'submitted' }, { type: 'dataset' }]);
    expect(rowValues(kept)).toEqual({
      'outputs[0].type': 'publication',
      'outputs[0].title': 'Naskah',
      'outputs[0].status': 'submitted',
      'outputs[1].type': 'dataset',
    });
  });

  it('gives the form’s fields back as typed, so a draft reads as the rows it kept', () => {
    const fields = { ...row(0, aPublication({ title: '  Naskah  ' })), ...row(1, anIp()) };
    expect(rowValues(outputsFromForm(fields, 'final', 'id').rows)).toEqual(fields);
    expect(rowValues(undefined)).toEqual({});
    expect(rowValues([])).toEqual({});
  });
});

// ---------------------------------------------------------------------------------------------

const aPublicationRecord: ResearchOutput = {
  type: 'publication',
  title: 'Kualitas layanan MPP Surakarta',
  venue: 'Jurnal Administrasi Publik',
  status: 'published',
  doi: '10.31294/mpp.2027.12',
};
const anIpRecord: ResearchOutput = {
  type: 'intellectualProperty',
  title: 'Instrumen survei kepuasan layanan',
  ipType: 'copyright',
  number: 'EC00202712345',
  status: 'registered',
};
const aDatasetRecord: ResearchOutput = { type: 'dataset', title: 'Data survei 200 responden', url: 'https://data.surakarta.go.id/survei-mpp' };
const anOtherRecord: ResearchOutput = { type: 'other', title: 'Video sosialisasi' };

describe('outputDetails and outputFacts', () => {
  it('details a publication by venue and status, and an IP by kind, number and status, in both languages', () => {
    expect(outputDetails(aPublicationRecord, 'id')).toEqual(['Jurnal Administrasi Publik', 'Terbit (published)']);
    expect(outputDetails(aPublicationRecord, 'en')).toEqual(['Jurnal Administrasi Publik', 'Published']);
    expect(outputDetails(anIpRecord, 'id')).toEqual(['Hak cipta', 'No. EC00202712345', 'Tercatat / terdaftar']);
    expect(outputDetails(anIpRecord, 'en')).toEqual(['Copyright', 'No. EC00202712345', 'Registered']);
    expect(outputDetails(aDatasetRecord, 'en')).toEqual([]);
    expect(outputDetails({ type: 'policyBrief', title: 'Brief' }, 'id')).toEqual([]);
  });

  it('gives one numbered line per output: kind, title, details and where to read it', () => {
    const outputs = [aPublicationRecord, anIpRecord, aDatasetRecord, anOtherRecord];
    expect(outputFacts(outputs, 'id')).toEqual([
      {
        label: 'Luaran 1 — Publikasi ilmiah',
        value: 'Kualitas layanan MPP Surakarta · Jurnal Administrasi Publik · Terbit (published) · DOI 10.31294/mpp.2027.12',
      },
      { label: 'Luaran 2 — Kekayaan intelektual (KI)', value: 'Instrumen survei kepuasan layanan · Hak cipta · No. EC00202712345 · Tercatat / terdaftar' },
      { label: 'Luaran 3 — Set data', value: 'Data survei 200 responden · https://data.surakarta.go.id/survei-mpp' },
      { label: 'Luaran 4 — Luaran lain', value: 'Video sosialisasi' },
    ]);
    expect(outputFacts(outputs, 'en').map((f) => f.label)).toEqual([
      'Outputs 1 — Publication',
      'Outputs 2 — Intellectual property',
      'Outputs 3 — Dataset',
      'Outputs 4 — Other output',
    ]);
    expect(outputFacts(outputs, 'en')[1]?.value).toBe('Instrumen survei kepuasan layanan · Copyright · No. EC00202712345 · Registered');
    expect(outputFacts([], 'en')).toEqual([]);
  });
});

describe('takesOutputs and needsOutputs', () => {
  it('only a final report and an output milestone list outputs, and only an output milestone needs one', () => {
    expect(milestoneKinds.filter(takesOutputs)).toEqual(['final', 'output']);
    expect(milestoneKinds.filter(needsOutputs)).toEqual(['output']);
  });
});

// ---------------------------------------------------------------------------------------------

/** The rows' part of a form with these values and issues. */
const rowsMarkup = (values: Record<string, string>, kind: MilestoneKind = 'final', lang: Language = 'en', issues: { path: string; message: string }[] = []) =>
  outputRows(formContext(lang, values, issues), kind).toString();

const fieldsetsOf = (markup: string) => markup.match(/<fieldset class="box"[\s\S]*?<\/fieldset>/g) ?? [];
const controlNamesOf = (markup: string) => [...markup.matchAll(/<(?:input|select|textarea)\b[^>]*\sname="([^"]*)"/g)].map((m) => m[1]);
const addButtonsOf = (markup: string) =>
  [...markup.matchAll(/<button type="submit" name="([^"]*)" value="([^"]*)"[^>]*>([^<]*)<\/button>/g)].map((m) => ({ name: m[1], value: m[2], label: m[3] }));

describe('outputRows', () => {
  it('shows each row in a fieldset of its own with its kind’s fields only, and its kind as a hidden field', () => {
    const markup = rowsMarkup({
      ...row(0, { type: 'publication', title: 'Naskah', venue: 'Jurnal', status: 'accepted' }),
      ...row(1, { type: 'intellectualProperty', title: 'Instrumen', ipType: 'patent', number: 'P001', venue: 'not an IP field' }),
      ...row(2, { type: 'dataset', link: '10.5281/zenodo.1' }),
    });
    const sets = fieldsetsOf(markup);
    expect(sets).toHaveLength(3);
    expect(sets[0]).toContain('<fieldset class="box" id="f-outputs-0">\n<legend>Outputs 1: Publication</legend>');
    expect(controlNamesOf(sets[0]!)).toEqual(['outputs[0].type', 'outputs[0].title', 'outputs[0].venue', 'outputs[0].link', 'outputs[0].status']);
    expect(controlNamesOf(sets[1]!)).toEqual(['outputs[1].type', 'outputs[1].title', 'outputs[1].ipType', 'outputs[1].number', 'outputs[1].status']);
    expect(controlNamesOf(sets[2]!)).toEqual(['outputs[2].type', 'outputs[2].title', 'outputs[2].link']);
    expect(sets[1]).toContain('<legend>Outputs 2: Intellectual property</legend>');
    expect(sets[1]).not.toContain('not an IP field');
    expect(sets[2]).toContain('<input type="hidden" name="outputs[2].type" value="dataset">');
  });

  it('fills each field with what was typed, and selects the chosen status and kind of IP', () => {
    const markup = rowsMarkup({
      ...row(0, { type: 'publication', title: 'Naskah', venue: 'Jurnal', link: '10.1234/abc', status: 'accepted' }),
      ...row(1, { type: 'intellectualProperty', title: 'Instrumen', ipType: 'patent', number: 'P001', status: 'granted' }),
    });
    expect(tagNamed(markup, 'outputs\\[0\\]\\.title')).toContain('value="Naskah"');
    expect(tagNamed(markup, 'outputs\\[0\\]\\.link')).toContain('value="10.1234/abc"');
    expect(markup).toContain('<option value="accepted" selected>Accepted</option>');
    expect(markup).toContain('<option value="patent" selected>Patent</option>');
    expect(markup).toContain('<option value="granted" selected>Granted</option>');
    expect(tagNamed(markup, 'outputs\\[1\\]\\.number')).toContain('maxlength="100"');
    expect(tagNamed(markup, 'outputs\\[1\\]\\.number')).toContain(' required');
    expect(tagNamed(markup, 'outputs\\[0\\]\\.link')).not.toContain(' required');
    expect(markup).toContain('Required for a published work.');
  });

  it('shows no row without a known kind', () => {
    const markup = rowsMarkup({ ...row(0, { type: 'poster', title: 'Poster' }), ...row(1, { title: 'Tanpa jenis' }) });
    expect(fieldsetsOf(markup)).toEqual([]);
    expect(markup).toContain('<p class="muted">No outputs listed yet.</p>');
  });

  it.each([
    [
      'id',
      'Tambah',
      ['Publikasi ilmiah', 'Ringkasan kebijakan (policy brief)', 'Kekayaan intelektual (KI)', 'Set data', 'Luaran lain'],
      'Belum ada luaran yang dicantumkan.',
    ],
    ['en', 'Add', ['Publication', 'Policy brief', 'Intellectual property', 'Dataset', 'Other output'], 'No outputs listed yet.'],
  ] as const)('%s: offers one button named more per kind, and says when there are no rows yet', (lang, add, kinds, none) => {
    const markup = rowsMarkup({}, 'final', lang);
    expect(addButtonsOf(markup)).toEqual(outputTypes.map((type, i) => ({ name: ADD_OUTPUT, value: type, label: `${add}: ${kinds[i]}` })));
    expect(ADD_OUTPUT).toBe('more');
    expect(markup).toContain(`<p class="muted">${none}</p>`);
  });

  it(`offers no more buttons once there are ${MAX_OUTPUTS} rows, and says so`, () => {
    const nine: Record<string, string> = {};
    for (let i = 0; i < MAX_OUTPUTS - 1; i++) Object.assign(nine, row(i, { type: 'other', title: `Luaran ${i + 1}` }));
    expect(addButtonsOf(rowsMarkup(nine))).toHaveLength(outputTypes.length);

    const ten = { ...nine, ...row(MAX_OUTPUTS - 1, { type: 'dataset' }) };
    const full = rowsMarkup(ten);
    expect(fieldsetsOf(full)).toHaveLength(MAX_OUTPUTS);
    expect(addButtonsOf(full)).toEqual([]);
    expect(full).toContain('<p class="muted">10 outputs, the most one submission lists.</p>');
    expect(rowsMarkup(ten, 'final', 'id')).toContain('<p class="muted">Sudah 10 luaran, jumlah terbanyak untuk satu kiriman.</p>');
  });

  it('tells an output milestone it needs an output, and a final report not', () => {
    expect(rowsMarkup({}, 'output', 'id')).toContain(' Tahap luaran memerlukan sedikitnya satu luaran.</p>');
    expect(rowsMarkup({}, 'output', 'en')).toContain(' An output milestone needs at least one output.</p>');
    expect(rowsMarkup({}, 'final', 'en')).not.toContain('needs at least one output');
  });

  it('shows a message about the list as a whole above the rows', () => {
    const markup = rowsMarkup({}, 'output', 'en', [{ path: 'outputs', message: 'An output milestone needs at least one output.' }]);
    expect(markup).toMatch(/^<div class="field invalid" id="f-outputs">/);
    expect(markup).toContain('<p class="error" id="f-outputs-error">An output milestone needs at least one output.</p>');
    expect(rowsMarkup({}, 'output', 'en')).toMatch(/^<div class="field" id="f-outputs">/);
  });

  it('escapes what was typed', () => {
    const markup = rowsMarkup(row(0, { type: 'publication', title: markupTitle, venue: '"><img src=x onerror=alert(1)>', link: 'javascript:alert(1)' }));
    expect(tagNamed(markup, 'outputs\\[0\\]\\.title')).toContain(`value="${escapedTitle}"`);
    expect(tagNamed(markup, 'outputs\\[0\\]\\.venue')).toContain('value="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"');
    expect(markup).not.toContain('<script>');
    expect(markup).not.toContain('<img');
    expect(hrefsOf(markup)).toEqual([]);
  });
});

describe('outputList', () => {
  it('lists each output read-only: kind, title, details, and a link to its DOI or address', () => {
    const markup = outputList([aPublicationRecord, anIpRecord, aDatasetRecord, anOtherRecord], 'en').toString();
    expect(markup).toBe(
      [
        '<ol class="outputs"><li><strong>Publication</strong>: Kualitas layanan MPP Surakarta · Jurnal Administrasi Publik · Published · <a href="https://doi.org/10.31294/mpp.2027.12" rel="noopener noreferrer nofollow">DOI 10.31294/mpp.2027.12</a></li>',
        '<li><strong>Intellectual property</strong>: Instrumen survei kepuasan layanan · Copyright · No. EC00202712345 · Registered</li>',
        '<li><strong>Dataset</strong>: Data survei 200 responden · <a href="https://data.surakarta.go.id/survei-mpp" rel="noopener noreferrer nofollow">https://data.surakarta.go.id/survei-mpp</a></li>',
        '<li><strong>Other output</strong>: Video sosialisasi</li></ol>',
      ].join('\n'),
    );
    expect(outputList([aPublicationRecord], 'id').toString()).toContain(
      '<strong>Publikasi ilmiah</strong>: Kualitas layanan MPP Surakarta · Jurnal Administrasi Publik · Terbit (published) · ',
    );
  });

  it('is nothing without outputs', () => {
    expect(outputList([], 'en').toString()).toBe('');
    expect(outputList(undefined, 'id').toString()).toBe('');
  });

  it('escapes the title, the details and the link', () => {
    const markup = outputList(
      [
        { type: 'publication', title: markupTitle, venue: '<i>Jurnal</i>', status: 'accepted', doi: '10.1234/"onmouseover="alert(1)' },
        { type: 'other', title: 'O', url: 'https://example.org/?a=1&b="2"' },
      ],
      'en',
    ).toString();
    expect(markup).toContain(`: ${escapedTitle} · &lt;i&gt;Jurnal&lt;/i&gt; · Accepted · `);
    expect(markup).toContain(
      '<a href="https://doi.org/10.1234/%22onmouseover=%22alert(1)" rel="noopener noreferrer nofollow">DOI 10.1234/&quot;onmouseover=&quot;alert(1)</a>',
    );
    expect(markup).toContain('<a href="https://example.org/?a=1&amp;b=&quot;2&quot;" rel="noopener noreferrer nofollow">');
    expect(markup).not.toContain('<script>');
    expect(markup).not.toMatch(/\son[a-z]+="/);
  });

  it('links an output read from the form only to https://doi.org or the address typed', () => {
    const read = outputsFromForm(
      {
        ...row(0, { type: 'dataset', title: 'Data', link: 'doi:10.5281/zenodo.42' }),
        ...row(1, { type: 'other', title: 'Situs', link: 'http://example.org/p' }),
        ...row(2, { type: 'other', title: 'Jahat', link: 'javascript:alert(1)' }),
      },
      'final',
      'en',
    );
    expect(read.issues.map((i) => i.path)).toEqual(['outputs[2].link']);
    expect(hrefsOf(outputList(read.outputs, 'en').toString())).toEqual(['https://doi.org/10.5281/zenodo.42', 'http://example.org/p']);
  });
});

describe('outputFieldTitles', () => {
  it('names every field of every row by its key in the summary of messages (outputs.1.title), in both languages', () => {
    const names = outputFieldTitles({ ...row(0, { type: 'publication' }), ...row(1, { type: 'dataset' }) }, 'id');
    expect(names.outputs).toBe('Luaran');
    expect(names['outputs.0.venue']).toBe('Luaran 1: Jurnal, prosiding atau penerbit');
    expect(names['outputs.1.link']).toBe('Luaran 2: DOI atau alamat web');
    expect(Object.keys(names)).toHaveLength(1 + 2 * 7);
    expect(outputFieldTitles(row(0, { type: 'intellectualProperty' }), 'en')['outputs.0.number']).toBe('Outputs 1: Application or registration number');
    expect(outputFieldTitles({}, 'en')).toEqual({ outputs: 'Outputs' });
  });
});

// ---------------------------------------------------------------------------------------------

const sent = (round: number, outputs?: ResearchOutput[]): MilestoneSubmission => ({
  round,
  summary: `Putaran ${round}.`,
  ...(outputs ? { outputs } : {}),
  submittedAt: `2027-12-0${round}T03:00:00.000Z`,
  by: { name: 'Dr. Sari Lestari', email: 'sari@uns.example' },
});

describe('projectOutputs', () => {
  it('lists each milestone’s latest submission’s outputs, in milestone order, with its milestone and round', () => {
    const milestones: MilestoneRecord[] = [
      aMilestoneRecord({ number: 1, kind: 'plan', submissions: [sent(1)] }),
      aMilestoneRecord({ number: 2, kind: 'output', submissions: [sent(1, [anOtherRecord]), sent(2, [aDatasetRecord, anIpRecord])] }),
      aMilestoneRecord({ number: 3, kind: 'final', submissions: [sent(1, [aPublicationRecord])] }),
      aMilestoneRecord({ number: 4, kind: 'final', submissions: [] }),
    ];
    expect(projectOutputs(milestones)).toEqual([
      { ...aDatasetRecord, milestone: 2, round: 2 },
      { ...anIpRecord, milestone: 2, round: 2 },
      { ...aPublicationRecord, milestone: 3, round: 1 },
    ]);
    expect(projectOutputs([])).toEqual([]);
  });

  it('reads a milestone written before submissions were kept as listing none', () => {
    const old = { ...aMilestoneRecord({ number: 3, kind: 'final' }), submissions: undefined } as unknown as MilestoneRecord;
    expect(projectOutputs([old])).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// The lead's POST: a row button, a draft and a refused submission (sending one, which resumes
// the workflow, is the integration tests').

/** 1 December 2027, 10:00 WIB: before the final report is due (10 December). */
const now = new Date('2027-12-01T03:00:00.000Z');
const clock: Clock = { now: () => now };
const config = aConfig();
const token = 'M'.repeat(43);
const sameOrigin = { origin: config.PUBLIC_BASE_URL };

function aFinalLink(): ResearchStepLink {
  return aMilestoneLink({
    hash: hashToken(token),
    subject: { type: 'milestone', id: 'rp-2027-001/3' },
    createdAt: '2027-11-01T03:00:00.000Z',
    stepId: 'project:rp-2027-001:milestone-3:r1:submit',
    milestone: 3,
  });
}

/** The repository as far as the milestone's page reads and writes it: milestone 3 of `kind`, open. */
function aRepository(kind: MilestoneKind = 'final') {
  const link = aFinalLink();
  const milestone = aMilestoneRecord({ number: 3, kind, title: 'Laporan akhir dan luaran', dueDate: '2027-12-10', openedAt: '2027-11-01T03:00:00.000Z' });
  const drafts: { projectId: string; number: number; draft: NonNullable<MilestoneRecord['draft']> }[] = [];
  const research = {
    getLink: async (hash: string) => (hash === link.hash ? link : undefined),
    getProjectWhole: async (id: string) =>
      id === 'rp-2027-001' ? { project: aProjectWithTeam({ status: 'ACTIVE' }), milestones: [milestone], history: [] } : undefined,
    saveDraft: async (projectId: string, number: number, draft: NonNullable<MilestoneRecord['draft']>) => {
      drafts.push({ projectId, number, draft });
    },
  };
  const completed: unknown[] = [];
  const deps: MilestoneLinkDeps = {
    config,
    clock,
    research: research as unknown as ResearchRepository,
    workflows: {
      complete: async (taskToken: string, output: Record<string, unknown>) => {
        completed.push({ taskToken, output });
        return 'delivered' as const;
      },
    },
  };
  return { deps, drafts, completed, proof: proofFor(link, now) };
}

describe('actOnMilestone with output rows', () => {
  it('a row button gives the form back as typed with one more row of its kind, and writes nothing', async () => {
    const { deps, drafts, completed, proof } = aRepository();
    const fields = { proof, summary: 'Laporan akhir.', ...row(0, aPublication()), [ADD_OUTPUT]: 'intellectualProperty' };
    const done = await actOnMilestone(token, fields, { lang: 'id', headers: sameOrigin }, deps);
    expect(done.kind).toBe('row');
    expect(done.kind === 'row' && done.values).toEqual({ summary: 'Laporan akhir.', ...row(0, aPublication()), 'outputs[1].type': 'intellectualProperty' });
    expect(drafts).toEqual([]);
    expect(completed).toEqual([]);
  });

  it(`adds no row past ${MAX_OUTPUTS}, nor to a milestone that lists no outputs`, async () => {
    const { deps, proof } = aRepository();
    const ten: Record<string, string> = {};
    for (let i = 0; i < MAX_OUTPUTS; i++) Object.assign(ten, row(i, { type: 'other', title: `Luaran ${i + 1}` }));
    const full = await actOnMilestone(token, { proof, summary: 'x', ...ten, [ADD_OUTPUT]: 'dataset' }, { lang: 'en', headers: sameOrigin }, deps);
    expect(full.kind === 'row' && full.values).toEqual({ summary: 'x', ...ten });

    const plan = aRepository('progress');
    const none = await actOnMilestone(token, { proof: plan.proof, summary: 'x', [ADD_OUTPUT]: 'dataset' }, { lang: 'en', headers: sameOrigin }, plan.deps);
    expect(none.kind === 'row' && none.values).toEqual({ summary: 'x' });
  });

  it('a draft keeps the rows with something typed or a kind, renumbered, and no rows of a milestone that lists none', async () => {
    const { deps, drafts, proof } = aRepository();
    const fields = {
      proof,
      intent: 'draft',
      summary: 'Draf.',
      ...row(0, { type: 'publication', title: 'Naskah', venue: '', link: 'javascript:alert(1)', status: 'submitted' }),
      ...row(1, { title: '', venue: '', link: '' }),
      ...row(2, { type: 'dataset', title: '' }),
    };
    expect((await actOnMilestone(token, fields, { lang: 'id', headers: sameOrigin }, deps)).kind).toBe('draft');
    expect(drafts).toEqual([
      {
        projectId: 'rp-2027-001',
        number: 3,
        draft: {
          summary: 'Draf.',
          outputs: [
            { type: 'publication', title: 'Naskah', venue: '', link: 'javascript:alert(1)', status: 'submitted' },
            { type: 'dataset', title: '' },
          ],
          savedAt: now.toISOString(),
        },
      },
    ]);

    const progress = aRepository('progress');
    const kept = { proof: progress.proof, intent: 'draft', summary: 'Draf.', ...row(0, { type: 'dataset', title: 'Data' }) };
    await actOnMilestone(token, kept, { lang: 'id', headers: sameOrigin }, progress.deps);
    expect(progress.drafts.map((d) => d.draft)).toEqual([{ summary: 'Draf.', savedAt: now.toISOString() }]);
  });

  it.each([
    ['id', 'Wajib diisi.', 'Tulis DOI (10.xxxx/…) atau alamat web (https://…).'],
    ['en', 'This field is required.', 'Write a DOI (10.xxxx/…) or a web address (https://…).'],
  ] as const)('%s: refuses to send with the outputs’ issues, and writes nothing', async (lang, required, link) => {
    const { deps, drafts, completed, proof } = aRepository();
    const fields = {
      proof,
      intent: 'submit',
      summary: 'Laporan akhir.',
      ...row(0, aPublication({ venue: '' })),
      ...row(1, { type: 'other', title: 'Situs', link: 'javascript:alert(1)' }),
    };
    const error = await rejectionOf(actOnMilestone(token, fields, { lang, headers: sameOrigin }, deps));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toEqual([
      { path: 'outputs[0].venue', message: required },
      { path: 'outputs[1].link', message: link },
    ]);
    expect(drafts).toEqual([]);
    expect(completed).toEqual([]);
  });

  it('refuses to send an output milestone without an output, beside the other fields’ issues', async () => {
    const { deps, proof } = aRepository('output');
    const error = await rejectionOf(actOnMilestone(token, { proof, intent: 'submit', summary: '' }, { lang: 'en', headers: sameOrigin }, deps));
    expect((error as ValidationError).issues).toEqual([
      { path: 'summary', message: 'Summarise what was done in this milestone.' },
      { path: 'outputs', message: 'An output milestone needs at least one output.' },
    ]);
  });

  it('refuses a row button of an unknown kind', async () => {
    const { deps, proof } = aRepository();
    const error = await rejectionOf(actOnMilestone(token, { proof, summary: 'x', [ADD_OUTPUT]: 'poster' }, { lang: 'en', headers: sameOrigin }, deps));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((i) => i.path)).toEqual([ADD_OUTPUT]);
  });
});

describe('an output link is a link only when it is a web address', () => {
  it('refuses an address with a tab, a line break or spaces in it, which the URL parser alone would quietly drop', () => {
    expect(whereOf('ht\ttps://example.org')).toBeUndefined();
    expect(whereOf('https://exa\nmple.org')).toBeUndefined();
    expect(whereOf(' https://example.org')).toBeUndefined();
    expect(whereOf('https://example.org/laporan')).toEqual({ url: 'https://example.org/laporan' });
  });

  it('links a stored record only to http(s), whatever it holds, and a DOI at doi.org', () => {
    expect(whereUrl({ type: 'other', title: 'X', url: 'javascript:alert(1)' })).toBeUndefined();
    expect(whereUrl({ type: 'dataset', title: 'X', url: 'HTTPS://data.example.org/x' })).toBe('HTTPS://data.example.org/x');
    expect(whereUrl({ type: 'policyBrief', title: 'X', doi: '10.1234/a b' })).toBe('https://doi.org/10.1234/a%20b');
    expect(outputList([{ type: 'other', title: 'X', url: 'javascript:alert(1)' }], 'id').toString()).not.toContain('href');
  });
});
