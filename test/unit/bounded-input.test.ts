import { describe, expect, it } from 'vitest';
import { type FieldIssue, ValidationError } from '../../shared/kernel/errors.js';
import { anyFormOf, checkFormFields, type FormFields, formFieldsOf, MAX_FORM_ENTRIES, setPath } from '../../shared/kernel/http/form.js';
import { type HttpRequest, readForm } from '../../shared/kernel/http/http.js';
import type { Language } from '../../shared/kernel/i18n.js';
import { toFieldIssues } from '../../shared/kernel/validation.js';
import { applicationFormFields, offerFormFields } from '../../shared/placements/placement-forms.js';
import { stepFormFields, withdrawFormFields } from '../../shared/placements/step-links.js';
import { decisionFormFields } from '../../shared/proposals/decisions.js';
import { ProposalInput } from '../../shared/proposals/proposal.schema.js';
import { proposalFormFields, revisionFormFields } from '../../shared/proposals/proposal-form.js';
import { aProposal } from '../support/api.js';
import { thrownBy } from '../support/fixtures.js';

const formRequest = (body: string): HttpRequest => ({
  requestId: 'r-1',
  method: 'POST',
  path: '/proposals',
  pathParams: {},
  query: {},
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body,
});

/** The field name that ran the form parser out of memory: thousands of dotted segments, about 20 KB. */
const deepName = Array.from({ length: 10_000 }, () => 'a').join('.');

const messageOf = (error: unknown) => (error as ValidationError).issues.map((i) => i.message).join(' ');

/** `count` values of the proposal form's list of scopes, a body no other check refuses. */
const entries = (count: number) => new URLSearchParams(Array.from({ length: count }, (): [string, string] => ['scopes', 'research']));

/** A form of the proposal's fields that posts at most `maxEntries` entries. */
const listForm = (maxEntries: number): FormFields => ({ ...proposalFormFields, maxEntries });

describe('form bodies are read against the form they belong to', () => {
  it('refuses a field name of thousands of dotted segments with a 400, before building anything, on every form', () => {
    for (const form of [
      proposalFormFields,
      revisionFormFields,
      offerFormFields,
      applicationFormFields,
      stepFormFields,
      decisionFormFields,
      withdrawFormFields,
    ]) {
      const error = thrownBy(() => readForm(formRequest(`${deepName}=x&title=T`), 'id', form));

      expect(error).toBeInstanceOf(ValidationError);
      expect(messageOf(error)).toContain('Formulir ini tidak memiliki isian “a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.…”');
    }
  });

  it('names the unknown field in the reader’s language, shortened and with only printable characters', () => {
    const error = thrownBy(() => checkFormFields(new URLSearchParams('title=T&evil%0Aname%E2%80%AE=x'), proposalFormFields, 'en'));

    expect(messageOf(error)).toBe('This form has no field “evil?name?”.');
  });

  it(`refuses more than ${MAX_FORM_ENTRIES} entries on a form without a limit of its own, even of a list the form has`, () => {
    expect(proposalFormFields.maxEntries).toBeUndefined();
    expect(() => checkFormFields(entries(MAX_FORM_ENTRIES), proposalFormFields, 'id')).not.toThrow();
    expect(messageOf(thrownBy(() => checkFormFields(entries(MAX_FORM_ENTRIES + 1), proposalFormFields, 'id')))).toBe(
      'Formulir ini berisi lebih dari 64 isian.',
    );
    expect(messageOf(thrownBy(() => checkFormFields(entries(MAX_FORM_ENTRIES + 1), proposalFormFields, 'en')))).toBe('This form has more than 64 entries.');
  });

  it('refuses one entry more than a form’s own limit, and accepts exactly its limit, above or below the default', () => {
    const few = listForm(3);
    const many = listForm(100);

    expect(() => checkFormFields(entries(3), few, 'en')).not.toThrow();
    expect(messageOf(thrownBy(() => checkFormFields(entries(4), few, 'en')))).toBe('This form has more than 3 entries.');
    expect(messageOf(thrownBy(() => checkFormFields(entries(4), few, 'id')))).toBe('Formulir ini berisi lebih dari 3 isian.');
    expect(() => checkFormFields(entries(100), many, 'en')).not.toThrow();
    expect(messageOf(thrownBy(() => checkFormFields(entries(101), many, 'en')))).toBe('This form has more than 100 entries.');
  });

  it('takes the largest limit of the forms a route serves, the default counting for a form without one', () => {
    const withDefault = anyFormOf(listForm(3), proposalFormFields);
    const withMany = anyFormOf(listForm(3), listForm(100), proposalFormFields);
    const fewOnly = anyFormOf(listForm(3), listForm(5));

    expect(() => checkFormFields(entries(MAX_FORM_ENTRIES), withDefault, 'en')).not.toThrow();
    expect(messageOf(thrownBy(() => checkFormFields(entries(MAX_FORM_ENTRIES + 1), withDefault, 'en')))).toBe('This form has more than 64 entries.');
    expect(() => checkFormFields(entries(100), withMany, 'en')).not.toThrow();
    expect(messageOf(thrownBy(() => checkFormFields(entries(101), withMany, 'en')))).toBe('This form has more than 100 entries.');
    expect(() => checkFormFields(entries(5), fewOnly, 'en')).not.toThrow();
    expect(messageOf(thrownBy(() => checkFormFields(entries(6), fewOnly, 'en')))).toBe('This form has more than 5 entries.');
    expect(withMany.names).toEqual(proposalFormFields.names);
  });

  it('refuses a field given twice unless it is a list', () => {
    expect(messageOf(thrownBy(() => checkFormFields(new URLSearchParams('title=A&title=B'), proposalFormFields, 'en')))).toBe(
      'The field “title” was sent more than once.',
    );
    expect(() => checkFormFields(new URLSearchParams('scopes=research&scopes=training'), proposalFormFields, 'en')).not.toThrow();
  });

  it('accepts exactly the fields each form shows, derived from the schema its answers are judged by', () => {
    expect([...proposalFormFields.names].sort()).toEqual(
      [
        'contact.email',
        'contact.name',
        'contact.phone',
        'durationMonths',
        'institution.name',
        'institution.pddiktiCode',
        'institution.type',
        'language',
        'scopes',
        'startDate',
        'submissionKey',
        'summary',
        'title',
      ].sort(),
    );
    expect([...proposalFormFields.lists]).toEqual(['scopes']);
    expect([...applicationFormFields.names]).toContain('supervisor.email');
    expect([...stepFormFields.names].sort()).toEqual(['activities', 'comment', 'decision', 'hours', 'proof']);
    expect([...withdrawFormFields.names]).toEqual(['proof']);
    expect(formFieldsOf(ProposalInput).names.has('submissionKey')).toBe(false);
  });

  it('sets a deep path without recursion, and never on a prototype', () => {
    const target: Record<string, unknown> = {};

    setPath(target, deepName.split('.'), 'x');
    setPath(target, ['__proto__', 'polluted'], 'yes');

    expect(target.a).toBeTypeOf('object');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('free text refuses hidden characters', () => {
  const issuesFor = (body: unknown, lang: Language): FieldIssue[] => {
    const result = ProposalInput.safeParse(body);
    if (result.success) throw new Error('expected the body to be refused');
    return toFieldIssues(result.error.issues, lang, body);
  };

  it.each([
    ['a right-to-left override', 'Dr. Rina \u202Efdp.exe'],
    ['a left-to-right isolate', 'Rina \u2066Wulandari'],
    ['a null character', 'Rina\u0000'],
    ['a line break in a name', 'Rina\nWulandari'],
    ['an escape character', 'Rina\u001b[31m'],
  ])('refuses %s in a name, saying so in Indonesian and English', (_what, name) => {
    const body = { ...aProposal(), contact: { ...aProposal().contact, name } };

    expect(issuesFor(body, 'id')).toEqual([
      { path: 'contact.name', message: 'Tidak boleh berisi karakter kendali atau karakter pengatur arah teks (seperti U+202E).' },
    ]);
    expect(issuesFor(body, 'en')).toEqual([
      { path: 'contact.name', message: 'Must not contain control characters or text-direction overrides (such as U+202E).' },
    ]);
  });

  it('keeps line breaks and tabs in longer text, and refuses an override there too', () => {
    expect(ProposalInput.safeParse({ ...aProposal(), summary: 'Baris satu\r\nBaris dua\tdengan tab' }).success).toBe(true);
    expect(issuesFor({ ...aProposal(), summary: 'Ringkasan \u202Dterbalik' }, 'en').map((i) => i.path)).toEqual(['summary']);
  });
});
