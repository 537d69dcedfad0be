import { describe, expect, it } from 'vitest';
import type { Language } from '../../shared/kernel/i18n.js';
import type { StepAction, StepName } from '../../shared/placements/placement.schema.js';
import {
  applicationFormPage,
  applicationSubmittedPage,
  applicationTrackingPage,
  cataloguePage,
  partnerPage,
  stepDonePage,
  stepPage,
} from '../../shared/placements/placement-pages.js';
import type { ApplicationRecord, PlacementOutcome, PlacementRecord, PlacementStepLink } from '../../shared/placements/placement-records.js';
import type { ApplicationTrackingView, CatalogueItem, PartnerView, StepResult, StepView } from '../../shared/placements/views.js';

const markup = '<script>alert(1)</script>';
const escapedMarkup = '&lt;script&gt;alert(1)&lt;/script&gt;';

// ---------------------------------------------------------------------------------------------
// Fixtures

function aCatalogueItem(overrides: Partial<CatalogueItem> = {}): CatalogueItem {
  return {
    id: 'pl-1',
    title: 'Analis data kepegawaian',
    institution: 'Universitas Sebelas Maret',
    hostUnit: 'Pusat Studi Data',
    competencyArea: 'Analisis data',
    description: 'Mengolah data kepegawaian.\nMenyusun dasbor.',
    seats: 5,
    seatsLeft: 3,
    startDate: '2027-03-01',
    endDate: '2027-04-30',
    jpHours: 40,
    applicationDeadline: '2027-02-15',
    language: 'id',
    ...overrides,
  };
}

function aPartnerView(overrides: Partial<PartnerView> = {}): PartnerView {
  return {
    partnership: {
      id: 'ps-1',
      title: 'Kemitraan magang ASN',
      institution: { name: 'Universitas Sebelas Maret', type: 'university' },
      contact: { name: 'Sri Lestari', email: 'sri@uns.ac.id' },
      scopes: ['internship', 'research'],
      startDate: '2027-01-01',
      endDate: '2029-12-31',
      status: 'ACTIVE',
    },
    placements: [
      {
        id: 'pl-1',
        title: 'Analis data kepegawaian',
        hostUnit: 'Pusat Studi Data',
        status: 'PUBLISHED',
        seats: 5,
        seatsTaken: 2,
        startDate: '2027-03-01',
        endDate: '2027-04-30',
        applicationDeadline: '2027-02-15',
        jpHours: 40,
        createdAt: '2027-01-10T03:00:00.000Z',
      },
      {
        id: 'pl-2',
        title: 'Pengembang web',
        hostUnit: 'Fakultas Teknik',
        status: 'PENDING_APPROVAL',
        seats: 2,
        seatsTaken: 0,
        startDate: '2027-06-01',
        endDate: '2027-07-31',
        applicationDeadline: '2027-05-15',
        jpHours: 60,
        createdAt: '2027-01-11T03:00:00.000Z',
      },
    ],
    ...overrides,
  };
}

function anApplicationRecord(overrides: Partial<ApplicationRecord> = {}): ApplicationRecord {
  return {
    id: 'app-1',
    placementId: 'pl-1',
    status: 'SUPERVISOR_REVIEW',
    data: {
      nip: '199001012015011001',
      employmentType: 'PNS',
      name: 'Dewi Anggraini',
      email: 'dewi@surakarta.go.id',
      unit: 'Dinas Kesehatan',
      position: 'Analis Kebijakan',
      supervisor: { name: 'Bambang Wijaya', email: 'bambang@surakarta.go.id' },
      motivation: 'Ingin belajar analisis data.',
      language: 'id',
    },
    placement: {
      title: 'Analis data kepegawaian',
      hostUnit: 'Pusat Studi Data',
      startDate: '2027-03-01',
      endDate: '2027-04-30',
      jpHours: 40,
      institution: 'Universitas Sebelas Maret',
    },
    createdAt: '2027-02-01T03:00:00.000Z',
    updatedAt: '2027-02-01T03:00:00.000Z',
    ...overrides,
  };
}

function aPlacementRecord(overrides: Partial<PlacementRecord> = {}): PlacementRecord {
  return {
    id: 'pl-2',
    partnershipId: 'ps-1',
    status: 'PENDING_APPROVAL',
    data: {
      title: 'Pengembang web',
      hostUnit: 'Fakultas Teknik',
      description: 'Membangun layanan daring.',
      competencyArea: 'Pengembangan perangkat lunak',
      seats: 2,
      startDate: '2027-06-01',
      endDate: '2027-07-31',
      applicationDeadline: '2027-05-15',
      jpHours: 60,
      language: 'id',
    },
    institution: 'Universitas Sebelas Maret',
    host: { name: 'Sri Lestari', email: 'sri@uns.ac.id', language: 'id' },
    seatsTaken: 0,
    createdAt: '2027-01-11T03:00:00.000Z',
    updatedAt: '2027-01-11T03:00:00.000Z',
    ...overrides,
  };
}

function aStepLink(step: StepName, actions: StepAction[], overrides: Partial<PlacementStepLink> = {}): PlacementStepLink {
  return {
    kind: 'step',
    hash: 'hash-1',
    subject: { type: step === 'offer' ? 'placement' : 'application', id: step === 'offer' ? 'pl-2' : 'app-1' },
    createdAt: '2027-02-01T03:00:00.000Z',
    step,
    stepId: 'step-1',
    attempt: 'primary',
    state: 'PENDING',
    sealedTaskToken: 'sealed-task-token-secret',
    pageSecret: 'page-secret',
    expiresAt: '2027-02-08T03:00:00.000Z',
    holder: { name: 'Bambang Wijaya', email: 'bambang@surakarta.go.id', language: 'id' },
    actions,
    ...overrides,
  };
}

function aStepView(step: StepName, actions: StepAction[], application: Partial<ApplicationRecord> = {}): StepView {
  return {
    link: aStepLink(step, actions),
    subject: step === 'offer' ? { type: 'placement', placement: aPlacementRecord() } : { type: 'application', application: anApplicationRecord(application) },
    proof: 'proof-value-123',
  };
}

function aTrackingView(overrides: Partial<ApplicationTrackingView> = {}): ApplicationTrackingView {
  return {
    id: 'app-1',
    type: 'application',
    status: 'WAITLISTED',
    placement: { id: 'pl-1', ...anApplicationRecord().placement },
    applicant: { name: 'Dewi Anggraini', unit: 'Dinas Kesehatan' },
    waitlistPosition: 2,
    submittedAt: '2027-02-01T03:00:00.000Z',
    updatedAt: '2027-02-05T03:00:00.000Z',
    canWithdraw: true,
    history: [
      { at: '2027-02-01T03:00:00.000Z', type: 'submitted', by: { role: 'applicant', name: 'Dewi Anggraini' } },
      {
        at: '2027-02-02T03:00:00.000Z',
        type: 'decided',
        step: 'supervisor',
        by: { role: 'supervisor', name: 'Bambang Wijaya' },
        action: 'approve',
        comment: 'Silakan.',
      },
      { at: '2027-02-05T03:00:00.000Z', type: 'waitlisted', status: 'WAITLISTED' },
    ],
    ...overrides,
  };
}

function anOutcome(overrides: Partial<PlacementOutcome> = {}): PlacementOutcome {
  return {
    action: 'approve',
    decidedAt: '2027-02-03T03:00:00.000Z',
    decidedBy: { name: 'Bambang Wijaya', email: 'bambang@surakarta.go.id' },
    ...overrides,
  };
}

function aStepResult(step: StepName, outcome: Partial<PlacementOutcome> = {}): StepResult {
  const view = aStepView(step, ['approve', 'reject']);
  return { link: view.link, subject: view.subject, outcome: anOutcome(outcome) };
}

// ---------------------------------------------------------------------------------------------
// Reading the markup

/** The opening tag of the control with this `name`, to look at its attributes. */
function tagNamed(html: string, name: string): string {
  const match = html.match(new RegExp(`<(?:input|select|textarea)[^>]*name="${name.replace('.', '\\.')}"[^>]*>`));
  if (!match) throw new Error(`no control named ${name}`);
  return match[0];
}

function attr(tag: string, name: string): string | undefined {
  return tag.match(new RegExp(`\\s${name}="([^"]*)"`))?.[1];
}

/** The names of every form control, in order. */
function controlNames(html: string): string[] {
  return [...html.matchAll(/<(?:input|select|textarea)[^>]*\sname="([^"]*)"/g)].map((m) => m[1] ?? '');
}

/** The field block (label, hint, message, control) holding the control with this `name`. */
function fieldBlock(html: string, name: string): string {
  const block = html.split('<div class="field').find((chunk) => chunk.includes(`name="${name}"`));
  if (!block) throw new Error(`no field for ${name}`);
  return block;
}

/** The opening tag of each form, with its method and action. */
function forms(html: string): string[] {
  return [...html.matchAll(/<form\b[^>]*>/g)].map((m) => m[0]);
}

/** The radio buttons named `decision`, in order: value, label and whether the page checked it. */
function decisionRadios(html: string): { value: string; label: string; checked: boolean }[] {
  return [...html.matchAll(/<label class="choice" for="[^"]*">(<input type="radio"[^>]*>) ([^<]*)<\/label>/g)]
    .filter((m) => attr(m[1] ?? '', 'name') === 'decision')
    .map((m) => ({ value: attr(m[1] ?? '', 'value') ?? '', label: m[2] ?? '', checked: /\schecked\b/.test(m[1] ?? '') }));
}

/** Every button of the page, as written. */
function buttons(html: string): string[] {
  return [...html.matchAll(/<button\b[^>]*>[^<]*<\/button>/g)].map((m) => m[0]);
}

const bothLanguages: Language[] = ['id', 'en'];

// ---------------------------------------------------------------------------------------------

describe('partnerPage', () => {
  const page = (extra: Partial<Parameters<typeof partnerPage>[0]> = {}) => partnerPage({ lang: 'id', view: aPartnerView(), token: 'tok_Partner-1', ...extra });

  it('is in Indonesian or English as asked', () => {
    const id = page();
    const en = page({ lang: 'en' });
    expect(id).toContain('<html lang="id">');
    expect(id).toContain('Tawarkan penempatan baru');
    expect(id).toContain('Menunggu persetujuan BKPSDM');
    expect(id).toContain('Masa berlaku');
    expect(id).not.toContain('Offer a new placement');
    expect(en).toContain('<html lang="en">');
    expect(en).toContain('Offer a new placement');
    expect(en).toContain('Awaiting BKPSDM approval');
    expect(en).toContain('Valid');
    expect(en).not.toContain('Tawarkan penempatan baru');
  });

  it('shows the partnership: title, institution, validity and scopes', () => {
    const html = page({ lang: 'en' });
    expect(html).toContain('<h1>Kemitraan magang ASN</h1>');
    expect(html).toContain('Universitas Sebelas Maret');
    expect(html).toContain('1 January 2027 – 31 December 2029');
    expect(html).toContain('Internship, Research');
  });

  it('lists each placement with its status, seats taken of seats, dates, deadline and JP', () => {
    const html = page();
    const rows = [...html.matchAll(/<tr><th scope="row">[\s\S]*?<\/tr>/g)].map((m) => m[0]);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toContain('Analis data kepegawaian');
    expect(rows[0]).toContain('Pusat Studi Data');
    expect(rows[0]).toContain('Dibuka');
    expect(rows[0]).toContain('<td>2/5</td>');
    expect(rows[0]).toContain('1 Maret 2027');
    expect(rows[0]).toContain('30 April 2027');
    expect(rows[0]).toContain('<time datetime="2027-02-15">15 Februari 2027</time>');
    expect(rows[0]).toContain('40 JP');
    expect(rows[1]).toContain('Menunggu persetujuan BKPSDM');
    expect(rows[1]).toContain('<td>0/2</td>');
  });

  it('says so when no placement was offered yet', () => {
    expect(page({ view: aPartnerView({ placements: [] }) })).toContain('Belum ada penempatan yang ditawarkan.');
    expect(page({ lang: 'en', view: aPartnerView({ placements: [] }) })).toContain('No placements offered yet.');
  });

  it('posts the offer form to the partner’s placements with every field of an offer', () => {
    const html = page();
    expect(forms(html)).toEqual([expect.stringContaining('method="post" action="/partners/tok_Partner-1/placements"')]);
    expect(controlNames(html)).toEqual([
      'title',
      'hostUnit',
      'description',
      'competencyArea',
      'seats',
      'startDate',
      'endDate',
      'applicationDeadline',
      'jpHours',
      'language',
    ]);
    expect(tagNamed(html, 'description')).toMatch(/^<textarea/);
    const seats = tagNamed(html, 'seats');
    expect([attr(seats, 'type'), attr(seats, 'min'), attr(seats, 'max')]).toEqual(['number', '1', '50']);
    expect(attr(tagNamed(html, 'jpHours'), 'type')).toBe('number');
    for (const name of ['startDate', 'endDate', 'applicationDeadline']) expect(attr(tagNamed(html, name), 'type')).toBe('date');
    for (const name of controlNames(html)) expect(html).toContain(`<label for="${attr(tagNamed(html, name), 'id')}">`);
  });

  it('picks the page language for the offer unless another was chosen', () => {
    expect(page()).toContain('<option value="id" lang="id" selected>');
    expect(page({ lang: 'en' })).toContain('<option value="en" lang="en" selected>');
    expect(page({ values: { language: 'en' } })).toContain('<option value="en" lang="en" selected>');
  });

  it('refills the form after a 400 and shows each message beside its field and in the summary', () => {
    const html = page({
      values: { title: markup, seats: 80, endDate: '2027-01-01' },
      issues: [
        { path: 'seats', message: 'Paling banyak 50.' },
        { path: 'endDate', message: 'Tanggal selesai tidak boleh sebelum tanggal mulai.' },
      ],
    });
    expect(attr(tagNamed(html, 'title'), 'value')).toBe(escapedMarkup);
    expect(attr(tagNamed(html, 'seats'), 'value')).toBe('80');
    expect(html).toContain('<li><a href="#f-seats">Jumlah kursi</a>: Paling banyak 50.</li>');
    expect(fieldBlock(html, 'seats')).toContain('<p class="error" id="f-seats-error">Paling banyak 50.</p>');
    expect(attr(tagNamed(html, 'seats'), 'aria-invalid')).toBe('true');
    expect(fieldBlock(html, 'endDate')).toContain('Tanggal selesai tidak boleh sebelum tanggal mulai.');
    expect(fieldBlock(html, 'title')).not.toContain('class="error"');
  });

  it('confirms an offer that awaits BKPSDM’s approval only after one was made', () => {
    expect(page({ notice: 'offered' })).toMatch(/class="box ok[^"]*"[^>]*>[^<]*menunggu persetujuan BKPSDM[^<]*email/);
    expect(page({ lang: 'en', notice: 'offered' })).toMatch(/class="box ok[^"]*"[^>]*>[^<]*awaits BKPSDM's approval[^<]*email/);
    expect(page()).not.toContain('box ok');
  });

  it('escapes what the partner wrote', () => {
    const view = aPartnerView();
    view.partnership.title = markup;
    view.placements[0]!.title = markup;
    const html = page({ view });
    expect(html).not.toContain(markup);
    expect(html).toContain(`<h1>${escapedMarkup}</h1>`);
    expect(html).toContain(`<th scope="row">${escapedMarkup}</th>`);
  });
});

describe('cataloguePage', () => {
  it('shows each open placement with its facts, seats left and a link to apply, in either language', () => {
    const placements = [aCatalogueItem(), aCatalogueItem({ id: 'pl-9', title: 'Pengembang web', seats: 2, seatsLeft: 1, jpHours: 60 })];
    const id = cataloguePage({ lang: 'id', placements });
    const en = cataloguePage({ lang: 'en', placements });
    expect(id).toContain('<h1>Penempatan magang</h1>');
    expect(id).toContain('3 dari 5 kursi tersisa');
    expect(id).toContain('1 dari 2 kursi tersisa');
    expect(id).toContain('Batas pendaftaran');
    expect(id).toContain('15 Februari 2027');
    expect(id).toContain('Universitas Sebelas Maret');
    expect(id).toContain('Pusat Studi Data');
    expect(id).toContain('Analisis data');
    expect(id).toContain('40 JP');
    expect(en).toContain('<h1>Internship placements</h1>');
    expect(en).toContain('3 of 5 seats left');
    expect(en).toContain('Application deadline');
    expect(en).toContain('15 February 2027');
    expect([...id.matchAll(/href="(\/placements\/[^"]*)"/g)].map((m) => m[1])).toEqual(['/placements/pl-1/apply', '/placements/pl-9/apply']);
  });

  it('says kindly that nothing is open when the list is empty', () => {
    expect(cataloguePage({ lang: 'id', placements: [] })).toContain('Saat ini belum ada penempatan yang membuka pendaftaran.');
    expect(cataloguePage({ lang: 'en', placements: [] })).toContain('No placements are open for applications right now.');
    expect(cataloguePage({ lang: 'id', placements: [] })).not.toContain('/apply');
  });

  it('tells applicants to a full placement that they join the waitlist', () => {
    expect(cataloguePage({ lang: 'en', placements: [aCatalogueItem({ seatsLeft: 0 })] })).toContain('new applicants join the waitlist');
    expect(cataloguePage({ lang: 'en', placements: [aCatalogueItem()] })).not.toContain('waitlist');
  });

  it('escapes what the partner wrote', () => {
    const html = cataloguePage({ lang: 'id', placements: [aCatalogueItem({ title: markup, description: markup })] });
    expect(html).not.toContain(markup);
    expect(html).toContain(escapedMarkup);
  });
});

describe('applicationFormPage', () => {
  const units = ['Dinas Kesehatan', 'Dinas Pendidikan', 'Dinas "Uji" & <Coba>'];
  const page = (extra: Partial<Parameters<typeof applicationFormPage>[0]> = {}) =>
    applicationFormPage({ lang: 'id', placement: aCatalogueItem(), workUnits: units, submissionKey: 'key-1', ...extra });

  it('is in Indonesian or English as asked', () => {
    const id = page();
    const en = page({ lang: 'en' });
    expect(id).toContain('<html lang="id">');
    expect(id).toContain('Nama atasan langsung');
    expect(id).toContain('Kirim pendaftaran');
    expect(id).toContain('18 angka; boleh ditulis dengan spasi');
    expect(en).toContain('<html lang="en">');
    expect(en).toContain("Supervisor's name");
    expect(en).toContain('Send application');
    expect(en).toContain('18 digits; spaces are allowed');
    expect(en).not.toContain('Kirim pendaftaran');
  });

  it('shows the placement it is for', () => {
    const html = page();
    expect(html).toContain('Analis data kepegawaian');
    expect(html).toContain('Universitas Sebelas Maret');
    expect(html).toContain('3 dari 5 kursi tersisa');
  });

  it('posts every field of an application, with the submission key, to the placement', () => {
    const html = page();
    expect(forms(html)).toEqual([expect.stringContaining('method="post" action="/placements/pl-1/apply"')]);
    expect(new Set(controlNames(html))).toEqual(
      new Set(['submissionKey', 'nip', 'employmentType', 'name', 'email', 'unit', 'position', 'supervisor.name', 'supervisor.email', 'motivation', 'language']),
    );
    expect(html).toContain('<input type="hidden" name="submissionKey" value="key-1">');
    expect(attr(tagNamed(html, 'nip'), 'inputmode')).toBe('numeric');
    expect(attr(tagNamed(html, 'supervisor.email'), 'type')).toBe('email');
    expect(tagNamed(html, 'motivation')).toMatch(/^<textarea/);
    for (const name of ['nip', 'name', 'email', 'unit', 'position', 'supervisor.name', 'supervisor.email', 'motivation', 'language'])
      expect(html).toContain(`<label for="${attr(tagNamed(html, name), 'id')}">`);
  });

  it('asks for PNS or PPPK with radio buttons', () => {
    const radios = [...page().matchAll(/<input type="radio"[^>]*name="employmentType" value="([^"]*)"/g)].map((m) => m[1]);
    expect(radios).toEqual(['PNS', 'PPPK']);
    expect(page({ values: { employmentType: 'PPPK' } })).toMatch(/value="PPPK" checked/);
  });

  it('offers the work units as choices, escaped, and keeps the one chosen', () => {
    const html = page({ values: { unit: 'Dinas Pendidikan' } });
    const options = [...fieldBlock(html, 'unit').matchAll(/<option value="([^"]*)"/g)].map((m) => m[1]);
    expect(options).toEqual(['', 'Dinas Kesehatan', 'Dinas Pendidikan', 'Dinas &quot;Uji&quot; &amp; &lt;Coba&gt;']);
    expect(html).toContain('<option value="Dinas Pendidikan" selected>');
  });

  it('shows each message beside its field, nested or flat, and refills what was typed', () => {
    const issues = [
      { path: 'supervisor.email', message: 'Email atasan harus berbeda dari email Anda sendiri.' },
      { path: 'nip', message: 'NIP harus 18 angka.' },
    ];
    for (const values of [
      { supervisor: { email: 'dewi@surakarta.go.id' }, motivation: markup },
      { 'supervisor.email': 'dewi@surakarta.go.id', motivation: markup },
    ]) {
      const html = page({ issues, values });
      expect(fieldBlock(html, 'supervisor.email')).toContain(
        '<p class="error" id="f-supervisor-email-error">Email atasan harus berbeda dari email Anda sendiri.</p>',
      );
      expect(attr(tagNamed(html, 'supervisor.email'), 'aria-describedby')).toContain('f-supervisor-email-error');
      expect(attr(tagNamed(html, 'supervisor.email'), 'value')).toBe('dewi@surakarta.go.id');
      expect(fieldBlock(html, 'nip')).toContain('NIP harus 18 angka.');
      expect(fieldBlock(html, 'email')).not.toContain('class="error"');
      expect(html).toContain('<a href="#f-supervisor-email">Email atasan langsung</a>');
      expect(html).toContain(`>${escapedMarkup}</textarea>`);
      expect(html).not.toContain(markup);
    }
  });

  it('escapes the placement’s text and the submission key', () => {
    const html = page({ placement: aCatalogueItem({ title: markup }), submissionKey: 'k"><b>' });
    expect(html).not.toContain(markup);
    expect(html).toContain('value="k&quot;&gt;&lt;b&gt;"');
  });
});

describe('applicationSubmittedPage', () => {
  it('confirms the application and links to its tracking page', () => {
    const result = { id: 'app-1', status: 'SUBMITTED', trackingUrl: 'https://sinergi.example/track/abc' };
    const id = applicationSubmittedPage({ lang: 'id', result });
    const en = applicationSubmittedPage({ lang: 'en', result });
    expect(id).toContain('Pendaftaran terkirim');
    expect(id).toContain('Diajukan');
    expect(en).toContain('Application sent');
    expect(en).toContain('Submitted');
    expect(en).toContain('href="https://sinergi.example/track/abc"');
  });
});

describe('applicationTrackingPage', () => {
  const page = (extra: Partial<Parameters<typeof applicationTrackingPage>[0]> = {}) =>
    applicationTrackingPage({ lang: 'id', view: aTrackingView(), token: 'trk_1', proof: 'proof-xyz', ...extra });

  it('shows the status, the placement and the waitlist position in either language', () => {
    const id = page();
    const en = page({ lang: 'en' });
    expect(id).toContain('Dalam daftar tunggu');
    expect(id).toContain('<dt>Urutan dalam daftar tunggu</dt><dd>2</dd>');
    expect(id).toContain('Pusat Studi Data');
    expect(id).toContain('1 Maret 2027 – 30 April 2027');
    expect(en).toContain('On the waitlist');
    expect(en).toContain('<dt>Place on the waitlist</dt><dd>2</dd>');
    expect(en).toContain('1 March 2027 – 30 April 2027');
  });

  it('shows credited hours only when there are some', () => {
    expect(page({ view: aTrackingView({ status: 'COMPLETED', creditedHours: 32 }) })).toContain('<dt>JP yang diakui</dt><dd>32 JP</dd>');
    expect(page()).not.toContain('JP yang diakui');
  });

  it('tells the history: when, what, at which step, by whom, with comments and hours', () => {
    const view = aTrackingView({
      history: [
        ...aTrackingView().history,
        { at: '2027-05-02T03:00:00.000Z', type: 'reported', step: 'report', by: { role: 'applicant' }, hours: 38, comment: markup },
      ],
    });
    const id = page({ view });
    const en = page({ lang: 'en', view });
    const items = [...id.matchAll(/<li>[\s\S]*?<\/li>/g)].map((m) => m[0]);
    expect(items).toHaveLength(4);
    expect(items[1]).toContain('Keputusan diberikan');
    expect(items[1]).toContain('<time datetime="2027-02-02T03:00:00.000Z">2 Februari 2027 pukul 10.00 WIB</time>');
    expect(items[1]).toContain('Persetujuan atasan langsung');
    expect(items[1]).toContain('Atasan langsung (Bambang Wijaya)');
    expect(items[1]).toContain('Setuju');
    expect(items[1]).toContain('Silakan.');
    expect(items[2]).toContain('Masuk daftar tunggu');
    expect(items[3]).toContain('Laporan dikirim');
    expect(items[3]).toContain('38');
    expect(items[3]).toContain(escapedMarkup);
    expect(id).not.toContain(markup);
    expect(en).toContain('Decision made');
    expect(en).toContain('Supervisor&#39;s approval');
    expect(en).toContain('Put on the waitlist');
  });

  it('offers the withdraw form, posting the proof to the withdraw address, while withdrawing is possible', () => {
    const id = page();
    const en = page({ lang: 'en' });
    expect(forms(id)).toEqual(['<form method="post" action="/track/trk_1/withdraw">']);
    expect(id).toContain('<input type="hidden" name="proof" value="proof-xyz">');
    expect(id).toMatch(/<button type="submit"[^>]*>Batalkan pendaftaran<\/button>/);
    expect(id).toContain('tidak dapat diurungkan');
    expect(en).toMatch(/<button type="submit"[^>]*>Withdraw application<\/button>/);
    expect(en).toContain('cannot be undone');
  });

  it('leaves the withdraw form out when withdrawing is no longer possible or no proof is given', () => {
    for (const html of [page({ view: aTrackingView({ status: 'IN_PROGRESS', canWithdraw: false }) }), page({ proof: undefined })]) {
      expect(forms(html)).toEqual([]);
      expect(html).not.toContain('name="proof"');
      expect(html).not.toContain('Batalkan pendaftaran');
    }
  });

  it('confirms a withdrawal only after one', () => {
    expect(page({ notice: 'withdrawn', view: aTrackingView({ status: 'WITHDRAWN', canWithdraw: false }) })).toMatch(
      /class="box ok[^"]*"[^>]*>Pendaftaran Anda sudah dibatalkan/,
    );
    expect(page()).not.toContain('box ok');
  });

  it('escapes the placement title', () => {
    const view = aTrackingView();
    view.placement.title = markup;
    expect(page({ view })).not.toContain(markup);
  });
});

describe('stepPage', () => {
  it('offers exactly the choices the link allows, none chosen, and carries the proof', () => {
    const values = (html: string) => decisionRadios(html).map((r) => r.value);
    expect(values(stepPage({ lang: 'id', view: aStepView('supervisor', ['approve', 'reject']) }))).toEqual(['approve', 'reject']);
    expect(values(stepPage({ lang: 'id', view: aStepView('coordinator', ['approve']) }))).toEqual(['approve']);
    for (const step of ['supervisor', 'coordinator', 'host', 'completion', 'offer'] as const) {
      const html = stepPage({ lang: 'en', view: aStepView(step, ['approve', 'reject']) });
      expect(decisionRadios(html).map((r) => r.checked)).toEqual([false, false]);
      expect(html).not.toMatch(/\schecked\b/);
    }
    const html = stepPage({ lang: 'id', view: aStepView('host', ['approve', 'reject']) });
    expect(html).toContain('<input type="hidden" name="proof" value="proof-value-123">');
  });

  it.each(bothLanguages)('sends a decision with exactly one submit button, which carries no decision of its own (%s)', (lang) => {
    for (const step of ['supervisor', 'coordinator', 'host', 'completion', 'offer'] as const) {
      const html = stepPage({ lang, view: aStepView(step, ['approve', 'reject']) });
      expect(buttons(html)).toEqual([`<button type="submit">${lang === 'id' ? 'Kirim keputusan' : 'Send decision'}</button>`]);
    }
  });

  it('asks for the decision in a fieldset with a legend, first, and the comment’s hint says when a reason is needed', () => {
    const html = stepPage({ lang: 'en', view: aStepView('host', ['approve', 'reject']) });
    expect(html).toMatch(/<fieldset id="f-decision">\n<legend>What is your decision\? <span class="req">\(required\)<\/span><\/legend>/);
    expect(html).toContain('<label class="choice" for="f-decision-approve"><input type="radio" id="f-decision-approve" name="decision" value="approve"');
    expect(controlNames(html)).toEqual(['proof', 'decision', 'decision', 'comment']);
    expect(html.indexOf('name="comment"')).toBeLessThan(html.indexOf('<button type="submit">'));
    expect(fieldBlock(html, 'comment')).toContain('Required when rejecting, so that the applicant learns why. Optional when approving.');
    expect(forms(html)).toEqual([expect.stringMatching(/\snovalidate>$/)]);
  });

  it('asks to choose after a POST without a decision, keeping what was typed and choosing nothing', () => {
    const report = { activities: 'Membangun dasbor.', hours: 55, submittedAt: '2027-05-01T03:00:00.000Z' };
    const html = stepPage({
      lang: 'id',
      view: aStepView('completion', ['approve', 'reject'], { status: 'COMPLETION_REVIEW', report }),
      issues: [{ path: 'decision', message: 'Pilih salah satu keputusan: Konfirmasi penyelesaian atau Tolak.' }],
      values: { hours: '30', comment: 'Bagus.', proof: 'old' },
    });
    expect(html).toContain('<a href="#f-decision">Keputusan Anda</a>: Pilih salah satu keputusan: Konfirmasi penyelesaian atau Tolak.');
    expect(html).toContain('<p class="error" id="f-decision-error">Pilih salah satu keputusan: Konfirmasi penyelesaian atau Tolak.</p>');
    expect(decisionRadios(html)).toEqual([
      { value: 'approve', label: 'Konfirmasi penyelesaian', checked: false },
      { value: 'reject', label: 'Tolak', checked: false },
    ]);
    expect(attr(tagNamed(html, 'hours'), 'value')).toBe('30');
    expect(html).toContain('>Bagus.</textarea>');
    expect(html).toContain('<input type="hidden" name="proof" value="proof-value-123">');
  });

  it('keeps the choice a person made when the page comes back with a message', () => {
    const html = stepPage({
      lang: 'id',
      view: aStepView('supervisor', ['approve', 'reject']),
      issues: [{ path: 'comment', message: 'Tuliskan alasannya.' }],
      values: { decision: 'reject', comment: '' },
    });
    expect(decisionRadios(html).map((r) => [r.value, r.checked])).toEqual([
      ['approve', false],
      ['reject', true],
    ]);
  });

  it('acts only through a POST to its own address, with no script', () => {
    const html = stepPage({
      lang: 'id',
      view: aStepView('supervisor', ['approve', 'reject'], { data: { ...anApplicationRecord().data, motivation: markup } }),
    });
    expect(forms(html)).toEqual([expect.stringMatching(/^<form method="post" action=""/)]);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/\son[a-z]+=/i);
    expect(html).toContain(escapedMarkup);
  });

  it('shows who is asked, by when, and the application in either language', () => {
    const id = stepPage({ lang: 'id', view: aStepView('supervisor', ['approve', 'reject']) });
    const en = stepPage({ lang: 'en', view: aStepView('supervisor', ['approve', 'reject']) });
    expect(id).toContain('<dt>Diminta kepada</dt><dd>Bambang Wijaya</dd>');
    expect(id).toContain('8 Februari 2027 pukul 10.00 WIB');
    expect(id).toContain('Dewi Anggraini');
    expect(id).toContain('Analis data kepegawaian');
    expect(decisionRadios(id).map((r) => r.label)).toEqual(['Setujui', 'Tolak']);
    expect(id).toContain('>Kirim keputusan</button>');
    expect(id).toContain('Wajib diisi bila menolak');
    expect(en).toContain('<dt>Asked of</dt><dd>Bambang Wijaya</dd>');
    expect(en).toContain('8 February 2027 at 10:00 WIB');
    expect(decisionRadios(en).map((r) => r.label)).toEqual(['Approve', 'Reject']);
    expect(en).toContain('>Send decision</button>');
    expect(en).toContain('Required when rejecting');
  });

  it('shows the NIP to the supervisor and the coordinator but not to the host', () => {
    expect(stepPage({ lang: 'id', view: aStepView('supervisor', ['approve']) })).toContain('199001012015011001');
    expect(stepPage({ lang: 'id', view: aStepView('coordinator', ['approve']) })).toContain('199001012015011001');
    expect(stepPage({ lang: 'id', view: aStepView('host', ['approve']) })).not.toContain('199001012015011001');
  });

  it('shows the offered placement on the offer step, with a comment for the partner', () => {
    const html = stepPage({ lang: 'en', view: aStepView('offer', ['approve', 'reject']) });
    expect(html).toContain('Membangun layanan daring.');
    expect(html).toContain('Pengembangan perangkat lunak');
    expect(html).toContain('Comment for the partner');
    expect(controlNames(html)).toEqual(['proof', 'decision', 'decision', 'comment']);
  });

  it('asks the host to confirm hours, at most the placement’s JP, starting from the reported hours', () => {
    const report = { activities: 'Membangun dasbor.', hours: 55, submittedAt: '2027-05-01T03:00:00.000Z' };
    const html = stepPage({ lang: 'id', view: aStepView('completion', ['approve', 'reject'], { status: 'COMPLETION_REVIEW', report }) });
    const hours = tagNamed(html, 'hours');
    expect([attr(hours, 'type'), attr(hours, 'min'), attr(hours, 'max'), attr(hours, 'value')]).toEqual(['number', '0', '40', '40']);
    expect(html).toContain('Jam pelajaran (JP) yang dikonfirmasi');
    expect(html).toContain('Membangun dasbor.');
    expect(html).toContain('55 JP');
    expect(controlNames(html)).toEqual(['proof', 'decision', 'decision', 'hours', 'comment']);
    expect(decisionRadios(html).map((r) => r.label)).toEqual(['Konfirmasi penyelesaian', 'Tolak']);
    expect(stepPage({ lang: 'en', view: aStepView('completion', ['approve'], { report }) })).toContain('Lesson hours (JP) confirmed');

    const underMax = stepPage({ lang: 'id', view: aStepView('completion', ['approve'], { report: { ...report, hours: 12 } }) });
    expect(attr(tagNamed(underMax, 'hours'), 'value')).toBe('12');
    const retyped = stepPage({ lang: 'id', view: aStepView('completion', ['approve'], { report }), values: { hours: '30' } });
    expect(attr(tagNamed(retyped, 'hours'), 'value')).toBe('30');
  });

  it('asks the intern for activities and hours on the report step, with one button', () => {
    const html = stepPage({ lang: 'id', view: aStepView('report', ['report']) });
    expect(controlNames(html)).toEqual(['proof', 'activities', 'hours']);
    expect(tagNamed(html, 'activities')).toMatch(/^<textarea[^>]*\srequired/);
    expect(attr(tagNamed(html, 'hours'), 'max')).toBe('40');
    expect(buttons(html)).toEqual(['<button type="submit" name="decision" value="report">Kirim laporan</button>']);
    expect(decisionRadios(html)).toEqual([]);
    expect(stepPage({ lang: 'en', view: aStepView('report', ['report']) })).toContain('>Send report</button>');
  });

  it('shows each message beside its field after a 400 and keeps what was typed', () => {
    const html = stepPage({
      lang: 'id',
      view: aStepView('supervisor', ['approve', 'reject']),
      issues: [{ path: 'comment', message: 'Tuliskan alasan penolakan.' }],
      values: { comment: markup },
    });
    expect(fieldBlock(html, 'comment')).toContain('<p class="error" id="f-comment-error">Tuliskan alasan penolakan.</p>');
    expect(attr(tagNamed(html, 'comment'), 'aria-invalid')).toBe('true');
    expect(html).toContain('<a href="#f-comment">Komentar untuk pendaftar</a>');
    expect(html).toContain(`>${escapedMarkup}</textarea>`);
    expect(html).not.toContain(markup);
  });

  it('never shows the task token or the page secret', () => {
    const html = stepPage({ lang: 'id', view: aStepView('host', ['approve', 'reject']) });
    expect(html).not.toContain('task-token-secret');
    expect(html).not.toContain('page-secret');
  });
});

describe('stepDonePage', () => {
  it('says what was recorded and what happens next, in either language', () => {
    const result = aStepResult('supervisor', { action: 'reject', comment: markup });
    const id = stepDonePage({ lang: 'id', result });
    const en = stepDonePage({ lang: 'en', result });
    expect(id).toContain('Keputusan tercatat');
    expect(id).toContain('<dd>Tolak</dd>');
    expect(id).toContain('Pendaftar diberi tahu melalui email');
    expect(id).toContain(escapedMarkup);
    expect(id).not.toContain(markup);
    expect(en).toContain('Decision recorded');
    expect(en).toContain('<dd>Rejected</dd>');
    expect(en).toContain('The applicant is told by email');
  });

  it('names the next approver or the partner, depending on the step', () => {
    expect(stepDonePage({ lang: 'en', result: aStepResult('supervisor') })).toContain('goes on to the BKPSDM coordinator');
    expect(stepDonePage({ lang: 'en', result: aStepResult('coordinator') })).toContain('goes on to the host institution');
    expect(stepDonePage({ lang: 'en', result: aStepResult('offer') })).toContain('the partner is told by email');
    expect(stepDonePage({ lang: 'id', result: aStepResult('offer') })).toContain('mitra diberi tahu melalui email');
  });

  it('shows the hours confirmed at completion and the report sent by the intern', () => {
    const completion = stepDonePage({ lang: 'id', result: aStepResult('completion', { hours: 40 }) });
    expect(completion).toContain('<dt>Jam pelajaran (JP) yang dikonfirmasi</dt><dd>40 JP</dd>');
    const report = stepDonePage({ lang: 'en', result: aStepResult('report', { action: 'report', hours: 38, activities: 'Built a dashboard.' }) });
    expect(report).toContain('Report sent');
    expect(report).toContain('<dt>JP reported</dt><dd>38 JP</dd>');
    expect(report).toContain('Built a dashboard.');
  });

  it.each(bothLanguages)('has no form to send twice (%s)', (lang) => {
    expect(forms(stepDonePage({ lang, result: aStepResult('host') }))).toEqual([]);
  });
});
