import { expect } from 'vitest';
import type { MilestoneInput, ProjectInput } from '../../shared/research/research.schema.js';
import type { ProjectTrackingView } from '../../shared/research/views.js';
import { aProposal, eventually, postJson, submitProposalConfirmed } from './api.js';
import { linkIn, waitForMail } from './inbox.js';
import { act, aNip, coordinatorEmail, escapeRegExp, headEmail, mailAbout, wibDate } from './placements.js';

const unique = () => Math.random().toString(36).slice(2, 8);

/**
 * An active partnership with the research scope, made the way it happens: a proposal approved at
 * both levels. Answers the partner's link (from the mail that welcomes them) and contact.
 */
export async function aResearchPartner(apiUrl: string, sesUrl: string): Promise<{ partnerUrl: string; contact: string; institution: string }> {
  const proposal = aProposal({ startDate: wibDate(0), durationMonths: 24, scopes: ['research'] });
  await submitProposalConfirmed(apiUrl, sesUrl, proposal);
  for (const approver of [coordinatorEmail, headEmail]) {
    const mail = await mailAbout(sesUrl, approver, proposal.title);
    expect((await act(linkIn(mail, 'decide'), 'approve')).status).toBe(200);
  }
  const welcome = await waitForMail(sesUrl, proposal.contact.email, /^\[Sinergi\] (Halaman mitra penelitian Anda|Your research partner page):/, {
    timeoutMs: 30_000,
  });
  return { partnerUrl: linkIn(welcome, 'partners'), contact: proposal.contact.email, institution: proposal.institution.name };
}

/** A member of a project's team with their own NIP, addresses and supervisor. */
export function aMember(overrides: Record<string, unknown> = {}): ProjectInput['members'][number] {
  const tag = unique();
  return {
    nip: aNip(),
    employmentType: 'PNS',
    name: `Dewi Anggraini ${tag}`,
    email: `dewi.${tag}@surakarta.go.id`,
    unit: 'Dinas Pendidikan',
    position: 'Analis Kebijakan',
    supervisor: { name: `Hartono ${tag}`, email: `hartono.${tag}@surakarta.go.id` },
    jpHours: 30,
    ...overrides,
  } as ProjectInput['members'][number];
}

/** A valid project: a plan, a progress report and the final report, months ahead, with the members given (one by default). */
export function aProject(overrides: Partial<ProjectInput> = {}): ProjectInput {
  const tag = unique();
  const milestones: MilestoneInput[] = [
    { kind: 'plan', title: 'Rencana penelitian', dueDate: wibDate(40), review: 'all' },
    { kind: 'progress', title: 'Laporan kemajuan', dueDate: wibDate(120), review: 'all' },
    { kind: 'final', title: 'Laporan akhir dan luaran', dueDate: wibDate(200), review: 'any' },
  ];
  return {
    title: `Kualitas layanan Mal Pelayanan Publik ${tag}`,
    summary: 'Menilai kualitas layanan Mal Pelayanan Publik Surakarta dari sudut pandang warga.',
    objectives: 'Rekomendasi perbaikan layanan yang dapat diterapkan OPD.',
    lead: { name: `Dr. Sari Lestari ${tag}`, email: `sari.${tag}@uns.example` },
    coReviewer: { name: `Prof. Hadi Santoso ${tag}`, email: `lppm.${tag}@uns.example` },
    members: [aMember()],
    startDate: wibDate(1),
    endDate: wibDate(210),
    milestones,
    language: 'id',
    ...overrides,
  };
}

/** Proposes a project through the partner's JSON route; answers the 201 body. */
export async function propose(partnerUrl: string, project: ProjectInput): Promise<{ id: string; status: string; trackingUrl: string }> {
  const res = await postJson(`${partnerUrl.replace('/partners/', '/api/partners/')}/projects`, project);
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as { id: string; status: string; trackingUrl: string };
}

/** The project's tracking view, by its tracking link. */
export async function trackProject(trackingUrl: string): Promise<ProjectTrackingView> {
  const res = await fetch(trackingUrl.replace('/track/', '/api/track/'));
  expect(res.status).toBe(200);
  return (await res.json()) as ProjectTrackingView;
}

/** Waits until the project is in `status`. */
export function untilProjectStatus(trackingUrl: string, status: string, timeoutMs = 30_000): Promise<ProjectTrackingView> {
  return eventually(async () => {
    const view = await trackProject(trackingUrl);
    expect(view.status).toBe(status);
    return view;
  }, timeoutMs);
}

/** Proposes a project and takes it through consent and the plan review to ACTIVE, as its supervisors and the coordinator would. */
export async function anActiveProject(
  sesUrl: string,
  partnerUrl: string,
  project: ProjectInput,
): Promise<{ id: string; trackingUrl: string; view: ProjectTrackingView }> {
  const created = await propose(partnerUrl, project);
  for (const member of project.members) {
    const ask = await mailAbout(sesUrl, member.supervisor.email, project.title);
    expect((await act(linkIn(ask, 'decide'), 'approve')).status).toBe(200);
  }
  const review = await mailAbout(sesUrl, coordinatorEmail, project.title, {
    subject: new RegExp(`^\\[Sinergi\\].*${escapeRegExp(project.title)}`),
    timeoutMs: 30_000,
  });
  expect((await act(linkIn(review, 'decide'), 'approve')).status).toBe(200);
  return { ...created, view: await untilProjectStatus(created.trackingUrl, 'ACTIVE') };
}
