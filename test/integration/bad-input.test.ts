import { describe, expect, inject, it } from 'vitest';
import { aProposal, confirmationLinks, postForm, postJson, track } from '../support/api.js';
import { itemsContaining } from '../support/table.js';

const apiUrl = inject('apiUrl');
const sesUrl = inject('sesUrl');

/** Each case carries a unique marker in its body, so the table can be searched for anything stored. */
function marked() {
  const marker = `marker-${Math.random().toString(36).slice(2)}`;
  return { marker, proposal: aProposal({ title: `Judul ${marker}` }) };
}

async function storedWith(marker: string) {
  return itemsContaining(inject('dynamoEndpoint'), inject('tableName'), marker);
}

describe('bad input to the proposal API', () => {
  const cases: [string, (p: ReturnType<typeof aProposal>) => { body: string; headers?: Record<string, string> }, number][] = [
    ['a wrong type', (p) => ({ body: JSON.stringify({ ...p, durationMonths: 'dua puluh' }) }), 400],
    ['a missing field', (p) => ({ body: JSON.stringify({ ...p, contact: { name: p.contact.name } }) }), 400],
    ['an unknown field', (p) => ({ body: JSON.stringify({ ...p, admin: true }) }), 400],
    ['an over-long summary', (p) => ({ body: JSON.stringify({ ...p, summary: 'x'.repeat(5001) }) }), 400],
    ['malformed JSON', (p) => ({ body: `${JSON.stringify(p).slice(0, -1)},` }), 400],
    ['a body over 256 KiB', (p) => ({ body: JSON.stringify({ ...p, summary: 'x'.repeat(300 * 1024) }) }), 413],
    ['a wrong content type', (p) => ({ body: JSON.stringify(p), headers: { 'content-type': 'text/plain' } }), 415],
    ['a start date in the past', (p) => ({ body: JSON.stringify({ ...p, startDate: '2020-01-01' }) }), 400],
  ];

  for (const [what, make, status] of cases)
    it(`answers ${status} to ${what} and stores nothing`, async () => {
      const { marker, proposal } = marked();
      const { body, headers } = make(proposal);
      const res = await postJson(`${apiUrl}/api/proposals`, body, headers);
      expect(res.status).toBe(status);
      const answer = (await res.json()) as { error: string; issues?: { path: string; message: string }[]; message?: string };
      expect(answer.error).toBeTruthy();
      if (status === 400) expect(answer.issues?.length).toBeGreaterThan(0);
      expect(JSON.stringify(answer)).not.toMatch(/at .*\.(ts|js|mjs):\d+/);
      expect(await storedWith(marker)).toEqual([]);
    });

  it('names each wrong field in the language of the proposal', async () => {
    const { proposal } = marked();
    const res = await postJson(`${apiUrl}/api/proposals`, { ...proposal, language: 'en', contact: { ...proposal.contact, email: 'nope' }, scopes: [] });
    expect(res.status).toBe(400);
    const { issues } = (await res.json()) as { issues: { path: string; message: string }[] };
    expect(issues).toEqual(
      expect.arrayContaining([
        { path: 'contact.email', message: 'Not a valid email address.' },
        { path: 'scopes', message: 'Choose at least 1.' },
      ]),
    );
  });

  it('names the choices of a wrong institution type by their labels, in the language of the proposal', async () => {
    const { proposal } = marked();
    const body = (language: 'id' | 'en') => ({ ...proposal, language, institution: { ...proposal.institution, type: 'school' } });

    const [id, en] = await Promise.all([postJson(`${apiUrl}/api/proposals`, body('id')), postJson(`${apiUrl}/api/proposals`, body('en'))]);

    expect([id.status, en.status]).toEqual([400, 400]);
    expect(((await id.json()) as { issues: unknown[] }).issues).toEqual([
      { path: 'institution.type', message: 'Harus salah satu dari: Universitas, Institut / sekolah tinggi, Lainnya.' },
    ]);
    expect(((await en.json()) as { issues: unknown[] }).issues).toEqual([
      { path: 'institution.type', message: 'Must be one of: University, Institute / college, Other.' },
    ]);
  });

  it('replays the first answer for a retried Idempotency-Key and refuses the key for another body', async () => {
    const { marker, proposal } = marked();
    const key = `retry-${marker}`;
    const first = await postJson(`${apiUrl}/api/proposals`, proposal, { 'idempotency-key': key });
    const second = await postJson(`${apiUrl}/api/proposals`, proposal, { 'idempotency-key': key });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    const answer = await first.json();
    expect(answer).toMatchObject({ status: 'UNCONFIRMED' });
    expect(await second.json()).toEqual(answer);
    const other = await postJson(`${apiUrl}/api/proposals`, { ...proposal, title: `${proposal.title} lain` }, { 'idempotency-key': key });
    expect(other.status).toBe(409);
    expect((await storedWith(marker)).filter((i) => String(i.pk).startsWith('PROPOSAL#') && i.sk === 'PROPOSAL')).toHaveLength(1);
    expect(await confirmationLinks(sesUrl, proposal.contact.email)).toHaveLength(1);
  });
});

describe('bad input to the proposal form', () => {
  it('shows the form again with 400, the values kept and a message beside the wrong field', async () => {
    const { marker } = marked();
    const res = await postForm(`${apiUrl}/proposals`, {
      'institution.name': `Universitas <Uji> ${marker}`,
      'institution.type': 'university',
      'contact.name': 'Rina',
      'contact.email': 'bukan-email',
      title: 'Judul',
      summary: 'Ringkasan',
      scopes: ['research'],
      startDate: '2027-02-01',
      durationMonths: '12',
      language: 'id',
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('Alamat email tidak valid.');
    expect(html).toContain(`Universitas &lt;Uji&gt; ${marker}`);
    expect(html).not.toContain('<Uji>');
    expect(await storedWith(marker)).toEqual([]);
  });

  it('redirects a valid form to the private tracking page', async () => {
    const res = await postForm(`${apiUrl}/proposals`, {
      'institution.name': 'Institut Teknologi Uji',
      'institution.type': 'institute',
      'contact.name': 'Budi',
      'contact.email': 'budi@itu.example',
      title: 'Riset layanan',
      summary: 'Ringkasan',
      scopes: ['research', 'training'],
      startDate: '2027-02-01',
      durationMonths: '12',
      language: 'en',
    });
    expect(res.status).toBe(303);
    const location = res.headers.get('location')!;
    expect(location).toMatch(/\/track\/[A-Za-z0-9_-]{43}$/);
    const page = await fetch(location);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Riset layanan');
    expect(html).toMatch(/confirm the proposal within a day|konfirmasi usulan dalam satu hari/);
    expect((await track(location)).status).toBe('UNCONFIRMED');
  });

  it('submits one proposal when the same form is sent twice (a double click)', async () => {
    const form = await (await fetch(`${apiUrl}/proposals/new`)).text();
    const submissionKey = /name="submissionKey" value="([^"]+)"/.exec(form)?.[1];
    expect(submissionKey).toBeTruthy();
    const { marker } = marked();
    const fields = {
      'institution.name': `Politeknik ${marker}`,
      'institution.type': 'institute',
      'contact.name': 'Sari',
      'contact.email': `sari.${marker}@poltek.example`,
      title: 'Magang layanan',
      summary: 'Ringkasan',
      scopes: ['internship'],
      startDate: '2027-03-01',
      durationMonths: '12',
      language: 'id',
      submissionKey: submissionKey!,
    };
    const [first, second] = await Promise.all([postForm(`${apiUrl}/proposals`, fields), postForm(`${apiUrl}/proposals`, fields)]);
    expect([first.status, second.status]).toEqual([303, 303]);
    expect(second.headers.get('location')).toBe(first.headers.get('location'));
    expect((await storedWith(marker)).filter((i) => String(i.pk).startsWith('PROPOSAL#') && i.sk === 'PROPOSAL')).toHaveLength(1);
    expect(await confirmationLinks(sesUrl, fields['contact.email'])).toHaveLength(1);
  });
});
