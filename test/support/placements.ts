import { expect } from 'vitest';
import type { PlacementOffer } from '../../shared/placements/placement.schema.js';
import { aProposal, confirmAs, eventually, postForm, postJson, proofIn, submitProposalConfirmed } from './api.js';
import { linkIn, mails, type StoredMail, waitForMail } from './inbox.js';

/** The local cloud's default approvers (infra/settings.ts). */
export const coordinatorEmail = 'koordinator@bkpsdm.surakarta.go.id';
export const headEmail = 'kepala@bkpsdm.surakarta.go.id';
export const backupEmail = 'sekretaris@bkpsdm.surakarta.go.id';

const DAY_MS = 86_400_000;
/** A calendar date in WIB, `days` from today. */
export function wibDate(days: number): string {
  return new Date(Date.now() + 7 * 3_600_000 + days * DAY_MS).toISOString().slice(0, 10);
}

export const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const unique = () => Math.random().toString(36).slice(2, 8);

/** A valid offer: applications until tomorrow, two days from the day after, worth 16 JP. */
export function anOffer(overrides: Partial<PlacementOffer> = {}): PlacementOffer {
  return {
    title: `Magang analis kebijakan ${unique()}`,
    hostUnit: 'Pusat Studi Kebijakan Publik',
    description: 'Pendampingan penyusunan naskah kebijakan pelayanan publik digital.',
    competencyArea: 'Analisis kebijakan',
    seats: 3,
    startDate: wibDate(2),
    endDate: wibDate(3),
    applicationDeadline: wibDate(1),
    jpHours: 16,
    language: 'id',
    ...overrides,
  };
}

let nipCounter = Math.floor(Math.random() * 500);
/**
 * A valid PNS NIP, different on every call: birth date, appointment month (at 25),
 * gender 1 or 2 and a sequence number.
 */
export function aNip(): string {
  nipCounter += 1;
  const birthYear = 1970 + (nipCounter % 25);
  const month = String((nipCounter % 12) + 1).padStart(2, '0');
  const day = String((nipCounter % 28) + 1).padStart(2, '0');
  const appointment = `${birthYear + 25}${String(((nipCounter * 7) % 12) + 1).padStart(2, '0')}`;
  const gender = (nipCounter % 2) + 1;
  const sequence = String(Math.floor(Math.random() * 999) + 1).padStart(3, '0');
  return `${birthYear}${month}${day}${appointment}${gender}${sequence}`;
}

/** A valid application body, with any part replaced. */
export function anApplication(overrides: Record<string, unknown> = {}) {
  const tag = unique();
  return {
    nip: aNip(),
    employmentType: 'PNS',
    name: `Sri Lestari ${tag}`,
    email: `sri.${tag}@surakarta.go.id`,
    unit: 'Dinas Pendidikan',
    position: 'Analis Kebijakan Ahli Pertama',
    supervisor: { name: `Budi Santoso ${tag}`, email: `budi.${tag}@surakarta.go.id` },
    motivation: 'Memperdalam kemampuan analisis kebijakan pelayanan publik digital.',
    language: 'id',
    ...overrides,
  };
}

/** Opens a step or decision link, then presses a button on it as a person would. */
export async function act(link: string, decision: 'approve' | 'reject' | 'report', extra: Record<string, string> = {}): Promise<Response> {
  const page = await fetch(link);
  expect(page.status, `GET ${link}`).toBe(200);
  return postForm(link, { proof: proofIn(await page.text()), decision, comment: '', ...extra });
}

/** The mail to `to` whose subject names `title`, sent after the first `after` mails. */
export function mailAbout(
  sesUrl: string,
  to: string,
  title: string,
  options: { after?: number; timeoutMs?: number; subject?: RegExp } = {},
): Promise<StoredMail> {
  return waitForMail(sesUrl, to, options.subject ?? new RegExp(escapeRegExp(title)), options);
}

/**
 * An active partnership with the internship scope, made the way it happens: a proposal
 * approved at both levels. Answers the partner's link (from the mail that welcomes them) and contact.
 */
export async function anInternshipPartner(apiUrl: string, sesUrl: string): Promise<{ partnerUrl: string; contact: string; institution: string }> {
  const proposal = aProposal({ startDate: wibDate(0), durationMonths: 12, scopes: ['internship', 'training'] });
  await submitProposalConfirmed(apiUrl, sesUrl, proposal);
  for (const approver of [coordinatorEmail, headEmail]) {
    const mail = await mailAbout(sesUrl, approver, proposal.title);
    expect((await act(linkIn(mail, 'decide'), 'approve')).status).toBe(200);
  }
  const welcome = await waitForMail(sesUrl, proposal.contact.email, /^\[Sinergi\] (Halaman mitra magang Anda|Your internship partner page):/, {
    timeoutMs: 30_000,
  });
  return { partnerUrl: linkIn(welcome, 'partners'), contact: proposal.contact.email, institution: proposal.institution.name };
}

/** Offers a placement through the partner's JSON API, has the coordinator approve it, and waits until it is in the catalogue. */
export async function aPublishedPlacement(
  apiUrl: string,
  sesUrl: string,
  partnerUrl: string,
  overrides: Partial<PlacementOffer> = {},
): Promise<{ id: string; offer: PlacementOffer }> {
  const offer = anOffer(overrides);
  const res = await postJson(`${partnerUrl.replace('/partners/', '/api/partners/')}/placements`, offer);
  expect(res.status, await res.clone().text()).toBe(201);
  const { id } = (await res.json()) as { id: string };
  const ask = await mailAbout(sesUrl, coordinatorEmail, offer.title);
  expect((await act(linkIn(ask, 'decide'), 'approve')).status).toBe(200);
  await eventually(async () => {
    const catalogue = (await (await fetch(`${apiUrl}/api/placements`)).json()) as { items: { id: string }[] };
    expect(catalogue.items.map((p) => p.id)).toContain(id);
  });
  return { id, offer };
}

/** Applies through the JSON API and confirms as the applicant; answers the 201 body and the body sent. */
export async function apply(apiUrl: string, sesUrl: string, placementId: string, overrides: Record<string, unknown> = {}) {
  const body = anApplication(overrides);
  const res = await postJson(`${apiUrl}/api/placements/${placementId}/applications`, body);
  expect(res.status, await res.clone().text()).toBe(201);
  const created = (await res.json()) as { id: string; status: string; trackingUrl: string };
  expect((await confirmApplicationAs(sesUrl, body.email)).status).toBe(303);
  return { body, created };
}

/** Confirms the latest application mailed to `email` as the applicant does (any placement's). */
export function confirmApplicationAs(sesUrl: string, email: string, options: { after?: number } = {}): Promise<Response> {
  return confirmAs(sesUrl, email, '', options);
}

/** The JSON view of an application. */
export async function trackApplication(trackingUrl: string): Promise<{
  status: string;
  waitlistPosition?: number;
  creditedHours?: number;
  canWithdraw: boolean;
  history: { type: string; step?: string; action?: string; hours?: number; comment?: string; by?: { name?: string } }[];
}> {
  const res = await fetch(trackingUrl.replace('/track/', '/api/track/'));
  if (res.status !== 200) throw new Error(`tracking answered ${res.status}`);
  return (await res.json()) as never;
}

/** Waits until an application is in `status`. */
export function untilStatus(trackingUrl: string, status: string, timeoutMs = 30_000) {
  return eventually(async () => {
    const view = await trackApplication(trackingUrl);
    expect(view.status).toBe(status);
    return view;
  }, timeoutMs);
}

/** How many mails the inbox holds now: pass as `after` to wait only for newer ones. */
export async function inboxSize(sesUrl: string): Promise<number> {
  return (await mails(sesUrl)).length;
}

/** The withdraw form of an application's tracking page, as a person finds it: where it posts, and the page's anti-forgery value. */
export async function withdrawFormOn(trackingUrl: string): Promise<{ action: string; proof: string }> {
  const page = await fetch(trackingUrl);
  expect(page.status, `GET ${trackingUrl}`).toBe(200);
  const html = await page.text();
  const action = /<form method="post" action="([^"]*\/withdraw)"/.exec(html)?.[1];
  if (!action) throw new Error('No withdraw form on the tracking page');
  return { action: new URL(action, trackingUrl).toString(), proof: proofIn(html) };
}
