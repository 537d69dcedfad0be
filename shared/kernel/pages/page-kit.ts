import type { FieldIssue } from '../errors.js';
import { type Bilingual, isLanguage, type Language, languages } from '../i18n.js';
import { formatDate, formatDateTime } from '../time.js';
import { type Fact, label, languageNames } from './labels.js';
import { escapeHtml } from './layout.js';

/**
 * The pieces every server-rendered page is built from: texts in the reader's language, times,
 * fact lists, and form fields whose labels, hints and messages are tied to their controls.
 */

export const t = (text: Bilingual, lang: Language) => text[lang];

/** A time as people in Surakarta read it, with the exact instant for machines. */
export function time(iso: string, lang: Language): string {
  return `<time datetime="${escapeHtml(iso)}">${escapeHtml(formatDateTime(iso, lang))}</time>`;
}

/** A calendar date (`YYYY-MM-DD`), written out, with the date itself for machines. */
export function calendarDate(isoDate: string, lang: Language): string {
  return `<time datetime="${escapeHtml(isoDate)}">${escapeHtml(formatDate(isoDate, lang))}</time>`;
}

export function factList(facts: Fact[]): string {
  const rows = facts.map((f) => `<dt>${escapeHtml(f.label)}</dt><dd${f.multiline ? ' class="prewrap"' : ''}>${escapeHtml(f.value)}</dd>`);
  return `<dl class="facts">${rows.join('')}</dl>`;
}

/** A status as a coloured badge; the status itself is the class the layout styles. */
export function badge(dictionary: Readonly<Record<string, Bilingual>>, status: string, lang: Language): string {
  return `<span class="badge ${escapeHtml(status)}">${escapeHtml(label(dictionary, status, lang))}</span>`;
}

export function hiddenInput(name: string, value: unknown): string {
  return `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`;
}

/** Each field's label in one language, for the issue summary. */
export const localized = (fields: Record<string, Bilingual>, lang: Language) =>
  Object.fromEntries(Object.entries(fields).map(([name, text]) => [name, text[lang]]));

// ---------------------------------------------------------------------------------------------
// Field issues: one summary at the top, and each message beside its field.

export const markerText = {
  required: { id: '(wajib)', en: '(required)' },
  optional: { id: '(opsional)', en: '(optional)' },
} satisfies Record<string, Bilingual>;

const issueText = {
  summary: { id: 'Periksa kembali isian berikut', en: 'Please check the following' },
};

/** `scopes[1]` belongs to the scopes field; a message is shown once per field. */
function fieldKey(path: string): string {
  return path.replace(/\[\d+\]/g, '');
}

export function groupIssues(issues: FieldIssue[] | undefined): Map<string, string[]> {
  const byField = new Map<string, string[]>();
  for (const issue of issues ?? []) {
    const key = fieldKey(issue.path);
    const list = byField.get(key) ?? [];
    if (!list.includes(issue.message)) list.push(issue.message);
    byField.set(key, list);
  }
  return byField;
}

export const fieldId = (name: string) => `f-${name.replace(/[^A-Za-z0-9]+/g, '-')}`;
export const errorId = (name: string) => `${fieldId(name)}-error`;

/**
 * The summary box. Messages for fields shown on the page link to them; the rest (the whole
 * body, a field the page has no input for) are listed as they are.
 */
export function issueSummary(issues: FieldIssue[] | undefined, fieldNames: Record<string, string>, lang: Language): string {
  const grouped = groupIssues(issues);
  if (grouped.size === 0) return '';
  const items: string[] = [];
  for (const [key, messages] of grouped) {
    const name = fieldNames[key];
    for (const message of messages)
      items.push(
        name === undefined ? `<li>${escapeHtml(message)}</li>` : `<li><a href="#${fieldId(key)}">${escapeHtml(name)}</a>: ${escapeHtml(message)}</li>`,
      );
  }
  return `<div class="alert" role="alert" aria-labelledby="issues-title"><h2 id="issues-title">${t(issueText.summary, lang)}</h2><ul>${items.join('')}</ul></div>`;
}

export function errorLine(name: string, messages: string[] | undefined): string {
  if (!messages?.length) return '';
  return `<p class="error" id="${errorId(name)}">${messages.map(escapeHtml).join(' ')}</p>`;
}

/** `aria-invalid` and the ids that describe a control: its hint, then its message. */
export function describedBy(name: string, hasHint: boolean, invalid: boolean): string {
  const ids = [hasHint ? `${fieldId(name)}-hint` : '', invalid ? errorId(name) : ''].filter(Boolean);
  return `${invalid ? ' aria-invalid="true"' : ''}${ids.length ? ` aria-describedby="${ids.join(' ')}"` : ''}`;
}

// ---------------------------------------------------------------------------------------------
// Form fields

/**
 * Reads a value from input that may be partial or of the wrong shape: nested (`{ supervisor:
 * { email } }`, as the schemas read it) or still flat as the form sent it (`supervisor.email`).
 */
export function valueAt(values: unknown, path: string): unknown {
  if (values && typeof values === 'object' && !Array.isArray(values) && Object.hasOwn(values, path)) return (values as Record<string, unknown>)[path];
  let current = values;
  for (const key of path.split('.')) {
    if (!current || typeof current !== 'object' || Array.isArray(current) || !Object.hasOwn(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

export function textAt(values: unknown, path: string): string {
  const value = valueAt(values, path);
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return '';
}

/** What every field of one form shares: the language, what was typed, and what was wrong. */
export interface FormContext {
  lang: Language;
  values: unknown;
  issues: Map<string, string[]>;
}

export function formContext(lang: Language, values: unknown, issues: FieldIssue[] | undefined): FormContext {
  return { lang, values, issues: groupIssues(issues) };
}

export interface FieldSpec {
  name: string;
  label: Bilingual;
  required: boolean;
  hint?: Bilingual;
  /** Leaves out "(required)"/"(optional)", for a field whose need depends on the choice made. */
  unmarked?: boolean;
}

function marker(spec: FieldSpec, lang: Language): string {
  if (spec.unmarked) return '';
  return spec.required ? ` <span class="req">${t(markerText.required, lang)}</span>` : ` <span class="opt">${t(markerText.optional, lang)}</span>`;
}

/** Label, hint, message and control of one field, bound together by ids. */
export function field(ctx: FormContext, spec: FieldSpec, control: (attrs: string) => string): string {
  const { lang } = ctx;
  const messages = ctx.issues.get(spec.name);
  const invalid = Boolean(messages?.length);
  const id = fieldId(spec.name);
  const attrs = `id="${id}" name="${escapeHtml(spec.name)}"${spec.required ? ' required' : ''}${describedBy(spec.name, Boolean(spec.hint), invalid)}`;
  return [
    `<div class="field${invalid ? ' invalid' : ''}">`,
    `<label for="${id}">${t(spec.label, lang)}${marker(spec, lang)}</label>`,
    spec.hint ? `<p class="hint" id="${id}-hint">${t(spec.hint, lang)}</p>` : '',
    errorLine(spec.name, messages),
    control(attrs),
    '</div>',
  ]
    .filter(Boolean)
    .join('\n');
}

export function textInput(ctx: FormContext, spec: FieldSpec, type: string, extra = ''): string {
  return field(ctx, spec, (attrs) => `<input type="${type}" ${attrs} value="${escapeHtml(textAt(ctx.values, spec.name))}"${extra}>`);
}

export function textArea(ctx: FormContext, spec: FieldSpec, extra = ''): string {
  return field(ctx, spec, (attrs) => `<textarea ${attrs}${extra}>${escapeHtml(textAt(ctx.values, spec.name))}</textarea>`);
}

export interface Option {
  value: string;
  label: string;
  /** The option's own language, when it differs from the page's (a language's own name). */
  lang?: Language;
}

export function selectInput(ctx: FormContext, spec: FieldSpec, options: Option[], selected: string, placeholder?: string): string {
  return field(ctx, spec, (attrs) => {
    const items = options.map(
      (o) =>
        `<option value="${escapeHtml(o.value)}"${o.lang ? ` lang="${o.lang}"` : ''}${o.value === selected ? ' selected' : ''}>${escapeHtml(o.label)}</option>`,
    );
    const empty =
      placeholder === undefined ? '' : `<option value=""${options.some((o) => o.value === selected) ? '' : ' selected'}>${escapeHtml(placeholder)}</option>`;
    return `<select ${attrs}>${empty}${items.join('')}</select>`;
  });
}

/** The language a person wants their emails in: what they chose before, else the page's. */
export function languageSelect(ctx: FormContext, spec: FieldSpec): string {
  const chosen = textAt(ctx.values, spec.name);
  return selectInput(
    ctx,
    spec,
    languages.map((code) => ({ value: code, label: languageNames[code], lang: code })),
    isLanguage(chosen) ? chosen : ctx.lang,
  );
}

/**
 * Checkboxes or radio buttons: a group with one legend, its hint and message tied to every
 * choice. A checkbox group's value may arrive as one string or as a list.
 */
export function choiceGroup(ctx: FormContext, spec: FieldSpec & { type: 'checkbox' | 'radio' }, options: Option[]): string {
  const { lang, issues } = ctx;
  const { name } = spec;
  const messages = issues.get(name);
  const invalid = Boolean(messages?.length);
  const hasHint = Boolean(spec.hint);
  const chosen = valueAt(ctx.values, name);
  const checked = new Set(Array.isArray(chosen) ? chosen.filter((s): s is string => typeof s === 'string') : typeof chosen === 'string' ? [chosen] : []);
  const boxes = options.map((o) => {
    const id = `${fieldId(name)}-${o.value.replace(/[^A-Za-z0-9]+/g, '-')}`;
    return `<label class="choice" for="${id}"><input type="${spec.type}" id="${id}" name="${escapeHtml(name)}" value="${escapeHtml(o.value)}"${checked.has(o.value) ? ' checked' : ''}${
      spec.type === 'radio' && spec.required ? ' required' : ''
    }${describedBy(name, hasHint, invalid)}> ${escapeHtml(o.label)}</label>`;
  });
  const hint = spec.hint ? `\n<p class="hint" id="${fieldId(name)}-hint">${t(spec.hint, lang)}</p>` : '';
  return `<div class="field${invalid ? ' invalid' : ''}"><fieldset id="${fieldId(name)}">
<legend>${t(spec.label, lang)}${marker(spec, lang)}</legend>${hint}${errorLine(name, messages)}
${boxes.join('\n')}
</fieldset></div>`;
}
