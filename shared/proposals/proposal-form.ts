import { formFieldsOf, setPath } from '../kernel/http/form.js';
import { ProposalInput } from './proposal.schema.js';

/** What the proposal form posts, and the revision form (its page proof instead of a submission key). */
export const proposalFormFields = formFieldsOf(ProposalInput, ['submissionKey']);
export const revisionFormFields = formFieldsOf(ProposalInput, ['proof']);

/** Turns the fields of the proposal form into the shape of the JSON API, for one schema to judge. */
export function proposalFromForm(fields: URLSearchParams, ignore: readonly string[] = []): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const optional = new Set(['institution.pddiktiCode', 'contact.phone']);
  for (const name of new Set(fields.keys())) {
    if (ignore.includes(name)) continue;
    let value: unknown = name === 'scopes' ? fields.getAll(name) : fields.get(name);
    if (optional.has(name) && value === '') continue;
    if (name === 'durationMonths' && typeof value === 'string')
      value = /^\d{1,4}$/.test(value.trim()) ? Number(value.trim()) : value === '' ? undefined : value;
    setPath(out, name.split('.'), value);
  }
  if (!('scopes' in out)) out.scopes = [];
  return out;
}
