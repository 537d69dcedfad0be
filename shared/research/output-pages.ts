import type { Bilingual, Language } from '../kernel/i18n.js';
import { html, join, type SafeHtml } from '../kernel/pages/html.js';
import { errorLine, type FormContext, fieldId, hiddenInput, selectInput, t, textAt, textInput } from '../kernel/pages/page-kit.js';
import {
  ipStatuses,
  ipStatusLabels,
  ipTypeLabels,
  ipTypes,
  isOutputType,
  MAX_OUTPUTS,
  needsOutputs,
  type OutputRowField,
  type OutputType,
  outputDetails,
  outputField,
  outputFieldLabels,
  outputRowFields,
  outputRowsOf,
  outputTypeLabels,
  outputTypes,
  publicationStatuses,
  publicationStatusLabels,
  type ResearchOutput,
  rowFieldsOf,
  whereText,
  whereUrl,
} from './outputs.js';
import type { MilestoneKind } from './research.schema.js';

/**
 * The outputs on the pages: the rows of the lead's form (one kind to a row, a row added by its
 * kind's button, which posts the form back with everything typed), and an output list, read-only,
 * for the lead's earlier rounds, the reviewers and the coordinators.
 */

/** The button that adds an output row: its value is the row's kind. */
export const ADD_OUTPUT = 'more';

const text = {
  intro: {
    id: 'Cantumkan luaran penelitian: publikasi, ringkasan kebijakan, kekayaan intelektual, set data atau luaran lain. Tambahkan satu baris untuk setiap luaran dengan tombol jenisnya; kosongkan isian sebuah baris untuk menghapusnya.',
    en: 'List the outputs of the research: publications, policy briefs, intellectual property, datasets or other outputs. Add a row for each output with the button of its kind; empty a row’s fields to remove it.',
  },
  required: { id: 'Tahap luaran memerlukan sedikitnya satu luaran.', en: 'An output milestone needs at least one output.' },
  none: { id: 'Belum ada luaran yang dicantumkan.', en: 'No outputs listed yet.' },
  add: { id: 'Tambah', en: 'Add' },
  full: { id: `Sudah ${MAX_OUTPUTS} luaran, jumlah terbanyak untuk satu kiriman.`, en: `${MAX_OUTPUTS} outputs, the most one submission lists.` },
  choose: { id: 'Pilih…', en: 'Choose…' },
  linkHint: {
    id: 'DOI (misalnya 10.1234/abcd) atau alamat web (https://…). Wajib untuk publikasi yang sudah terbit.',
    en: 'A DOI (such as 10.1234/abcd) or a web address (https://…). Required for a published work.',
  },
  linkHintOptional: { id: 'DOI (misalnya 10.1234/abcd) atau alamat web (https://…).', en: 'A DOI (such as 10.1234/abcd) or a web address (https://…).' },
} satisfies Record<string, Bilingual>;

/** A row's or the list's own messages (a row's kind, the list as a whole), above its fields. */
const groupMessages = (ctx: FormContext, name: string, key: string) => errorLine(key, ctx.issues.get(name));

const statusChoices = (type: OutputType, lang: Language) =>
  type === 'publication'
    ? publicationStatuses.map((value) => ({ value, label: t(publicationStatusLabels[value], lang) }))
    : ipStatuses.map((value) => ({ value, label: t(ipStatusLabels[value], lang) }));

/** One row's field. Which fields a row has is its kind's (`rowFieldsOf`); the link is the only optional one. */
function rowField(ctx: FormContext, index: number, type: OutputType, name: OutputRowField): SafeHtml {
  const { lang } = ctx;
  const fieldName = outputField(index, name);
  const spec = { name: fieldName, label: outputFieldLabels[name], required: name !== 'link' };
  if (name === 'status') return selectInput(ctx, spec, statusChoices(type, lang), textAt(ctx.values, fieldName), t(text.choose, lang));
  if (name === 'ipType')
    return selectInput(
      ctx,
      spec,
      ipTypes.map((value) => ({ value, label: t(ipTypeLabels[value], lang) })),
      textAt(ctx.values, fieldName),
      t(text.choose, lang),
    );
  if (name === 'link')
    return textInput(ctx, { ...spec, hint: type === 'publication' ? text.linkHint : text.linkHintOptional }, 'text', html` maxlength="500" inputmode="url"`);
  return textInput(ctx, spec, 'text', html` maxlength="${name === 'number' ? 100 : 300}"`);
}

/**
 * The outputs' part of the lead's form for a final report or an output milestone: the rows
 * posted or kept in the draft (`ctx.values`), each with its kind's fields, and a button per kind
 * that adds a row while fewer than MAX_OUTPUTS are shown.
 */
export function outputRows(ctx: FormContext, kind: MilestoneKind): SafeHtml {
  const { lang } = ctx;
  const rows = outputRowsOf(ctx.values as Record<string, string>);
  const shown = rows.map((row, index) => ({ row, index })).filter(({ row }) => isOutputType(row.type));
  const fieldsets = shown.map(({ row, index }) => {
    const type = row.type as OutputType;
    return html`<fieldset class="box" id="${fieldId(`outputs.${index}`)}">
<legend>${t(outputFieldLabels.outputs, lang)} ${index + 1}: ${t(outputTypeLabels[type], lang)}</legend>${groupMessages(ctx, `outputs[${index}]`, `outputs.${index}`)}
${hiddenInput(outputField(index, 'type'), type)}
${join(
  rowFieldsOf[type].map((name) => rowField(ctx, index, type, name)),
  '\n',
)}
</fieldset>`;
  });
  const buttons =
    rows.length < MAX_OUTPUTS
      ? html`<div class="actions">${join(
          outputTypes.map(
            (type) =>
              html`<button type="submit" name="${ADD_OUTPUT}" value="${type}" style="background:#fff;color:#0b5cad;border-color:#0b5cad">${t(text.add, lang)}: ${t(outputTypeLabels[type], lang)}</button>`,
          ),
          '',
        )}</div>`
      : html`<p class="muted">${t(text.full, lang)}</p>`;
  return html`<div class="field${ctx.issues.has('outputs') ? ' invalid' : ''}" id="${fieldId('outputs')}">
<h3>${t(outputFieldLabels.outputs, lang)}</h3>
<p class="hint">${t(text.intro, lang)}${needsOutputs(kind) && html` ${t(text.required, lang)}`}</p>${groupMessages(ctx, 'outputs', 'outputs')}
${fieldsets.length ? join(fieldsets, '\n') : html`<p class="muted">${t(text.none, lang)}</p>`}
${buttons}
</div>`;
}

/** The outputs of a submission, read-only: kind, title, details, and a link to where it can be read. */
export function outputList(outputs: readonly ResearchOutput[] | undefined, lang: Language): SafeHtml {
  if (!outputs?.length) return html``;
  const items = outputs.map((output) => {
    const where = whereText(output);
    const url = whereUrl(output);
    const details = outputDetails(output, lang);
    return html`<li><strong>${t(outputTypeLabels[output.type], lang)}</strong>: ${output.title}${details.length > 0 && html` · ${details.join(' · ')}`}${
      where && url && html` · <a href="${url}" rel="noopener noreferrer nofollow">${where}</a>`
    }</li>`;
  });
  return html`<ol class="outputs">${join(items, '\n')}</ol>`;
}

/** The output fields by their keys in the summary of messages (`outputs.1.title`, page-kit's rowFieldKey), as it names them: "Luaran 2: Judul". */
export function outputFieldTitles(values: Record<string, string>, lang: Language): Record<string, string> {
  const names: Record<string, string> = { outputs: t(outputFieldLabels.outputs, lang) };
  outputRowsOf(values).forEach((_, index) => {
    const row = `${t(outputFieldLabels.outputs, lang)} ${index + 1}`;
    for (const name of outputRowFields) names[`outputs.${index}.${name}`] = `${row}: ${t(outputFieldLabels[name], lang)}`;
  });
  return names;
}
