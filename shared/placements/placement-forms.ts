import { formFieldsOf, setPath } from '../kernel/http/form.js';
import { systemClock } from '../kernel/time.js';
import { applicationInput, PlacementOffer } from './placement.schema.js';

/** What the offer form and the application form post (field names do not depend on the work units). */
export const offerFormFields = formFieldsOf(PlacementOffer);
export const applicationFormFields = formFieldsOf(applicationInput([], systemClock), ['submissionKey']);

/** Form fields → the JSON API's shape; whole numbers in `numbers` become numbers, so one schema judges both. */
function fromForm(fields: URLSearchParams, numbers: readonly string[], ignore: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of new Set(fields.keys())) {
    if (ignore.includes(name)) continue;
    let value: unknown = fields.get(name);
    if (numbers.includes(name) && typeof value === 'string') value = /^\d{1,6}$/.test(value.trim()) ? Number(value.trim()) : value === '' ? undefined : value;
    setPath(out, name.split('.'), value);
  }
  return out;
}

/** The offer form of the partner page, as the JSON API takes it. */
export const offerFromForm = (fields: URLSearchParams) => fromForm(fields, ['seats', 'jpHours'], []);

/** The application form, as the JSON API takes it. */
export const applicationFromForm = (fields: URLSearchParams) => fromForm(fields, [], ['submissionKey']);
