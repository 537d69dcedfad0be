import { describe, expect, it } from 'vitest';
import { ProposalInput } from '../../shared/proposals/proposal.schema.js';
import { proposalFromForm } from '../../shared/proposals/proposal-form.js';
import { aProposal } from '../support/api.js';

/** The fields a browser sends for the proposal form, with any replaced or added. */
function formFields(overrides: Record<string, string | string[]> = {}): URLSearchParams {
  const fields: Record<string, string | string[]> = {
    'institution.name': 'Universitas Sebelas Maret',
    'institution.type': 'university',
    'institution.pddiktiCode': '001002',
    'contact.name': 'Dr. Rina Wulandari',
    'contact.email': 'rina@uns.example',
    'contact.phone': '+62 271 646994',
    title: 'Pelatihan layanan publik digital',
    summary: 'Pelatihan bagi ASN Kota Surakarta.',
    scopes: ['research', 'training'],
    startDate: '2027-02-01',
    durationMonths: '24',
    language: 'id',
    ...overrides,
  };
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) for (const one of Array.isArray(value) ? value : [value]) params.append(name, one);
  return params;
}

describe('proposalFromForm', () => {
  it('builds nested objects from dotted field names', () => {
    // Arrange
    const fields = formFields();

    // Act
    const body = proposalFromForm(fields);

    // Assert
    expect(body.institution).toEqual({ name: 'Universitas Sebelas Maret', type: 'university', pddiktiCode: '001002' });
    expect(body.contact).toEqual({ name: 'Dr. Rina Wulandari', email: 'rina@uns.example', phone: '+62 271 646994' });
  });

  it('keeps every checked scope, in order', () => {
    const body = proposalFromForm(formFields({ scopes: ['research', 'internship', 'training'] }));

    expect(body.scopes).toEqual(['research', 'internship', 'training']);
  });

  it('keeps a single checked scope as a list', () => {
    const body = proposalFromForm(formFields({ scopes: 'internship' }));

    expect(body.scopes).toEqual(['internship']);
  });

  it('gives an empty list of scopes when none is checked', () => {
    const fields = formFields();
    fields.delete('scopes');

    const body = proposalFromForm(fields);

    expect(body.scopes).toEqual([]);
  });

  it('drops the optional PDDikti code and phone when left empty', () => {
    const body = proposalFromForm(formFields({ 'institution.pddiktiCode': '', 'contact.phone': '' }));

    expect(body.institution).not.toHaveProperty('pddiktiCode');
    expect(body.contact).not.toHaveProperty('phone');
  });

  it('keeps an empty required field, so the schema can say it is required', () => {
    const body = proposalFromForm(formFields({ title: '' }));

    expect(body.title).toBe('');
  });

  it('turns durationMonths into a number when it is made of digits', () => {
    expect(proposalFromForm(formFields({ durationMonths: '36' })).durationMonths).toBe(36);
    expect(proposalFromForm(formFields({ durationMonths: ' 12 ' })).durationMonths).toBe(12);
  });

  it.each(['2.5', '-3', '12 bulan', '12345'])('leaves durationMonths %j as text for the schema to refuse', (value) => {
    const body = proposalFromForm(formFields({ durationMonths: value }));

    expect(body.durationMonths).toBe(value);
    expect(ProposalInput.safeParse(body).success).toBe(false);
  });

  it('treats an empty durationMonths as not given', () => {
    const body = proposalFromForm(formFields({ durationMonths: '' }));

    expect(body.durationMonths).toBeUndefined();
  });

  it('leaves out the fields it is told to ignore', () => {
    const fields = formFields({ proof: 'abc.def', lang: 'en' });

    const body = proposalFromForm(fields, ['proof', 'lang']);

    expect(body).not.toHaveProperty('proof');
    expect(body).not.toHaveProperty('lang');
    expect(body.title).toBe('Pelatihan layanan publik digital');
  });

  it('passes other unknown fields through, for the schema to refuse', () => {
    const body = proposalFromForm(formFields({ budget: '1000' }));

    expect(body.budget).toBe('1000');
    expect(ProposalInput.safeParse(body).success).toBe(false);
  });

  it.each(['__proto__.polluted', 'contact.__proto__.polluted', 'constructor.prototype.polluted', '__proto__'])(
    'ignores the field %j instead of polluting prototypes',
    (name) => {
      const fields = formFields();
      fields.append(name, 'yes');

      const body = proposalFromForm(fields);

      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(Object.prototype).not.toHaveProperty('polluted');
      expect(Object.getPrototypeOf(body)).toBe(Object.prototype);
      expect(Object.getPrototypeOf(body.contact)).toBe(Object.prototype);
      expect((body.contact as Record<string, unknown>).polluted).toBeUndefined();
    },
  );

  it('decodes a valid submission into a body ProposalInput accepts unchanged', () => {
    const expected = aProposal({ scopes: ['research', 'training'] });
    const fields = formFields({
      'contact.email': expected.contact.email,
      title: expected.title,
      summary: expected.summary,
      scopes: expected.scopes,
      startDate: expected.startDate,
      durationMonths: String(expected.durationMonths),
      'contact.name': expected.contact.name,
      'contact.phone': expected.contact.phone!,
      'institution.pddiktiCode': expected.institution.pddiktiCode!,
    });

    const result = ProposalInput.safeParse(proposalFromForm(fields));

    expect(result.success).toBe(true);
    expect(result.data).toEqual(expected);
  });
});
