import * as z from 'zod/mini';
import { type FieldIssue, ValidationError } from './errors.js';
import type { Bilingual, Language } from './i18n.js';

type Issue = z.core.$ZodIssue;

/**
 * Characters that must not reach a page, a mail or a spreadsheet from what a person typed:
 * control characters (a line of text has none; a longer text keeps tabs and line breaks) and
 * the bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069) that make text read
 * differently from how it is stored.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const hiddenInLine = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const hiddenInText = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/** Refuses hidden characters in what a person typed (see above), with a message in both languages. */
export const noHiddenCharacters = (form: 'line' | 'multiline' = 'line') =>
  z.refine<string>(
    (value) => !(form === 'line' ? hiddenInLine : hiddenInText).test(value),
    bilingual(
      'Tidak boleh berisi karakter kendali atau karakter pengatur arah teks (seperti U+202E).',
      'Must not contain control characters or text-direction overrides (such as U+202E).',
    ),
  );

/** Text a person types: trimmed, not empty, bounded, with no hidden characters; `multiline` keeps line breaks and tabs. */
export const text = (max: number, form: 'line' | 'multiline' = 'line') =>
  z.string().check(z.trim(), z.minLength(1), z.maxLength(max), noHiddenCharacters(form));

function describeType(expected: string, lang: Language): string {
  const names: Record<string, [string, string]> = {
    string: ['teks', 'text'],
    number: ['angka', 'a number'],
    int: ['bilangan bulat', 'a whole number'],
    array: ['daftar', 'a list'],
    object: ['objek', 'an object'],
    boolean: ['benar/salah', 'true or false'],
  };
  const pair = names[expected];
  return pair ? pair[lang === 'id' ? 0 : 1] : expected;
}

/** Turns one zod issue into a sentence a person can act on, in their language. */
export function issueMessage(issue: Issue, lang: Language): string {
  const id = lang === 'id';
  switch (issue.code) {
    case 'invalid_type':
      if ('input' in issue && issue.input === undefined) return id ? 'Wajib diisi.' : 'This field is required.';
      return id ? `Harus berupa ${describeType(issue.expected, lang)}.` : `Must be ${describeType(issue.expected, lang)}.`;
    case 'too_small':
      if (issue.origin === 'string')
        return Number(issue.minimum) <= 1
          ? id
            ? 'Wajib diisi.'
            : 'This field is required.'
          : id
            ? `Minimal ${issue.minimum} karakter.`
            : `At least ${issue.minimum} characters.`;
      if (issue.origin === 'array') return id ? `Pilih minimal ${issue.minimum}.` : `Choose at least ${issue.minimum}.`;
      return id ? `Minimal ${issue.minimum}.` : `Must be at least ${issue.minimum}.`;
    case 'too_big':
      if (issue.origin === 'string') return id ? `Maksimal ${issue.maximum} karakter.` : `At most ${issue.maximum} characters.`;
      if (issue.origin === 'array') return id ? `Maksimal ${issue.maximum} pilihan.` : `At most ${issue.maximum} choices.`;
      return id ? `Maksimal ${issue.maximum}.` : `Must be at most ${issue.maximum}.`;
    case 'invalid_format':
      if (issue.format === 'email') return id ? 'Alamat email tidak valid.' : 'Not a valid email address.';
      if (issue.format === 'date') return id ? 'Tanggal harus berformat TTTT-BB-HH dan nyata.' : 'Must be a real date as YYYY-MM-DD.';
      return issue.message.includes('\u0000') ? pickBilingual(issue.message, lang) : id ? 'Format tidak valid.' : 'Invalid format.';
    case 'invalid_value':
      if ('input' in issue && issue.input === undefined) return id ? 'Wajib diisi.' : 'This field is required.';
      // A choice declared with its labels (`choiceOf`) names them; any other enum, its values.
      if (issue.message.includes('\u0000')) return pickBilingual(issue.message, lang);
      return pickBilingual(oneOf(issue.values.map((value) => ({ id: String(value), en: String(value) }))), lang);
    case 'unrecognized_keys':
      return id ? `Kolom tidak dikenal: ${issue.keys.join(', ')}.` : `Unknown field(s): ${issue.keys.join(', ')}.`;
    case 'custom':
      return pickBilingual(issue.message, lang);
    default:
      return id ? 'Nilai tidak valid.' : 'Invalid value.';
  }
}

/** Stands for "the input was not given", which is not the same as an undefined input. */
const unknownInput = Symbol('unknown input');

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/** `['contact', 'email']` → `contact.email`; list positions as `scopes[1]`. */
export function issuePath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)), '');
}

/**
 * Localized field issues for every problem zod found: one per path and message, and only the
 * type problem where a value has the wrong type (its length checks would say nothing useful).
 * zod leaves the input out of its issues, so `input` tells a missing field from a wrong one.
 */
export function toFieldIssues(issues: readonly Issue[], lang: Language, input: unknown = unknownInput): FieldIssue[] {
  const seen = new Set<string>();
  const out: FieldIssue[] = [];
  const wrongType = new Set(issues.filter((i) => i.code === 'invalid_type').map((i) => issuePath(i.path)));
  for (const raw of issues) {
    if (raw.code !== 'invalid_type' && wrongType.has(issuePath(raw.path))) continue;
    const issue = (raw.code === 'invalid_type' || raw.code === 'invalid_value') && input !== unknownInput ? { ...raw, input: valueAt(input, raw.path) } : raw;
    const entry = { path: issuePath(issue.path), message: issueMessage(issue, lang) };
    const key = `${entry.path}\u0000${entry.message}`;
    if (!seen.has(key)) out.push(entry), seen.add(key);
  }
  return out;
}

/** Parses with a schema or throws a ValidationError in the reader's language. */
export function parseOrThrow<T extends z.ZodMiniType>(schema: T, input: unknown, lang: Language): z.output<T> {
  const result = schema.safeParse(input);
  if (!result.success) throw new ValidationError(toFieldIssues(result.error.issues, lang, input), lang);
  return result.data;
}

/** How a form names each choice of an enum, in both languages. */
export type ChoiceLabels<T extends string> = Readonly<Record<T, Bilingual>>;

/**
 * An enum whose message, when the value is none of its choices, lists them by the labels the
 * forms show, in the reader's language, rather than by the values a program sends. Declare it
 * where the schema is defined, with the labels of the workflow the schema belongs to.
 */
export function choiceOf<const T extends readonly string[]>(values: T, labels: ChoiceLabels<T[number]>) {
  return z.enum(values, oneOf(values.map((value: T[number]) => labels[value])));
}

/** "Harus salah satu dari: …" in both languages. */
function oneOf(choices: readonly Bilingual[]): string {
  return bilingual(`Harus salah satu dari: ${choices.map((c) => c.id).join(', ')}.`, `Must be one of: ${choices.map((c) => c.en).join(', ')}.`);
}

/**
 * A message for a custom check in both languages. Schemas are built once, before anyone's
 * language is known, so both texts travel together and the reader's is picked when shown.
 */
export function bilingual(id: string, en: string): string {
  return `${id}\u0000${en}`;
}

function pickBilingual(message: string, lang: Language): string {
  const [id, en] = message.split('\u0000');
  return (lang === 'en' ? en : id) ?? message;
}
