import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { defaultOfficialEmailDomains } from '../../shared/kernel/asn/official-email.js';
import { defaultWorkUnits } from '../../shared/kernel/asn/work-units.js';
import type { FieldIssue } from '../../shared/kernel/errors.js';
import type { FormFields } from '../../shared/kernel/http/form.js';
import { MAX_BODY_BYTES, readForm } from '../../shared/kernel/http/http.js';
import type { Language } from '../../shared/kernel/i18n.js';
import type { Scope } from '../../shared/kernel/partnerships/partnership.js';
import { partnerPage } from '../../shared/placements/placement-pages.js';
import type { PartnerView } from '../../shared/placements/views.js';
import {
  freshProjectForm,
  memberField,
  milestoneField,
  type PartnerProject,
  type ProjectFormState,
  postedProjectForm,
  projectFormFields,
  projectFormOf,
  projectRevisionFormFields,
} from '../../shared/research/project-form.js';
import { partnerProjectsSection, projectResubmittedPage, projectRevisionPage } from '../../shared/research/project-form-page.js';
import type { ProjectRevisionView } from '../../shared/research/project-revision.js';
import { MAX_MEMBERS, MAX_MILESTONES, projectInput } from '../../shared/research/research.schema.js';
import type { ProjectMember, ProjectWithTeam, ResearchStepLink } from '../../shared/research/research-records.js';
import { aProjectWithTeam } from '../support/research-fixtures.js';

const markup = '<script>alert(1)</script>';
const escapedMarkup = '&lt;script&gt;alert(1)&lt;/script&gt;';
const workUnits = ['Dinas Pendidikan', 'Dinas Kesehatan'];

// ---------------------------------------------------------------------------------------------
// Fixtures

function aPartnerView(scopes: Scope[] = ['research']): PartnerView {
  return {
    partnership: {
      id: 'ks-2027-001',
      title: 'Kemitraan penelitian layanan publik',
      institution: { name: 'Universitas Sebelas Maret', type: 'university' },
      contact: { name: 'Wulan Sari', email: 'wulan@uns.example' },
      scopes,
      startDate: '2027-01-01',
      endDate: '2029-12-31',
      status: 'ACTIVE',
    },
    placements: [],
  };
}

const projects: PartnerProject[] = [
  {
    id: 'rp-1',
    title: 'Kualitas layanan Mal Pelayanan Publik',
    status: 'CONSENT',
    startDate: '2027-03-01',
    endDate: '2027-12-15',
    trackingUrl: 'https://sinergi.surakarta.go.id/track/tok_Project-1',
  },
  {
    id: 'rp-2',
    title: 'Waktu tunggu puskesmas',
    status: 'ACTIVE',
    startDate: '2027-04-01',
    endDate: '2028-03-31',
    trackingUrl: 'https://sinergi.surakarta.go.id/track/tok_Project-2',
  },
];

/** The partner page of a partnership, with its research section as the page functions build it. */
function page(
  args: {
    lang?: Language;
    scopes?: Scope[];
    form?: ProjectFormState;
    issues?: FieldIssue[];
    notice?: 'proposed';
    list?: PartnerProject[];
    units?: readonly string[];
  } = {},
) {
  const lang = args.lang ?? 'id';
  const view = aPartnerView(args.scopes);
  const research = view.partnership.scopes.includes('research')
    ? [
        partnerProjectsSection({
          lang,
          token: 'tok_Partner-1',
          projects: args.list ?? projects,
          form: args.form ?? freshProjectForm(),
          issues: args.issues,
          workUnits: args.units ?? workUnits,
          maxJpHours: 60,
          notice: args.notice,
        }),
      ]
    : [];
  return partnerPage({ lang, view, token: 'tok_Partner-1', sections: research });
}

function dewi(): ProjectMember {
  return {
    number: 1,
    nip: '199002152015032001',
    employmentType: 'PNS',
    name: 'Dewi Anggraini',
    email: 'dewi@surakarta.go.id',
    unit: 'Dinas Pendidikan',
    position: 'Pranata Komputer',
    supervisor: { name: 'Bambang Wijaya', email: 'bambang@surakarta.go.id' },
    jpHours: 30,
    consent: 'AGREED',
  };
}

function aProject(overrides: Partial<ProjectWithTeam> = {}): ProjectWithTeam {
  return aProjectWithTeam(
    {
      status: 'REVISION_REQUESTED',
      members: [dewi(), { ...dewi(), number: 2, name: 'Agus Prasetyo', consent: 'REFUSED' }],
      createdAt: '2027-02-20T03:00:00.000Z',
      updatedAt: '2027-02-25T03:00:00.000Z',
      ...overrides,
    },
    {
      summary: 'Survei kepuasan.\nTiga tahap.',
      objectives: 'Memetakan waktu tunggu.',
      milestones: [
        { kind: 'plan', title: 'Rencana kerja lapangan', dueDate: '2027-03-20', review: 'all' },
        { kind: 'progress', title: 'Kemajuan survei', dueDate: '2027-07-31', review: 'any' },
        { kind: 'final', title: 'Laporan akhir', dueDate: '2027-12-10', review: 'all' },
      ],
    },
  );
}

function aRevisionView(overrides: Partial<ProjectRevisionView> = {}): ProjectRevisionView {
  const link: ResearchStepLink = {
    kind: 'step',
    hash: 'h',
    subject: { type: 'project', id: 'rp-2027-001' },
    createdAt: '2027-02-25T03:00:00.000Z',
    step: 'plan-revision',
    stepId: 'project:rp-2027-001:plan:r1:edit',
    attempt: 'primary',
    state: 'PENDING',
    sealedTaskToken: 'sealed',
    pageSecret: 'secret',
    expiresAt: '2027-03-11T03:00:00.000Z',
    holder: { name: 'Wulan Sari', email: 'wulan@uns.example', language: 'id' },
    actions: ['resubmit'],
    round: 1,
  };
  return { link, project: aProject(), milestones: [], comment: 'Perjelas metode survei.', roundsLeft: 2, proof: 'proof-value', ...overrides };
}

const revisionPage = (
  args: { lang?: Language; view?: ProjectRevisionView; form?: ProjectFormState; issues?: FieldIssue[]; units?: readonly string[] } = {},
) => {
  const view = args.view ?? aRevisionView();
  return projectRevisionPage({
    lang: args.lang ?? 'id',
    token: 'tok_Edit-1',
    view,
    form: args.form ?? projectFormOf(view.project.data),
    workUnits: args.units ?? workUnits,
    maxJpHours: 60,
    issues: args.issues,
  });
};

// ---------------------------------------------------------------------------------------------
// Reading the markup

/** The names of every form control, in order. */
const controlNames = (html: string) => [...html.matchAll(/<(?:input|select|textarea)[^>]*\sname="([^"]*)"/g)].map((m) => m[1] ?? '');

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function tagNamed(html: string, name: string): string {
  const match = html.match(new RegExp(`<(?:input|select|textarea)[^>]*name="${escapeRegExp(name)}"[^>]*>`));
  if (!match) throw new Error(`no control named ${name}`);
  return match[0];
}

const attr = (tag: string, name: string) => tag.match(new RegExp(`\\s${name}="([^"]*)"`))?.[1];

/** The field block (label, hint, message, control) holding the control with this `name`. */
function fieldBlock(html: string, name: string): string {
  const block = html.split('<div class="field').find((chunk) => chunk.includes(`name="${name}"`));
  if (!block) throw new Error(`no field block for ${name}`);
  return block;
}

/** One row's fieldset, by its id. */
function row(html: string, id: string): string {
  const match = html.match(new RegExp(`<fieldset class="box" id="${id}">[\\s\\S]*?</fieldset>`));
  if (!match) throw new Error(`no row ${id}`);
  return match[0];
}

const forms = (html: string) => [...html.matchAll(/<form\b[^>]*>/g)].map((m) => m[0]);
const buttons = (html: string) => [...html.matchAll(/<button\b[^>]*>[^<]*<\/button>/g)].map((m) => m[0]);

// ---------------------------------------------------------------------------------------------
// The longest post of a form

type Def = { type: string; shape?: Record<string, z.core.$ZodType>; element?: z.core.$ZodType; in?: z.core.$ZodType; checks?: z.core.$ZodCheck[] };

/** The project schema's fields by their dotted names, a row's without its number (`members.supervisor.email`). */
function schemaFields(): Map<string, z.core.$ZodType> {
  const found = new Map<string, z.core.$ZodType>();
  const pending: [z.core.$ZodType, string][] = [[projectInput(defaultWorkUnits, defaultOfficialEmailDomains), '']];
  while (pending.length) {
    const [node, path] = pending.pop()!;
    const def = node._zod.def as Def;
    if (def.type === 'object') for (const [key, child] of Object.entries(def.shape!)) pending.push([child, path ? `${path}.${key}` : key]);
    else if (def.type === 'array') pending.push([def.element!, path]);
    else if (def.type === 'pipe') pending.push([def.in!, path]);
    else found.set(path, node);
  }
  return found;
}

/** The most characters the schema takes in a field, if it bounds them. */
const maxLengthOf = (node: z.core.$ZodType) =>
  ((node._zod.def as Def).checks ?? []).map((check) => check._zod.def as { check: string; maximum?: number }).find((def) => def.check === 'max_length')
    ?.maximum;

/** The bytes a value takes in a URL-encoded body, as a browser sends it. */
const encodedBytes = (value: string) => Buffer.byteLength(new URLSearchParams({ v: value }).toString()) - 2;

/** An attribute's value as a browser reads it from the markup. */
const decodeEntities = (text: string) =>
  text.replace(/&(amp|lt|gt|quot|#39);/g, (_, name: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[name] ?? '');

/**
 * Every control of a page's form with the longest value it can post, in the page's order: a
 * choice's costliest option, a date, the largest number, a hidden field's own value, and text
 * at the schema's maximum length (the control's `maxlength` where the schema sets none) in
 * the characters that cost the most bytes: three UTF-8 bytes each, sent as %XX%XX%XX (an
 * address holds ASCII only, the costliest `'` and `+`, one %XX each).
 */
function longestPost(html: string): [string, string][] {
  const leaves = schemaFields();
  const controls = html.matchAll(/<select\b[^>]*\sname="([^"]*)"[^>]*>([\s\S]*?)<\/select>|<(?:input|textarea)\b[^>]*\sname="([^"]*)"[^>]*>/g);
  return [...controls].map((match) => {
    const tag = match[0];
    const name = match[1] ?? match[3] ?? '';
    if (match[1] !== undefined) {
      const options = [...(match[2] ?? '').matchAll(/<option value="([^"]*)"/g)].map((m) => decodeEntities(m[1] ?? ''));
      return [name, options.reduce((longest, option) => (encodedBytes(option) > encodedBytes(longest) ? option : longest), '')];
    }
    const type = attr(tag, 'type');
    if (type === 'hidden') return [name, decodeEntities(attr(tag, 'value') ?? '')];
    if (type === 'date') return [name, '2027-12-31'];
    if (type === 'number') return [name, attr(tag, 'max') ?? ''];
    const leaf = leaves.get(name.replace(/\[\d+\]/g, ''));
    const schemaMax = leaf && maxLengthOf(leaf);
    const length = schemaMax ?? Number(attr(tag, 'maxlength'));
    if (!length) throw new Error(`nothing bounds the length of ${name}`);
    // The page lets a browser type no more than the schema takes.
    if (schemaMax !== undefined) expect([name, attr(tag, 'maxlength')]).toEqual([name, String(schemaMax)]);
    const domain = '@surakarta.go.id';
    const value = type === 'email' ? `${"'".repeat(length - domain.length - 1)}+${domain}` : 'ꦱ'.repeat(length);
    // The value is one the schema's field takes, and one character more is not.
    if (leaf) expect([name, z.safeParse(leaf, value).success, z.safeParse(leaf, `a${value}`).success]).toEqual([name, true, schemaMax === undefined]);
    return [name, value];
  });
}

/** A form body as a browser posts it. */
const formPost = (body: string) => ({
  requestId: 'r-1',
  method: 'POST',
  path: '/partners/tok_Partner-1/projects',
  pathParams: {},
  query: {},
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body,
});

/** The longest post of a page's form, with a row button, read as its route reads it: against the form's fields. */
function fullestBody(html: string, fields: FormFields) {
  const body = new URLSearchParams([...longestPost(html), ['more', 'milestone']]).toString();
  const params = readForm(formPost(body), 'en', fields);
  return { body, entries: [...params.keys()].length };
}

// ---------------------------------------------------------------------------------------------

describe('the partner page of a research partnership', () => {
  it('shows the research section, and the placements only for a partnership with the internship scope', () => {
    const research = page();
    expect(research).toContain('<h2 id="projects-title">Proyek penelitian</h2>');
    expect(research).not.toContain('Tawarkan penempatan baru');
    expect(forms(research)).toEqual([expect.stringContaining('action="/partners/tok_Partner-1/projects?lang=id"')]);

    const both = page({ scopes: ['internship', 'research'] });
    expect(both).toContain('Tawarkan penempatan baru');
    expect(both).toContain('Usulkan proyek penelitian');
    expect(forms(both)).toHaveLength(2);

    const internship = page({ scopes: ['internship'] });
    expect(internship).not.toContain('Proyek penelitian');
    expect(internship).not.toContain('/projects"');
    expect(forms(internship)).toEqual([expect.stringContaining('action="/partners/tok_Partner-1/placements"')]);
  });

  it('lists each project with its status, dates and a link to its tracking page', () => {
    const html = page();
    const rows = [...html.matchAll(/<tr><th scope="row">[\s\S]*?<\/tr>/g)].map((m) => m[0]);

    expect(rows).toHaveLength(2);
    expect(rows[0]).toContain('<a href="https://sinergi.surakarta.go.id/track/tok_Project-1">Kualitas layanan Mal Pelayanan Publik</a>');
    expect(rows[0]).toContain('Menunggu persetujuan atasan anggota');
    expect(rows[0]).toContain('<time datetime="2027-03-01">1 Maret 2027</time> – <time datetime="2027-12-15">15 Desember 2027</time>');
    expect(rows[1]).toContain('Berjalan');
    expect(page({ list: [] })).toContain('Belum ada proyek penelitian yang diajukan.');
    expect(page({ lang: 'en', list: [] })).toContain('No research projects proposed yet.');
  });

  it('is in Indonesian or English as asked', () => {
    const id = page();
    const en = page({ lang: 'en' });

    expect(id).toContain('Tambah anggota');
    expect(id).toContain('Tambah tahap');
    expect(id).toContain('Ajukan proyek');
    expect(en).toContain('<html lang="en">');
    expect(en).toContain('Research projects');
    expect(en).toContain('Add a member');
    expect(en).toContain('Add a milestone');
    expect(en).toContain('Awaiting the members&#39; supervisors');
    expect(en).not.toContain('Tambah anggota');
    expect(en).toContain('action="/partners/tok_Partner-1/projects?lang=en"');
  });

  it('says so after a proposal, at the top of the page', () => {
    const html = page({ notice: 'proposed' });
    const notice = html.indexOf('Proyek penelitian sudah diajukan.');

    expect(notice).toBeGreaterThan(html.indexOf('<h1>'));
    expect(notice).toBeLessThan(html.indexOf('<dl class="facts">'));
    expect(page({ lang: 'en', notice: 'proposed' })).toContain('The research project was proposed.');
  });
});

describe('the project form', () => {
  it('has every field of a project, each labelled, one member row and the three usual milestones', () => {
    const html = page();
    const names = controlNames(html);

    expect(names).toEqual([
      'title',
      'summary',
      'objectives',
      'lead.name',
      'lead.email',
      'coReviewer.name',
      'coReviewer.email',
      'startDate',
      'endDate',
      ...['nip', 'employmentType', 'name', 'email', 'unit', 'position', 'supervisor.name', 'supervisor.email', 'jpHours'].map((f) => memberField(0, f)),
      ...[0, 1, 2].flatMap((i) => ['kind', 'title', 'dueDate', 'review'].map((f) => milestoneField(i, f))),
      'language',
    ]);
    for (const name of names) {
      expect(projectFormFields.names).toContain(name);
      expect(html).toContain(`<label for="${attr(tagNamed(html, name), 'id')}">`);
    }
    expect([0, 1, 2].map((i) => tagNamed(html, milestoneField(i, 'kind'))).length).toBe(3);
    expect(html).toContain('<option value="plan" selected>Rencana penelitian</option>');
    expect(html).toContain('<option value="final" selected>Laporan akhir</option>');
    expect(html).toContain('<option value="Dinas Kesehatan">Dinas Kesehatan</option>');
    const jp = tagNamed(html, memberField(0, 'jpHours'));
    expect([attr(jp, 'type'), attr(jp, 'min'), attr(jp, 'max')]).toEqual(['number', '1', '60']);
    for (const name of ['startDate', 'endDate', milestoneField(0, 'dueDate')]) expect(attr(tagNamed(html, name), 'type')).toBe('date');
  });

  it('adds rows with buttons that post the form back, and shows the rows it was given', () => {
    const html = page({ form: { ...freshProjectForm(), members: 2, milestones: 4 } });

    expect(buttons(html)).toEqual([
      '<button type="submit" name="more" value="member">Tambah anggota</button>',
      '<button type="submit" name="more" value="milestone">Tambah tahap</button>',
      '<button type="submit">Ajukan proyek</button>',
    ]);
    expect(html).toContain('<legend>Anggota 2</legend>');
    expect(html).toContain('<legend>Tahap 4</legend>');
    expect(controlNames(html)).toContain(milestoneField(3, 'dueDate'));
    expect(controlNames(html)).not.toContain(memberField(2, 'nip'));
  });

  it('offers no button beyond the limits, and says why', () => {
    const full = page({ form: { values: {}, members: 1, milestones: MAX_MILESTONES } });
    expect(full).not.toContain('value="milestone"');
    expect(full).toContain(`Proyek memiliki paling banyak ${MAX_MILESTONES} tahap.`);

    // Only the schema's limits stop a row: a team of MAX_MEMBERS fits one post, with MAX_MILESTONES milestones.
    const nearly = page({ lang: 'en', form: { values: {}, members: MAX_MEMBERS - 1, milestones: MAX_MILESTONES - 1 } });
    expect(nearly).toContain('value="member"');
    expect(nearly).toContain('value="milestone"');
    const crowded = page({ lang: 'en', form: { values: {}, members: MAX_MEMBERS, milestones: MAX_MILESTONES } });
    expect(crowded).not.toContain('value="member"');
    expect(crowded).not.toContain('value="milestone"');
    expect(crowded).toContain(`A team has at most ${MAX_MEMBERS} members.`);
    expect(crowded).toContain(`A project has at most ${MAX_MILESTONES} milestones.`);
    expect(crowded).not.toContain('This form has no room');
  });

  it('posts its fullest form, every field at its longest, within the form’s entries and the largest body any route takes', () => {
    const html = page({ form: { values: {}, members: MAX_MEMBERS, milestones: MAX_MILESTONES }, units: defaultWorkUnits });
    const { body, entries } = fullestBody(html, projectFormFields);

    expect(controlNames(html)).toContain(memberField(MAX_MEMBERS - 1, 'supervisor.email'));
    expect(entries).toBe(projectFormFields.maxEntries);
    expect(Buffer.byteLength(body)).toBeLessThanOrEqual(MAX_BODY_BYTES);
  });

  it('keeps everything typed, in every row, after a button or an error', () => {
    const posted = new URLSearchParams({
      title: 'Judul saya',
      summary: 'Baris satu\r\nbaris dua',
      [memberField(0, 'name')]: 'Dewi',
      [memberField(0, 'unit')]: 'Dinas Kesehatan',
      [memberField(0, 'employmentType')]: 'PPPK',
      [memberField(0, 'jpHours')]: '25',
      [milestoneField(0, 'kind')]: 'plan',
      [milestoneField(0, 'title')]: 'Rencana',
      [milestoneField(1, 'dueDate')]: '2027-05-01',
      language: 'en',
      more: 'member',
    });
    const html = page({ form: postedProjectForm(posted, 'propose') });

    expect(attr(tagNamed(html, 'title'), 'value')).toBe('Judul saya');
    expect(html).toContain('>Baris satu\r\nbaris dua</textarea>');
    expect(attr(tagNamed(html, memberField(0, 'name')), 'value')).toBe('Dewi');
    expect(attr(tagNamed(html, memberField(0, 'jpHours')), 'value')).toBe('25');
    expect(fieldBlock(html, memberField(0, 'unit'))).toContain('<option value="Dinas Kesehatan" selected>');
    expect(fieldBlock(html, memberField(0, 'employmentType'))).toContain('<option value="PPPK" selected>');
    expect(attr(tagNamed(html, milestoneField(0, 'title')), 'value')).toBe('Rencana');
    expect(attr(tagNamed(html, milestoneField(1, 'dueDate')), 'value')).toBe('2027-05-01');
    expect(html).toContain('<option value="en" lang="en" selected>');
    expect(attr(tagNamed(html, memberField(1, 'name')), 'value')).toBe('');
  });

  it('puts each message beside its own field, in its own row, and lists them all at the top', () => {
    const issues: FieldIssue[] = [
      { path: 'title', message: 'Wajib diisi.' },
      { path: 'members[1].jpHours', message: 'Maksimal 60.' },
      { path: 'milestones[2].dueDate', message: 'Tenggat harus dalam masa proyek.' },
      { path: 'milestones', message: 'Tambahkan satu tahap "Laporan akhir" sebagai tahap terakhir.' },
      { path: 'startDate', message: 'Tanggal mulai harus dalam masa berlaku kemitraan.' },
    ];
    const html = page({ form: { ...freshProjectForm(), members: 2 }, issues });

    const jp = fieldBlock(html, memberField(1, 'jpHours'));
    expect(jp).toMatch(/^ invalid">/);
    expect(jp).toContain('<p class="error" id="f-members-1-jpHours-error">Maksimal 60.</p>');
    expect(attr(tagNamed(html, memberField(1, 'jpHours')), 'aria-describedby')).toContain('f-members-1-jpHours-error');
    expect(row(html, 'f-members-1')).toContain('Maksimal 60.');
    expect(row(html, 'f-members-0')).not.toContain('Maksimal 60.');
    expect(fieldBlock(html, memberField(0, 'jpHours'))).not.toContain('class="error"');
    expect(row(html, 'f-milestones-2')).toContain('Tenggat harus dalam masa proyek.');
    expect(row(html, 'f-milestones-1')).not.toContain('class="error"');
    expect(html).toMatch(
      /<div class="field invalid" id="f-milestones">\n<h3>Tahap penelitian<\/h3>\n<p class="hint">[^<]*<\/p><p class="error" id="f-milestones-error">Tambahkan satu tahap/,
    );

    const summary = html.slice(html.indexOf('<div class="alert"'), html.indexOf('</div>', html.indexOf('<div class="alert"')));
    expect(html.indexOf('<div class="alert"')).toBeLessThan(html.indexOf('<dl class="facts">'));
    expect(summary).toContain('<a href="#f-title">Judul penelitian</a>: Wajib diisi.');
    expect(summary).toContain('<a href="#f-members-1-jpHours">Anggota 2: Jam pelajaran (JP)</a>: Maksimal 60.');
    expect(summary).toContain('<a href="#f-milestones-2-dueDate">Tahap 3: Tenggat</a>: Tenggat harus dalam masa proyek.');
    expect(summary).toContain('<a href="#f-milestones">Tahap penelitian</a>: Tambahkan satu tahap');
    expect(summary).toContain('<a href="#f-startDate">Tanggal mulai</a>');
    for (const href of summary.matchAll(/href="#([^"]+)"/g)) expect(html).toContain(`id="${href[1]}"`);
  });

  it('names the rows in the summary in English too', () => {
    const html = page({ lang: 'en', issues: [{ path: 'members[0].nip', message: 'Must be 18 digits.' }] });

    expect(html).toContain('<a href="#f-members-0-nip">Member 1: NIP / NI PPPK</a>: Must be 18 digits.');
    expect(html).toContain('Please check the following');
  });

  it('escapes what was typed, the titles listed and the messages', () => {
    const form = postedProjectForm(
      new URLSearchParams({ title: markup, [memberField(0, 'name')]: `"${markup}`, [milestoneField(0, 'title')]: markup, [memberField(0, 'unit')]: markup }),
      'propose',
    );
    const html = page({
      form,
      issues: [{ path: 'title', message: markup }],
      list: [{ ...projects[0]!, title: markup, trackingUrl: 'https://x.example/track/a?b=1&c="2"' }],
    });

    expect(html).not.toContain(markup);
    expect(html).toContain(`value="${escapedMarkup}"`);
    expect(html).toContain(`value="&quot;${escapedMarkup}"`);
    expect(html).toContain(`>${escapedMarkup}</a></th>`);
    expect(html).toContain('href="https://x.example/track/a?b=1&amp;c=&quot;2&quot;"');
    expect(html).toContain(`<a href="#f-title">Judul penelitian</a>: ${escapedMarkup}</li>`);
  });
});

describe('projectRevisionPage', () => {
  it('is the project form without the members’ inputs, filled in with the plan as it stands', () => {
    const html = revisionPage();
    const names = controlNames(html);

    expect(names.some((name) => name.startsWith('members['))).toBe(false);
    for (const name of names) expect(projectRevisionFormFields.names).toContain(name);
    expect(names).toContain('proof');
    expect(html).toContain('<input type="hidden" name="proof" value="proof-value">');
    expect(forms(html)).toEqual([expect.stringContaining('method="post" action="/projects/edit/tok_Edit-1?lang=id"')]);
    expect(attr(tagNamed(html, 'title'), 'value')).toBe('Kualitas layanan Mal Pelayanan Publik Surakarta');
    expect(attr(tagNamed(html, 'lead.email'), 'value')).toBe('sari@uns.example');
    expect(attr(tagNamed(html, milestoneField(1, 'title')), 'value')).toBe('Kemajuan survei');
    expect(fieldBlock(html, milestoneField(1, 'review'))).toContain('<option value="any" selected>');
    expect(buttons(html)).toEqual(['<button type="submit" name="more" value="milestone">Tambah tahap</button>', '<button type="submit">Kirim revisi</button>']);
  });

  it('posts its fullest form, every milestone at its longest, within the form’s entries and the largest body any route takes', () => {
    const html = revisionPage({ form: { values: {}, members: 0, milestones: MAX_MILESTONES }, units: defaultWorkUnits });
    const { body, entries } = fullestBody(html, projectRevisionFormFields);

    expect(controlNames(html)).toContain(milestoneField(MAX_MILESTONES - 1, 'title'));
    expect(entries).toBe(projectRevisionFormFields.maxEntries);
    expect(Buffer.byteLength(body)).toBeLessThanOrEqual(MAX_BODY_BYTES);
  });

  it('shows the team as it stands, read-only: the members who stayed', () => {
    const html = revisionPage();

    expect(html).toContain('Tim tidak diubah dalam revisi');
    expect(html).toContain('Dewi Anggraini — Pranata Komputer, Dinas Pendidikan · 30 JP');
    expect(html).not.toContain('Agus Prasetyo');
  });

  it('shows the coordinator’s note above the form, the deadline and the rounds left', () => {
    const html = revisionPage();

    expect(html.indexOf('<blockquote>Perjelas metode survei.</blockquote>')).toBeGreaterThan(0);
    expect(html.indexOf('<blockquote>')).toBeLessThan(html.indexOf('<form'));
    expect(html).toContain('Kirim revisi sebelum <time datetime="2027-03-11T03:00:00.000Z">');
    expect(html).toContain('paling banyak 2 kali, termasuk revisi ini');
    expect(revisionPage({ view: aRevisionView({ roundsLeft: 1 }) })).toContain('Ini kesempatan revisi terakhir');
    const en = revisionPage({ lang: 'en' });
    expect(en).toContain('<html lang="en">');
    expect(en).toContain('Revision of the research plan');
    expect(en).toContain('The coordinator&#39;s note');
    expect(en).toContain('at most 2 more times, including this one');
    expect(en).toContain('action="/projects/edit/tok_Edit-1?lang=en"');
  });

  it('keeps what was posted, one more milestone after its button, with each message beside its field', () => {
    const posted = new URLSearchParams({
      title: 'Judul baru',
      [milestoneField(0, 'title')]: 'Rencana',
      [milestoneField(1, 'dueDate')]: '2027-01-01',
      more: 'milestone',
      proof: 'old',
    });
    const html = revisionPage({
      form: postedProjectForm(posted, 'revise'),
      issues: [
        { path: 'milestones[1].dueDate', message: 'Terlalu awal.' },
        { path: 'members[0].unit', message: 'Pilih unit kerja dari daftar.' },
      ],
    });

    expect(attr(tagNamed(html, 'title'), 'value')).toBe('Judul baru');
    expect(html).toContain('<legend>Tahap 3</legend>');
    expect(row(html, 'f-milestones-1')).toContain('Terlalu awal.');
    // A member's message (the stored team is checked as it stands) names the member in the summary's text.
    expect(html).toContain('<li>Anggota 1: Unit kerja (OPD) — Pilih unit kerja dari daftar.</li>');
    expect(html).toContain('name="proof" value="proof-value"');
  });

  it('escapes the note and the plan', () => {
    const view = aRevisionView({ comment: markup, project: aProject({ institution: markup, data: { ...aProject().data, title: markup } }) });
    const html = revisionPage({ view });

    expect(html).not.toContain(markup);
    expect(html).toContain(`<blockquote>${escapedMarkup}</blockquote>`);
    expect(html).toContain(`value="${escapedMarkup}"`);
  });
});

describe('projectResubmittedPage', () => {
  it('says the revision was received, that the plan is reviewed again, and links the tracking page', () => {
    const project = aProject({ status: 'PLAN_REVIEW', round: 2 });
    const html = projectResubmittedPage({ lang: 'id', project, sentAt: '2027-03-02T03:00:00.000Z', trackingUrl: 'https://sinergi.example/track/t?a=1&b=2' });

    expect(html).toContain('<h1>Revisi terkirim</h1>');
    expect(html).toContain('putaran 2');
    expect(html).toContain('<a href="https://sinergi.example/track/t?a=1&amp;b=2">Pantau proyek</a>');
    expect(html).not.toContain('hreflang');
    const en = projectResubmittedPage({
      lang: 'en',
      project: aProject({ data: { ...project.data, title: markup } }),
      sentAt: project.updatedAt,
      trackingUrl: 'x',
    });
    expect(en).toContain('Revision sent');
    expect(en).toContain('reviews the plan again');
    expect(en).not.toContain(markup);
    expect(en).toContain(escapedMarkup);
  });
});
