import type { ProposalInput } from '../../shared/proposals/proposal.schema.js';

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
