import type { Language } from '../../shared/kernel/i18n.js';
import type { ExtensionRecord, MilestoneRecord, ProjectMember, ProjectWithTeam, ResearchStepLink } from '../../shared/research/research-records.js';
import type { MilestoneView } from '../../shared/research/views.js';

// The research records and views the unit tests build: UNS's project on the public service mall, its team and milestones.

/** Member 1: Dewi of Diskominfo (PNS, 30 JP), whose supervisor Bambang Wijaya agreed. */
export function aMember(overrides: Partial<ProjectMember> = {}): ProjectMember {
  return {
    number: 1,
    nip: '199002152015032001',
    employmentType: 'PNS',
    name: 'Dewi Anggraini',
    email: 'dewi@surakarta.go.id',
    unit: 'Dinas Komunikasi, Informatika, Statistik dan Persandian',
    position: 'Pranata Komputer',
    supervisor: { name: 'Bambang Wijaya', email: 'bambang@surakarta.go.id' },
    jpHours: 30,
    consent: 'AGREED',
    ...overrides,
  };
}

/** Member 2: Agus of the health office (PPPK, 20 JP), whose supervisor Rina Kusuma is being asked. */
export function aSecondMember(overrides: Partial<ProjectMember> = {}): ProjectMember {
  return {
    number: 2,
    nip: '199106122023211003',
    employmentType: 'PPPK',
    name: 'Agus Prasetyo',
    email: 'agus@dinkes.surakarta.go.id',
    unit: 'Dinas Kesehatan',
    position: 'Analis Kebijakan',
    supervisor: { name: 'Rina Kusuma', email: 'rina@dinkes.surakarta.go.id' },
    jpHours: 20,
    consent: 'ASKED',
    ...overrides,
  };
}

/** UNS's project on the public service mall, March to mid-December 2027, proposed by Wulan Sari, waiting for consent; `data` goes into its data. */
export function aProjectWithTeam(overrides: Partial<ProjectWithTeam> = {}, data: Partial<ProjectWithTeam['data']> = {}): ProjectWithTeam {
  return {
    id: 'rp-2027-001',
    partnershipId: 'ks-2027-001',
    status: 'CONSENT',
    data: {
      title: 'Kualitas layanan Mal Pelayanan Publik Surakarta',
      summary: 'Survei kepuasan dan observasi layanan.\nTiga tahap.',
      objectives: 'Memetakan waktu tunggu dan keluhan warga.',
      lead: { name: 'Dr. Sari Lestari', email: 'sari@uns.example' },
      coReviewer: { name: 'Prof. Hadi Santoso', email: 'lppm@uns.example' },
      startDate: '2027-03-01',
      endDate: '2027-12-15',
      milestones: [
        { kind: 'plan', title: 'Rencana kerja lapangan', dueDate: '2027-03-20', review: 'all' },
        { kind: 'progress', title: 'Kemajuan survei', dueDate: '2027-07-31', review: 'any' },
        { kind: 'final', title: 'Laporan akhir dan luaran', dueDate: '2027-12-10', review: 'all' },
      ],
      language: 'id',
      ...data,
    },
    members: [aMember(), aSecondMember()],
    institution: 'Universitas Sebelas Maret',
    partner: { name: 'Wulan Sari', email: 'wulan@uns.example', language: 'id' },
    round: 1,
    createdAt: '2027-03-01T03:00:00.000Z',
    updatedAt: '2027-03-01T03:00:00.000Z',
    ...overrides,
  };
}

/** Milestone 1, the plan, due 20 March 2027, reviewed by both; open and not yet sent. */
export function aMilestoneRecord(overrides: Partial<MilestoneRecord> = {}): MilestoneRecord {
  return {
    projectId: 'rp-2027-001',
    number: 1,
    kind: 'plan',
    title: 'Rencana kerja lapangan',
    dueDate: '2027-03-20',
    review: 'all',
    status: 'OPEN',
    round: 0,
    extensions: [],
    submissions: [],
    reviews: [],
    openedAt: '2027-03-05T03:00:00.000Z',
    updatedAt: '2027-03-05T03:00:00.000Z',
    ...overrides,
  };
}

/** A milestone as the views show it: the plan, due 1 March 2027, open and not overdue. */
export function aMilestoneView(overrides: Partial<MilestoneView> = {}): MilestoneView {
  return {
    number: 1,
    kind: 'plan',
    title: 'Rencana penelitian rinci',
    dueDate: '2027-03-01',
    review: 'all',
    status: 'OPEN',
    overdue: false,
    round: 0,
    extensions: [],
    submissions: [],
    reviews: [],
    ...overrides,
  };
}

/** An approved extension from 30 June to 15 July 2027. */
export function anExtension(overrides: Partial<ExtensionRecord> = {}): ExtensionRecord {
  return {
    number: 1,
    requestedAt: '2027-06-20T03:00:00.000Z',
    previousDueDate: '2027-06-30',
    newDueDate: '2027-07-15',
    reason: 'Data survei terlambat',
    status: 'APPROVED',
    decidedAt: '2027-06-22T03:00:00.000Z',
    ...overrides,
  };
}

/** A pending consent link for member 2, held by Agus's supervisor (who reads `language`), expiring 4 March 2027 10:00 WIB. */
export function aConsentLink(overrides: Partial<ResearchStepLink> = {}, language: Language = 'id'): ResearchStepLink {
  return {
    kind: 'step',
    hash: 'hash-of-the-token',
    subject: { type: 'project-member', id: 'rp-2027-001/2' },
    createdAt: '2027-03-01T03:00:00.000Z',
    step: 'consent',
    stepId: 'project:rp-2027-001:member-2:consent:primary',
    attempt: 'primary',
    state: 'PENDING',
    sealedTaskToken: 'sealed-task-token-1',
    pageSecret: 'page-secret-of-this-link',
    expiresAt: '2027-03-04T03:00:00.000Z',
    holder: { name: 'Rina Kusuma', email: 'rina@dinkes.surakarta.go.id', language },
    actions: ['approve', 'reject'],
    member: 2,
    ...overrides,
  };
}

/** The coordinator's pending plan-review link (the coordinator reads `language`), with its actions in no particular order. */
export function aPlanLink(overrides: Partial<ResearchStepLink> = {}, language: Language = 'id'): ResearchStepLink {
  return {
    ...aConsentLink({}, language),
    subject: { type: 'project', id: 'rp-2027-001' },
    step: 'plan-review',
    stepId: 'project:rp-2027-001:plan:r1:primary',
    holder: { name: 'Bambang Koordinator', email: 'koordinator@surakarta.go.id', language },
    actions: ['reject', 'approve', 'revise'],
    member: undefined,
    round: 1,
    ...overrides,
  };
}

/** The lead's submission link of milestone 2. */
export function aMilestoneLink(overrides: Partial<ResearchStepLink> = {}): ResearchStepLink {
  return {
    kind: 'step',
    hash: 'hash-of-the-token',
    subject: { type: 'milestone', id: 'rp-2027-001/2' },
    createdAt: '2027-07-01T00:00:00.000Z',
    step: 'milestone',
    stepId: 'project:rp-2027-001:milestone-2:r1:submit',
    attempt: 'primary',
    state: 'PENDING',
    sealedTaskToken: 'sealed-task-token-1',
    pageSecret: 'page-secret-of-this-link',
    expiresAt: '2028-12-15T00:00:00.000Z',
    holder: { name: 'Dr. Sari Lestari', email: 'sari@uns.example', language: 'id' },
    actions: ['submit'],
    milestone: 2,
    round: 1,
    ...overrides,
  };
}

/** The radio buttons named `decision`, in order: value, label and whether the page checked it. */
export function decisionRadios(html: string): { value: string; label: string; checked: boolean }[] {
  return [...html.matchAll(/<label class="choice" for="([^"]*)">(<input type="radio"[^>]*>) ([^<]*)<\/label>/g)]
    .filter((m) => / name="decision"/.test(m[2] ?? ''))
    .map((m) => ({ value: m[2]?.match(/ value="([^"]*)"/)?.[1] ?? '', label: m[3] ?? '', checked: /\schecked\b/.test(m[2] ?? '') }));
}

/** The opening tag of the control with this `name`. */
export function tagNamed(html: string, name: string): string {
  const match = html.match(new RegExp(`<(?:input|select|textarea)[^>]*name="${name}"[^>]*>`));
  if (!match) throw new Error(`no control named ${name}`);
  return match[0];
}
