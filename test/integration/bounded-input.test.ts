import { describe, expect, inject, it } from 'vitest';
import { aProposal, postForm, postJson } from '../support/api.js';
import { itemsContaining } from '../support/table.js';

const apiUrl = inject('apiUrl');
const someToken = 'A'.repeat(43);

/** The field name that ran the form parser out of memory: thousands of dotted segments, about 20 KB. */
const deepName = Array.from({ length: 10_000 }, () => 'a').join('.');

/** Every route that reads a form, public or behind a link; none may look at its token before the body's fields. */
const formRoutes = [
  '/proposals',
  `/proposals/edit/${someToken}`,
  `/partners/${someToken}/placements`,
  '/placements/p-unknown/apply',
  `/decide/${someToken}`,
  `/reports/${someToken}`,
  `/track/${someToken}/withdraw`,
];

describe('bounded input on the local cloud', () => {
  it.each(formRoutes)('answers 400 to a field name of thousands of dotted segments on POST %s, and keeps serving', async (route) => {
    const res = await postForm(`${apiUrl}${route}`, { [deepName]: 'x', title: 'x' });

    expect(res.status).toBe(400);
    expect(await res.text()).toContain('Formulir ini tidak memiliki isian');
    expect((await fetch(`${apiUrl}/health`)).status).toBe(200);
  });

  it('answers 400 to a field the proposal form does not have, and stores nothing', async () => {
    const marker = `marker-${Math.random().toString(36).slice(2)}`;
    const p = aProposal({ title: `Judul ${marker}` });
    const fields = {
      'institution.name': p.institution.name,
      'institution.type': p.institution.type,
      'contact.name': p.contact.name,
      'contact.email': p.contact.email,
      title: p.title,
      summary: p.summary,
      scopes: p.scopes,
      startDate: p.startDate,
      durationMonths: String(p.durationMonths),
      language: 'en',
      'institution.admin': 'true',
    };

    const res = await postForm(`${apiUrl}/proposals?lang=en`, fields);

    expect(res.status).toBe(400);
    expect(await res.text()).toContain('This form has no field “institution.admin”.');
    expect(await itemsContaining(inject('dynamoEndpoint'), inject('tableName'), marker)).toEqual([]);
  });

  it('refuses a name with a right-to-left override in the JSON API, in the language asked for, and stores nothing', async () => {
    const marker = `marker-${Math.random().toString(36).slice(2)}`;
    const p = aProposal({ title: `Judul ${marker}`, language: 'en' });

    const res = await postJson(`${apiUrl}/api/proposals`, { ...p, contact: { ...p.contact, name: 'Rina \u202Efdp.exe' } });

    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: 'validation',
      issues: [{ path: 'contact.name', message: 'Must not contain control characters or text-direction overrides (such as U+202E).' }],
    });
    expect(await itemsContaining(inject('dynamoEndpoint'), inject('tableName'), marker)).toEqual([]);
  });
});
