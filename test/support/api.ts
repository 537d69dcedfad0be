import { expect } from 'vitest';
import type { ProposalInput } from '../../shared/proposals/proposal.schema.js';
import { linkIn, mails, type StoredMail, waitForMail } from './inbox.js';

/** A valid proposal, with any part replaced. */
export function aProposal(overrides: Partial<ProposalInput> = {}): ProposalInput {
  const unique = Math.random().toString(36).slice(2, 8);
  return {
    institution: { name: 'Universitas Sebelas Maret', type: 'university', pddiktiCode: '001002' },
    contact: { name: 'Dr. Rina Wulandari', email: `rina.${unique}@uns.example`, phone: '+62 271 646994' },
    title: `Digital public service training for ASN ${unique}`,
    summary: 'Pelatihan layanan publik digital bagi ASN Kota Surakarta.',
    scopes: ['research', 'internship', 'training'],
    startDate: '2027-02-01',
    durationMonths: 24,
    language: 'id',
    ...overrides,
  };
}

export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** Posts a form the way a browser does from one of our pages: same Origin, URL-encoded. */
export async function postForm(url: string, fields: Record<string, string | string[]>, headers: Record<string, string> = {}): Promise<Response> {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
  return fetch(url, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: new URL(url).origin, ...headers },
    body,
  });
}

/** The anti-forgery value of a page. */
export function proofIn(html: string): string {
  const match = /name="proof" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('No proof field on the page');
  return match[1]!;
}

/** The JSON tracking view behind a tracking page URL. */
export async function track(
  trackingUrl: string,
): Promise<{ status: string; round: number; history: { type: string; action?: string; by?: { name?: string }; comment?: string; level?: number }[] }> {
  const url = trackingUrl.replace('/track/', '/api/track/');
  const res = await fetch(url);
  if (res.status !== 200) throw new Error(`tracking answered ${res.status}`);
  return (await res.json()) as never;
}

/** Polls until `check` passes or the time is up. */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 150));
    }
  }
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The confirmation mail sent to `to` for the submission titled `title` (a proposal's title, an application's placement title; `''` for any). */
export function confirmationMail(sesUrl: string, to: string, title: string, options: { after?: number; timeoutMs?: number } = {}): Promise<StoredMail> {
  return waitForMail(sesUrl, to, new RegExp(`^\\[Sinergi\\] (Konfirmasi pengajuan|Confirm your submission): ${escapeRegExp(title)}`), options);
}

/**
 * Confirms a submission as its submitter does: opens the link in the confirmation mail to `to`,
 * ticks the box and presses the button. Answers the POST (a 303 to the tracking page).
 */
export async function confirmAs(sesUrl: string, to: string, title: string, options: { after?: number } = {}): Promise<Response> {
  const link = linkIn(await confirmationMail(sesUrl, to, title, options), 'confirm');
  const page = await fetch(link);
  expect(page.status, `GET ${link}`).toBe(200);
  return postForm(link, { proof: proofIn(await page.text()), submitter: 'yes' });
}

/** What a submission answers: 201 with its id and tracking link. */
export interface Submitted {
  id: string;
  status: string;
  trackingUrl: string;
}

/**
 * Submits a proposal through the JSON API and confirms it as its contact: what every test that
 * needs a proposal under review does. Answers the submission's answer.
 */
export async function submitProposalConfirmed(
  apiUrl: string,
  sesUrl: string,
  proposal: ProposalInput,
  headers: Record<string, string> = {},
): Promise<Submitted> {
  const res = await postJson(`${apiUrl}/api/proposals`, proposal, headers);
  expect(res.status, await res.clone().text()).toBe(201);
  const body = (await res.json()) as Submitted;
  expect((await confirmAs(sesUrl, proposal.contact.email, proposal.title)).status).toBe(303);
  return body;
}

/** Every confirmation link mailed to `to`, oldest first (one address may get several, one per submission). */
export async function confirmationLinks(sesUrl: string, to: string): Promise<string[]> {
  const confirmationSubject = /^\[Sinergi\] (Konfirmasi pengajuan|Confirm your submission): /;
  return (await mails(sesUrl)).filter((m) => m.destination.to.includes(to) && confirmationSubject.test(m.subject)).map((m) => linkIn(m, 'confirm'));
}

/** Opens a confirmation link, ticks the box and presses the button, as the submitter does. */
export async function confirmLink(link: string): Promise<Response> {
  const page = await fetch(link);
  expect(page.status, `GET ${link}`).toBe(200);
  return postForm(link, { proof: proofIn(await page.text()), submitter: 'yes' });
}
