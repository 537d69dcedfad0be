import { describe, expect, it } from 'vitest';
import { defaultOfficialEmailDomains } from '../../shared/kernel/asn/official-email.js';
import { defaultWorkUnits } from '../../shared/kernel/asn/work-units.js';
import { ValidationError } from '../../shared/kernel/errors.js';
import { checkFormFields, MAX_FORM_ENTRIES } from '../../shared/kernel/http/form.js';
import type { Language } from '../../shared/kernel/i18n.js';
import { sealTaskToken } from '../../shared/kernel/steps/task-token-seal.js';
import { hashToken, mintToken } from '../../shared/kernel/steps/tokens.js';
import type { Clock } from '../../shared/kernel/time.js';
import { toFieldIssues } from '../../shared/kernel/validation.js';
import {
  canAddRow,
  formEntries,
  freshProjectForm,
  memberField,
  milestoneField,
  postedProjectForm,
  pressedRowButton,
  projectFormFields,
  projectFormOf,
  projectFromForm,
  projectRevisionFormFields,
} from '../../shared/research/project-form.js';
import { resubmitProject, showProjectRevision } from '../../shared/research/project-revision.js';
import { RESUBMITTED } from '../../shared/research/project-steps.js';
import { MAX_MEMBERS, MAX_MILESTONES, type ProjectInput, projectInput } from '../../shared/research/research.schema.js';
import { researchUrls } from '../../shared/research/research-links.js';
import type { MilestoneRecord, ProjectEvent, ProjectWithTeam, ResearchStepLink } from '../../shared/research/research-records.js';
import type { ResearchRepository } from '../../shared/research/research-repository.js';
import { aConfig } from '../support/fixtures.js';

/** Every test runs on 1 March 2027, 10:00 WIB. */
const clock: Clock = { now: () => new Date('2027-03-01T03:00:00.000Z') };
const schema = projectInput(defaultWorkUnits, defaultOfficialEmailDomains, undefined, clock);

type Fields = Record<string, string>;

/** Dewi of Diskominfo (PNS), whose supervisor is Bambang, as a member row posts her. */
function dewi(row: number, overrides: Fields = {}): Fields {
  const member: Fields = {
    nip: '19900215 201503 2 001',
    employmentType: 'PNS',
    name: 'Dewi Anggraini',
    email: 'dewi@surakarta.go.id',
    unit: 'Dinas Komunikasi, Informatika, Statistik dan Persandian',
    position: 'Analis Kebijakan',
    'supervisor.name': 'Bambang Wijaya',
    'supervisor.email': 'bambang@surakarta.go.id',
    jpHours: '30',
    ...overrides,
  };
  return Object.fromEntries(Object.entries(member).map(([name, value]) => [memberField(row, name), value]));
}

/** Agus of the health office (PPPK), whose supervisor is Rina. */
const agus = (row: number, overrides: Fields = {}) =>
  dewi(row, {
    nip: '199106122023211003',
    employmentType: 'PPPK',
    name: 'Agus Prasetyo',
    email: 'agus@dinkes.surakarta.go.id',
    unit: 'Dinas Kesehatan',
    'supervisor.name': 'Rina Kusuma',
    'supervisor.email': 'rina@dinkes.surakarta.go.id',
    jpHours: '20',
    ...overrides,
  });

function milestone(row: number, kind: string, title: string, dueDate: string, review = 'all'): Fields {
  return {
    [milestoneField(row, 'kind')]: kind,
    [milestoneField(row, 'title')]: title,
    [milestoneField(row, 'dueDate')]: dueDate,
    [milestoneField(row, 'review')]: review,
  };
}

const threeMilestones = () => ({
  ...milestone(0, 'plan', 'Rencana penelitian', '2027-03-20'),
  ...milestone(1, 'progress', 'Laporan kemajuan', '2027-07-31', 'any'),
  ...milestone(2, 'final', 'Laporan akhir dan luaran', '2027-12-10'),
});

/** The whole form as a browser posts it: the project, two members and three milestones, every field in the page's order. */
function aForm(overrides: Fields = {}): URLSearchParams {
  return new URLSearchParams({
    title: 'Kualitas layanan Mal Pelayanan Publik Surakarta',
    summary: 'Survei kepuasan dan observasi layanan.\r\nTiga tahap.',
    objectives: 'Memetakan waktu tunggu dan keluhan warga.',
    'lead.name': 'Dr. Sari Lestari',
    'lead.email': 'sari@uns.example',
    'coReviewer.name': 'Prof. Hadi Santoso',
    'coReviewer.email': 'lppm@uns.example',
    startDate: '2027-03-01',
    endDate: '2027-12-15',
    ...dewi(0),
    ...agus(1),
    ...threeMilestones(),
    language: 'id',
    ...overrides,
  });
}

/**
 * The fullest form a partner can post: the project, MAX_MEMBERS members (each their own NIP and
 * address, all under Bambang) and MAX_MILESTONES milestones in order of due date, the final
 * report last, every field in the page's order.
 */
function aFullForm(overrides: Fields = {}): URLSearchParams {
  const members = Array.from({ length: MAX_MEMBERS }, (_, i) =>
    dewi(i, { nip: `19900215 201503 2 ${String(i + 1).padStart(3, '0')}`, name: `Dewi ${i + 1}`, email: `dewi${i + 1}@surakarta.go.id` }),
  );
  const milestones = Array.from({ length: MAX_MILESTONES }, (_, i) =>
    milestone(i, i === MAX_MILESTONES - 1 ? 'final' : 'progress', `Tahap ${i + 1}`, new Date(Date.UTC(2027, 2, 10 + 20 * i)).toISOString().slice(0, 10)),
  );
  const form = Object.fromEntries([...aForm()].filter(([name]) => !name.startsWith('members[') && !name.startsWith('milestones[')));
  const { language, ...project } = form;
  return new URLSearchParams({ ...project, ...Object.assign({}, ...members, ...milestones), language: language!, ...overrides });
}

/** The fullest revision a partner can post: the same without the members, a row button and the page's proof. */
const aFullRevision = () => new URLSearchParams([...[...aFullForm({ more: 'milestone' })].filter(([name]) => !name.startsWith('members[')), ['proof', 'p']]);

/** What the schema says about what the form sent, as the page would show it. */
function issuesOf(form: URLSearchParams, lang: Language = 'en') {
  const raw = projectFromForm(form);
  const result = schema.safeParse(raw);
  return result.success ? [] : toFieldIssues(result.error.issues, lang, raw);
}

const blankMember = (row: number) => dewi(row, Object.fromEntries(Object.keys(dewi(0)).map((name) => [name.replace(/^members\[0\]\./, ''), ''])));

describe('projectFromForm', () => {
  it('reads a whole form as the JSON body the schema accepts: nested people, the rows as lists, the JP as numbers', () => {
    const result = schema.safeParse(projectFromForm(aForm()));

    expect(result.success).toBe(true);
    const project = result.data as ProjectInput;
    expect(project.lead).toEqual({ name: 'Dr. Sari Lestari', email: 'sari@uns.example' });
    expect(project.members.map((m) => [m.nip, m.employmentType, m.supervisor.email, m.jpHours])).toEqual([
      ['199002152015032001', 'PNS', 'bambang@surakarta.go.id', 30],
      ['199106122023211003', 'PPPK', 'rina@dinkes.surakarta.go.id', 20],
    ]);
    expect(project.milestones).toEqual([
      { kind: 'plan', title: 'Rencana penelitian', dueDate: '2027-03-20', review: 'all' },
      { kind: 'progress', title: 'Laporan kemajuan', dueDate: '2027-07-31', review: 'any' },
      { kind: 'final', title: 'Laporan akhir dan luaran', dueDate: '2027-12-10', review: 'all' },
    ]);
  });

  it('leaves empty fields for the schema to refuse with its own messages, each at its field', () => {
    const form = aForm({ title: '', [memberField(1, 'jpHours')]: '', [memberField(0, 'unit')]: '', [milestoneField(1, 'title')]: '' });

    expect(issuesOf(form, 'id')).toEqual([
      { path: 'title', message: 'Wajib diisi.' },
      { path: 'members[0].unit', message: 'Pilih unit kerja dari daftar.' },
      { path: 'members[1].jpHours', message: 'Wajib diisi.' },
      { path: 'milestones[1].title', message: 'Wajib diisi.' },
    ]);
  });

  it('reads the JP as a whole number, spaces around it allowed, and leaves anything else for the schema to name', () => {
    expect(projectFromForm(aForm({ [memberField(0, 'jpHours')]: ' 45 ' })).members).toMatchObject([{ jpHours: 45 }, { jpHours: 20 }]);
    expect(issuesOf(aForm({ [memberField(0, 'jpHours')]: 'tiga puluh' }))).toEqual([{ path: 'members[0].jpHours', message: 'Must be a number.' }]);
    expect(issuesOf(aForm({ [memberField(1, 'jpHours')]: '61' }))).toEqual([{ path: 'members[1].jpHours', message: 'Must be at most 60.' }]);
  });

  it('puts the plan’s messages beside the milestone they are about, or on the milestones as a whole', () => {
    const early = aForm({ [milestoneField(1, 'dueDate')]: '2027-03-10' });
    expect(issuesOf(early).map((i) => i.path)).toEqual(['milestones[1].dueDate']);

    const noFinal = aForm({ [milestoneField(2, 'kind')]: 'output' });
    expect(issuesOf(noFinal)).toEqual([{ path: 'milestones', message: 'Add one "Final report" milestone as the last milestone.' }]);

    const sameSupervisor = aForm({ [memberField(1, 'supervisor.email')]: 'agus@dinkes.surakarta.go.id' });
    expect(issuesOf(sameSupervisor).map((i) => i.path)).toEqual(['members[1].supervisor.email']);
  });

  it('leaves out the blank rows at the end: a row button’s empty row, or one whose choices alone were made', () => {
    const form = aForm({ ...blankMember(2), ...milestone(3, '', '', ''), ...milestone(4, 'output', '  ', '', 'any') });
    const raw = projectFromForm(form);

    expect(raw.members).toHaveLength(2);
    expect(raw.milestones).toHaveLength(3);
    expect(issuesOf(form)).toEqual([]);
  });

  it('keeps a blank row between two others, so each message stays with its row', () => {
    const form = aForm({ ...blankMember(1), ...agus(2) });

    expect(projectFromForm(form).members).toHaveLength(3);
    expect(issuesOf(form, 'id').map((i) => i.path)).toEqual(
      expect.arrayContaining(['members[1].employmentType', 'members[1].name', 'members[1].email', 'members[1].jpHours']),
    );
    expect(issuesOf(form).every((i) => i.path.startsWith('members[1]'))).toBe(true);
  });

  it('says the team is empty when every member row was left blank', () => {
    const form = aForm();
    for (const name of Object.keys({ ...dewi(0), ...agus(1) })) form.set(name, '');

    expect(projectFromForm(form).members).toEqual([]);
    expect(issuesOf(form)).toEqual([{ path: 'members', message: 'Choose at least 1.' }]);
  });

  it('ignores the row button and the proof, which are not the project’s', () => {
    const form = aForm({ more: 'member', proof: 'p' });

    expect(projectFromForm(form)).not.toHaveProperty('more');
    expect(projectFromForm(form)).not.toHaveProperty('proof');
  });
});

describe('the fields a project form may post', () => {
  const refusal = (form: URLSearchParams, fields = projectFormFields) => {
    try {
      checkFormFields(form, fields, 'en');
      return undefined;
    } catch (error) {
      return error instanceof ValidationError ? error.issues[0]?.message : String(error);
    }
  };

  it('are the project’s, every member row’s and every milestone row’s up to the limits, and the row button', () => {
    expect(refusal(aForm({ more: 'milestone' }))).toBeUndefined();
    expect(projectFormFields.names).toContain(memberField(MAX_MEMBERS - 1, 'supervisor.email'));
    expect(projectFormFields.names).toContain(milestoneField(MAX_MILESTONES - 1, 'dueDate'));
    expect(projectFormFields.names).not.toContain(memberField(MAX_MEMBERS, 'nip'));
    expect(projectFormFields.names).not.toContain(milestoneField(MAX_MILESTONES, 'title'));
    expect(projectFormFields.lists.size).toBe(0);
  });

  it('refuse a field the form does not have, a row past the limits, and a field sent twice', () => {
    expect(refusal(aForm({ budget: '100' }))).toBe('This form has no field “budget”.');
    expect(refusal(aForm({ [memberField(MAX_MEMBERS, 'nip')]: '1' }))).toBe(`This form has no field “members[${MAX_MEMBERS}].nip”.`);
    expect(refusal(aForm({ 'members[0].nip.x': '1' }))).toBe('This form has no field “members[0].nip.x”.');
    expect(refusal(aForm({ members: 'x' }))).toBe('This form has no field “members”.');
    const twice = aForm();
    twice.append('title', 'Lagi');
    expect(refusal(twice)).toBe('The field “title” was sent more than once.');
  });

  it('take the fullest form, MAX_MEMBERS members and MAX_MILESTONES milestones with a row button, and not one entry more', () => {
    const full = aFullForm({ more: 'member' });

    expect(issuesOf(full)).toEqual([]);
    expect(projectFromForm(full).members).toHaveLength(MAX_MEMBERS);
    expect(projectFromForm(full).milestones).toHaveLength(MAX_MILESTONES);
    expect([...full.keys()]).toHaveLength(projectFormFields.maxEntries);
    expect(projectFormFields.maxEntries).toBeGreaterThan(MAX_FORM_ENTRIES);
    expect(refusal(full)).toBeUndefined();
    full.append('more', 'member');
    expect(refusal(full)).toBe(`This form has more than ${projectFormFields.maxEntries} entries.`);
  });

  it('of a revision take every milestone the schema allows, the row button and the proof, and not one entry more', () => {
    const full = aFullRevision();

    expect([...full.keys()]).toHaveLength(projectRevisionFormFields.maxEntries);
    expect(refusal(full, projectRevisionFormFields)).toBeUndefined();
    full.append('proof', 'p');
    expect(refusal(full, projectRevisionFormFields)).toBe(`This form has more than ${projectRevisionFormFields.maxEntries} entries.`);
  });

  it('of a revision leave the members out (the team stands) and take the page’s proof', () => {
    const revision = new URLSearchParams({ ...Object.fromEntries([...aForm()].filter(([name]) => !name.startsWith('members['))), proof: 'p' });

    expect(refusal(revision, projectRevisionFormFields)).toBeUndefined();
    expect(refusal(aForm(), projectRevisionFormFields)).toMatch(/^This form has no field “members\[0\]\./);
  });
});

describe('the rows of the form', () => {
  it('are one member and the three milestones most projects have on a fresh form', () => {
    const form = freshProjectForm();

    expect([form.members, form.milestones]).toEqual([1, 3]);
    expect([0, 1, 2].map((i) => form.values[milestoneField(i, 'kind')])).toEqual(['plan', 'progress', 'final']);
    expect(form.values[milestoneField(0, 'title')]).toBeUndefined();
  });

  it('come back as posted, with everything typed, and one more row of the group whose button was pressed', () => {
    const posted = aForm({ more: 'member' });
    const form = postedProjectForm(posted, 'propose');

    expect(pressedRowButton(posted)).toBe('member');
    expect([form.members, form.milestones]).toEqual([3, 3]);
    expect(form.values[memberField(1, 'name')]).toBe('Agus Prasetyo');
    expect(form.values.summary).toBe('Survei kepuasan dan observasi layanan.\r\nTiga tahap.');
    expect(form.values).not.toHaveProperty('more');

    const more = postedProjectForm(aForm({ more: 'milestone' }), 'propose');
    expect([more.members, more.milestones]).toEqual([2, 4]);
  });

  it('add nothing for a button value no button sends, and keep at least one row of each', () => {
    const odd = new URLSearchParams({ title: 'x', more: 'budget' });

    expect(pressedRowButton(odd)).toBe('none');
    expect(pressedRowButton(new URLSearchParams({ title: 'x' }))).toBeUndefined();
    const form = postedProjectForm(odd, 'propose');
    expect([form.members, form.milestones]).toEqual([1, 1]);
  });

  it('of a revision have no member rows and no member button', () => {
    const form = postedProjectForm(new URLSearchParams({ ...threeMilestones(), more: 'member' }), 'revise');

    expect([form.members, form.milestones]).toEqual([0, 3]);
    expect(canAddRow(form, 'member', 'revise')).toBe(false);
    expect(postedProjectForm(new URLSearchParams({ ...threeMilestones(), more: 'milestone' }), 'revise').milestones).toBe(4);
  });

  it('stop at the schema’s limits: no button beyond MAX_MILESTONES milestones', () => {
    expect(canAddRow({ members: 0, milestones: MAX_MILESTONES - 1 }, 'milestone', 'revise')).toBe(true);
    expect(canAddRow({ members: 0, milestones: MAX_MILESTONES }, 'milestone', 'revise')).toBe(false);
    const full = new URLSearchParams(
      Object.assign({}, ...Array.from({ length: MAX_MILESTONES }, (_, i) => milestone(i, 'progress', `T${i}`, '2027-04-01')), { more: 'milestone' }),
    );
    expect(postedProjectForm(full, 'revise').milestones).toBe(MAX_MILESTONES);
  });

  it('grow up to the schema’s limits and no further, and every form the page shows can be sent', () => {
    for (let members = 1; members <= MAX_MEMBERS; members++)
      for (let milestones = 1; milestones <= MAX_MILESTONES; milestones++) {
        const rows = { members, milestones };
        expect(formEntries(rows, 'propose')).toBeLessThanOrEqual(projectFormFields.maxEntries);
        expect([members, milestones, canAddRow(rows, 'member', 'propose')]).toEqual([members, milestones, members < MAX_MEMBERS]);
        expect([members, milestones, canAddRow(rows, 'milestone', 'propose')]).toEqual([members, milestones, milestones < MAX_MILESTONES]);
      }
    for (let milestones = 1; milestones <= MAX_MILESTONES; milestones++) {
      expect(formEntries({ members: 0, milestones }, 'revise')).toBeLessThanOrEqual(projectRevisionFormFields.maxEntries);
      expect(canAddRow({ members: 0, milestones }, 'milestone', 'revise')).toBe(milestones < MAX_MILESTONES);
    }
  });

  it('take the last member and the last milestone the schema allows after their buttons, and no more', () => {
    const fewer = (group: 'members' | 'milestones', more: string) =>
      new URLSearchParams(
        [...aFullForm({ more })].filter(([name]) => !name.startsWith(`${group}[${group === 'members' ? MAX_MEMBERS - 1 : MAX_MILESTONES - 1}]`)),
      );

    expect(postedProjectForm(fewer('members', 'member'), 'propose').members).toBe(MAX_MEMBERS);
    expect(postedProjectForm(fewer('milestones', 'milestone'), 'propose').milestones).toBe(MAX_MILESTONES);
    expect(postedProjectForm(aFullForm({ more: 'member' }), 'propose').members).toBe(MAX_MEMBERS);
    expect(postedProjectForm(aFullForm({ more: 'milestone' }), 'propose').milestones).toBe(MAX_MILESTONES);
  });

  it('count what a browser sends: the form of two members and three milestones passes readForm’s limit with its button', () => {
    const posted = aForm({ more: 'member' });

    expect([...posted.keys()]).toHaveLength(formEntries({ members: 2, milestones: 3 }, 'propose'));
  });

  it('show a stored plan for its revision: its fields and milestones, no team', () => {
    const raw = schema.parse(projectFromForm(aForm()));
    const { members: _, ...data } = raw;
    const form = projectFormOf(data);

    expect(form.members).toBe(0);
    expect(form.milestones).toBe(3);
    expect(form.values['lead.email']).toBe('sari@uns.example');
    expect(form.values[milestoneField(1, 'review')]).toBe('any');
    expect(Object.keys(form.values).some((name) => name.startsWith('members'))).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------
// The revision of a plan, with the repository and the workflow as small fakes

describe('showProjectRevision and resubmitProject', () => {
  const config = aConfig({ WORK_UNITS: [...defaultWorkUnits] });
  const token = mintToken(config.LINK_SECRET, {}, 'edit', 'project:rp-1:plan:r1:edit');
  const headers = { origin: new URL(config.PUBLIC_BASE_URL).origin };

  function aWhole() {
    const raw = schema.parse(projectFromForm(aForm()));
    const { members, ...data } = raw;
    const project: ProjectWithTeam = {
      id: 'rp-1',
      partnershipId: 'ks-1',
      status: 'REVISION_REQUESTED',
      data,
      members: members.map((m, i) => ({ ...m, number: i + 1, consent: i === 0 ? 'AGREED' : 'REFUSED' })),
      institution: 'Universitas Sebelas Maret',
      partner: { name: 'Wulan Sari', email: 'wulan@uns.example', language: 'id' },
      round: 1,
      createdAt: '2027-02-20T03:00:00.000Z',
      updatedAt: '2027-02-25T03:00:00.000Z',
    };
    const milestones = data.milestones.map(
      (m, i): MilestoneRecord => ({
        projectId: 'rp-1',
        number: i + 1,
        ...m,
        status: 'PLANNED',
        round: 0,
        extensions: [],
        submissions: [],
        reviews: [],
        updatedAt: project.updatedAt,
      }),
    );
    const history: ProjectEvent[] = [
      {
        subject: { type: 'project', id: 'rp-1' },
        key: 'a',
        type: 'revision-requested',
        at: '2027-02-25T03:00:00.000Z',
        actor: { role: 'system' },
        round: 1,
        comment: 'Perjelas metode survei.',
      },
    ];
    return { project, milestones, history };
  }

  function aLink(overrides: Partial<ResearchStepLink> = {}): ResearchStepLink {
    return {
      kind: 'step',
      hash: hashToken(token),
      subject: { type: 'project', id: 'rp-1' },
      createdAt: '2027-02-25T03:00:00.000Z',
      step: 'plan-revision',
      stepId: 'project:rp-1:plan:r1:edit',
      attempt: 'primary',
      state: 'PENDING',
      sealedTaskToken: sealTaskToken('task-token-1', token),
      pageSecret: 'page-secret',
      expiresAt: '2027-03-11T03:00:00.000Z',
      holder: { name: 'Wulan Sari', email: 'wulan@uns.example', language: 'id' },
      actions: ['resubmit'],
      round: 1,
      ...overrides,
    };
  }

  function setUp(link = aLink()) {
    const whole = aWhole();
    const written: Parameters<ResearchRepository['resubmitPlan']>[0][] = [];
    const completed: [string, unknown][] = [];
    const research = {
      getLink: async (hash: string) => (hash === link.hash ? link : undefined),
      getProjectWhole: async (id: string) => (id === 'rp-1' ? whole : undefined),
      getPartnership: async () => ({ id: 'ks-1', startDate: '2027-01-01', endDate: '2029-12-31' }),
      resubmitPlan: async (args: Parameters<ResearchRepository['resubmitPlan']>[0]) => {
        written.push(args);
      },
    } as unknown as ResearchRepository;
    const workflows = {
      complete: async (taskToken: string, output: unknown) => {
        completed.push([taskToken, output]);
        return 'delivered' as const;
      },
    };
    return { deps: { research, workflows, clock, config }, whole, written, completed };
  }

  /** The revision form as the page posts it: the plan changed, one milestone fewer, and the page's proof. */
  function revisionForm(proof: string, overrides: Fields = {}) {
    const fields = Object.fromEntries([...aForm()].filter(([name]) => !name.startsWith('members[') && !name.startsWith('milestones[')));
    return new URLSearchParams({
      ...fields,
      title: 'Kualitas layanan MPP, direvisi',
      ...milestone(0, 'plan', 'Rencana penelitian', '2027-03-20'),
      ...milestone(1, 'final', 'Laporan akhir', '2027-12-10'),
      proof,
      ...overrides,
    });
  }

  it('shows the plan with the note of the round that asked, the rounds left and a proof', async () => {
    const { deps } = setUp();
    const view = await showProjectRevision(token, 'id', deps);

    expect(view.comment).toBe('Perjelas metode survei.');
    expect(view.roundsLeft).toBe(config.MAX_REVIEW_ROUNDS - 1);
    expect(view.proof).toMatch(/^\d+\./);
    await expect(showProjectRevision(mintToken(config.LINK_SECRET, {}, 'edit', 'other'), 'id', deps)).rejects.toMatchObject({ kind: 'not-found' });
  });

  it('answers a used link with 409 and a closed one with 410', async () => {
    const used = setUp(aLink({ state: 'USED' }));
    await expect(showProjectRevision(token, 'id', used.deps)).rejects.toMatchObject({ kind: 'conflict' });
    const expired = setUp(aLink({ expiresAt: '2027-02-28T00:00:00.000Z' }));
    await expect(showProjectRevision(token, 'id', expired.deps)).rejects.toMatchObject({ kind: 'gone' });
  });

  it('resubmits once: the new plan without the team, the next round, the milestones planned anew, and the step’s answer to the waiting review', async () => {
    const { deps, whole, written, completed } = setUp();
    const { proof } = await showProjectRevision(token, 'id', deps);

    const sent = await resubmitProject(token, revisionForm(proof), { lang: 'id', headers, requestId: 'req-1' }, deps);

    expect(written).toHaveLength(1);
    const write = written[0]!;
    expect(write.outcome).toEqual({ action: 'resubmit', decidedAt: '2027-03-01T03:00:00.000Z', decidedBy: { name: 'Wulan Sari', email: 'wulan@uns.example' } });
    expect(write.event).toMatchObject({
      key: 'project:rp-1:plan:r1:edit:resubmitted',
      type: 'resubmitted',
      actor: { role: 'partner', name: 'Wulan Sari', email: 'wulan@uns.example' },
      fromStatus: 'REVISION_REQUESTED',
      toStatus: 'PLAN_REVIEW',
      round: 2,
      action: 'resubmit',
      requestId: 'req-1',
    });
    expect(write.round).toBe(2);
    expect(write.data.title).toBe('Kualitas layanan MPP, direvisi');
    expect(write.data).not.toHaveProperty('members');
    expect(write.milestones.map((m) => [m.number, m.kind, m.status, m.round, m.extensions])).toEqual([
      [1, 'plan', 'PLANNED', 0, []],
      [2, 'final', 'PLANNED', 0, []],
    ]);
    expect(write.previousMilestones).toBe(whole.milestones.length);
    expect(completed).toEqual([['task-token-1', RESUBMITTED]]);
    expect(sent.project).toMatchObject({ status: 'PLAN_REVIEW', round: 2, data: { title: 'Kualitas layanan MPP, direvisi' } });
    expect(sent.trackingUrl).toBe(researchUrls.projectTrack(config, config.LINK_SECRET, whole.project));
  });

  it('refuses a post from elsewhere or without the page’s proof, before anything is read from the form', async () => {
    const { deps, written } = setUp();
    const { proof } = await showProjectRevision(token, 'id', deps);

    await expect(resubmitProject(token, revisionForm(proof), { lang: 'id', headers: { origin: 'https://evil.example' } }, deps)).rejects.toMatchObject({
      kind: 'forbidden',
    });
    await expect(resubmitProject(token, revisionForm('1.forged'), { lang: 'id', headers }, deps)).rejects.toMatchObject({ kind: 'forbidden' });
    expect(written).toEqual([]);
  });

  it('refuses a plan the schema or the partnership’s dates refuse, with messages at the fields, and writes nothing', async () => {
    const { deps, written } = setUp();
    const { proof } = await showProjectRevision(token, 'id', deps);

    const bad = resubmitProject(
      token,
      revisionForm(proof, { title: '', endDate: '2030-01-31', [milestoneField(1, 'dueDate')]: '2030-01-15' }),
      { lang: 'en', headers },
      deps,
    );
    const error = await bad.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((i) => i.path)).toEqual(['title']);

    const late = await resubmitProject(
      token,
      revisionForm(proof, { endDate: '2030-01-31', [milestoneField(1, 'dueDate')]: '2030-01-15' }),
      { lang: 'en', headers },
      deps,
    ).catch((e: unknown) => e);
    expect((late as ValidationError).issues).toEqual([
      { path: 'endDate', message: "The end date must fall within the partnership's validity (2027-01-01 to 2029-12-31)." },
    ]);
    expect(written).toEqual([]);
  });
});
