import type { FieldIssue } from '../errors.js';
import { type Bilingual, isLanguage, type Language, languages } from '../i18n.js';
import { formatDate, formatDateTime } from '../time.js';
import { html, join, type SafeHtml, trusted } from './html.js';
import { type Fact, label, languageNames } from './labels.js';

/**
 * The pieces every server-rendered page is built from: texts in the reader's language, times,
 * fact lists, and form fields whose labels, hints and messages are tied to their controls.
 */

/** A text in the reader's language, as plain text: put into html`…`, it is escaped like any other. */
export const t = (text: Bilingual, lang: Language) => text[lang];

/**
 * One of the code's own texts written into the page unescaped, as markup. A few texts (a field's
 * label and hint, some headings and notes) have always gone into the pages this way, so that an
 * apostrophe in them stays `'`, and the pages keep their bytes. Only for the dictionaries the
 * code holds, never for a text made from what a person typed: that goes in through `t`.
 */
export const trustedText = (text: Bilingual, lang: Language): SafeHtml => trusted(text[lang]);

/** A time as people in Surakarta read it, with the exact instant for machines. */
export function time(iso: string, lang: Language): SafeHtml {
  return html`<time datetime="${iso}">${formatDateTime(iso, lang)}</time>`;
}

/** A calendar date (`YYYY-MM-DD`), written out, with the date itself for machines. */
export function calendarDate(isoDate: string, lang: Language): SafeHtml {
  return html`<time datetime="${isoDate}">${formatDate(isoDate, lang)}</time>`;
}

export function factList(facts: Fact[]): SafeHtml {
  const rows = facts.map((f) => html`<dt>${f.label}</dt><dd${f.multiline && html` class="prewrap"`}>${f.value}</dd>`);
  return html`<dl class="facts">${rows}</dl>`;
}

/** A status as a coloured badge; the status itself is the class the layout styles. */
export function badge(dictionary: Readonly<Record<string, Bilingual>>, status: string, lang: Language): SafeHtml {
  return html`<span class="badge ${status}">${label(dictionary, status, lang)}</span>`;
}

export function hiddenInput(name: string, value: string | undefined): SafeHtml {
  return html`<input type="hidden" name="${name}" value="${value}">`;
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

/**
 * The messages of each field by its exact name (`members[1].nip`), for a form of numbered rows,
 * whose fields look their own row's messages up (groupIssues would merge the rows').
 */
export function issuesByExactField(issues: readonly FieldIssue[] | undefined): Map<string, string[]> {
  const byField = new Map<string, string[]>();
  for (const { path, message } of issues ?? []) {
    const list = byField.get(path) ?? [];
    if (!list.includes(message)) list.push(message);
    byField.set(path, list);
  }
  return byField;
}

/** `members[1].nip` → `members.1.nip`: a row's field as the summary keys it, so each row keeps its own line (and `fieldId` is the same). */
export const rowFieldKey = (path: string) => path.replace(/\[(\d+)\]/g, '.$1');

export const fieldId = (name: string) => `f-${name.replace(/[^A-Za-z0-9]+/g, '-')}`;
export const errorId = (name: string) => `${fieldId(name)}-error`;

/**
 * The summary box. Messages for fields shown on the page link to them; the rest (the whole
 * body, a field the page has no input for) are listed as they are.
 */
export function issueSummary(issues: FieldIssue[] | undefined, fieldNames: Record<string, string>, lang: Language): SafeHtml {
  const grouped = groupIssues(issues);
  if (grouped.size === 0) return html``;
  const items: SafeHtml[] = [];
  for (const [key, messages] of grouped) {
    const name = fieldNames[key];
    for (const message of messages)
      items.push(name === undefined ? html`<li>${message}</li>` : html`<li><a href="#${fieldId(key)}">${name}</a>: ${message}</li>`);
  }
  return html`<div class="alert" role="alert" aria-labelledby="issues-title"><h2 id="issues-title">${t(issueText.summary, lang)}</h2><ul>${items}</ul></div>`;
}

export function errorLine(name: string, messages: string[] | undefined): SafeHtml {
  if (!messages?.length) return html``;
  return html`<p class="error" id="${errorId(name)}">${messages.join(' ')}</p>`;
}

/** `aria-invalid` and the ids that describe a control: its hint, then its message. */
export function describedBy(name: string, hasHint: boolean, invalid: boolean): SafeHtml {
  const ids = [hasHint ? `${fieldId(name)}-hint` : '', invalid ? errorId(name) : ''].filter(Boolean);
  return html`${invalid && html` aria-invalid="true"`}${ids.length > 0 && html` aria-describedby="${ids.join(' ')}"`}`;
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
  /** Label and hint are the code's own words, written into the page unescaped (`trustedText`). */
  label: Bilingual;
  required: boolean;
  hint?: Bilingual;
  /** Leaves out "(required)"/"(optional)", for a field whose need depends on the choice made. */
  unmarked?: boolean;
}

function marker(spec: FieldSpec, lang: Language): SafeHtml {
  if (spec.unmarked) return html``;
  return spec.required ? html` <span class="req">${t(markerText.required, lang)}</span>` : html` <span class="opt">${t(markerText.optional, lang)}</span>`;
}

/** Label, hint, message and control of one field, bound together by ids. */
export function field(ctx: FormContext, spec: FieldSpec, control: (attrs: SafeHtml) => SafeHtml): SafeHtml {
  const { lang } = ctx;
  const messages = ctx.issues.get(spec.name);
  const invalid = Boolean(messages?.length);
  const id = fieldId(spec.name);
  const attrs = html`id="${id}" name="${spec.name}"${spec.required && html` required`}${describedBy(spec.name, Boolean(spec.hint), invalid)}`;
  const hint = spec.hint && html`\n<p class="hint" id="${id}-hint">${trustedText(spec.hint, lang)}</p>`;
  const message = invalid && html`\n${errorLine(spec.name, messages)}`;
  return html`<div class="field${invalid ? ' invalid' : ''}">
<label for="${id}">${trustedText(spec.label, lang)}${marker(spec, lang)}</label>${hint}${message}
${control(attrs)}
</div>`;
}

/** `extra` is more attributes, as markup: html` maxlength="200"`. */
export function textInput(ctx: FormContext, spec: FieldSpec, type: string, extra: SafeHtml = html``): SafeHtml {
  return field(ctx, spec, (attrs) => html`<input type="${type}" ${attrs} value="${textAt(ctx.values, spec.name)}"${extra}>`);
}

export function textArea(ctx: FormContext, spec: FieldSpec, extra: SafeHtml = html``): SafeHtml {
  return field(ctx, spec, (attrs) => html`<textarea ${attrs}${extra}>${textAt(ctx.values, spec.name)}</textarea>`);
}

export interface Option {
  value: string;
  label: string;
  /** The option's own language, when it differs from the page's (a language's own name). */
  lang?: Language;
}

export function selectInput(ctx: FormContext, spec: FieldSpec, options: Option[], selected: string, placeholder?: string): SafeHtml {
  return field(ctx, spec, (attrs) => {
    const items = options.map(
      (o) => html`<option value="${o.value}"${o.lang && html` lang="${o.lang}"`}${o.value === selected && html` selected`}>${o.label}</option>`,
    );
    const empty = placeholder !== undefined && html`<option value=""${!options.some((o) => o.value === selected) && html` selected`}>${placeholder}</option>`;
    return html`<select ${attrs}>${empty}${items}</select>`;
  });
}

/** The language a person wants their emails in: what they chose before, else the page's. */
export function languageSelect(ctx: FormContext, spec: FieldSpec): SafeHtml {
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
export function choiceGroup(ctx: FormContext, spec: FieldSpec & { type: 'checkbox' | 'radio' }, options: Option[]): SafeHtml {
  const { lang, issues } = ctx;
  const { name } = spec;
  const messages = issues.get(name);
  const invalid = Boolean(messages?.length);
  const hasHint = Boolean(spec.hint);
  const chosen = valueAt(ctx.values, name);
  const checked = new Set(Array.isArray(chosen) ? chosen.filter((s): s is string => typeof s === 'string') : typeof chosen === 'string' ? [chosen] : []);
  const boxes = options.map((o) => {
    const id = `${fieldId(name)}-${o.value.replace(/[^A-Za-z0-9]+/g, '-')}`;
    return html`<label class="choice" for="${id}"><input type="${spec.type}" id="${id}" name="${name}" value="${o.value}"${checked.has(o.value) && html` checked`}${
      spec.type === 'radio' && spec.required && html` required`
    }${describedBy(name, hasHint, invalid)}> ${o.label}</label>`;
  });
  const hint = spec.hint && html`\n<p class="hint" id="${fieldId(name)}-hint">${trustedText(spec.hint, lang)}</p>`;
  return html`<div class="field${invalid ? ' invalid' : ''}"><fieldset id="${fieldId(name)}">
<legend>${trustedText(spec.label, lang)}${marker(spec, lang)}</legend>${hint}${errorLine(name, messages)}
${join(boxes, '\n')}
</fieldset></div>`;
}

// ---------------------------------------------------------------------------------------------
// The choice behind a decision link

/** The words every decision page uses for its choice and its one button. */
export const decisionChoiceText = {
  legend: { id: 'Apa keputusan Anda?', en: 'What is your decision?' },
  hint: { id: 'Pilih satu, lalu tekan “Kirim keputusan”.', en: 'Choose one, then press “Send decision”.' },
  send: { id: 'Kirim keputusan', en: 'Send decision' },
} satisfies Record<string, Bilingual>;

/**
 * The decision a link asks for, as radio buttons named `decision`: one per action the link
 * allows, none chosen by the page. Mail scanners open links and some press the first button
 * they find; with nothing chosen, that press sends no decision and is refused (400).
 */
export function decisionChoice(ctx: FormContext, options: Option[]): SafeHtml {
  return choiceGroup(ctx, { name: 'decision', label: decisionChoiceText.legend, required: true, hint: decisionChoiceText.hint, type: 'radio' }, options);
}

/** The one button of a decision page: it sends what was chosen, and is never a choice itself. */
export function sendDecisionButton(lang: Language): SafeHtml {
  return html`<div class="actions"><button type="submit">${t(decisionChoiceText.send, lang)}</button></div>`;
}
