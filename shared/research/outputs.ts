import type { Bilingual, Language } from '../kernel/i18n.js';
import type { Fact } from '../kernel/pages/labels.js';
import type { MilestoneKind } from './research.schema.js';
import { say } from './research-words.js';

/**
 * The outputs (luaran) a final report or an output milestone lists: publications, policy briefs,
 * intellectual property, datasets and others, each typed with the facts a funder asks for. The
 * lead's page sends them as numbered rows (`outputs[0].title`), one kind to a row, the row's
 * kind fixed when the row was added; output-rules.ts reads the rows into records. Types and
 * words only, no schema and no markup: the mails and the review pages bundle this module (the
 * form's rows and the lists on pages are output-pages.ts).
 */

/** The kinds of output, in the order the page offers them. */
export const outputTypes = ['publication', 'policyBrief', 'intellectualProperty', 'dataset', 'other'] as const;
export type OutputType = (typeof outputTypes)[number];

export const outputTypeLabels: Record<OutputType, Bilingual> = {
  publication: { id: 'Publikasi ilmiah', en: 'Publication' },
  policyBrief: { id: 'Ringkasan kebijakan (policy brief)', en: 'Policy brief' },
  intellectualProperty: { id: 'Kekayaan intelektual (KI)', en: 'Intellectual property' },
  dataset: { id: 'Set data', en: 'Dataset' },
  other: { id: 'Luaran lain', en: 'Other output' },
};

/** Where a publication stands. */
export const publicationStatuses = ['submitted', 'accepted', 'published'] as const;
export type PublicationStatus = (typeof publicationStatuses)[number];
export const publicationStatusLabels: Record<PublicationStatus, Bilingual> = {
  submitted: { id: 'Dikirim ke penerbit (submitted)', en: 'Submitted' },
  accepted: { id: 'Diterima (accepted)', en: 'Accepted' },
  published: { id: 'Terbit (published)', en: 'Published' },
};

/** The kinds of intellectual property the Indonesian registers (DJKI) keep. */
export const ipTypes = ['copyright', 'patent', 'simplePatent', 'trademark', 'industrialDesign'] as const;
export type IpType = (typeof ipTypes)[number];
export const ipTypeLabels: Record<IpType, Bilingual> = {
  copyright: { id: 'Hak cipta', en: 'Copyright' },
  patent: { id: 'Paten', en: 'Patent' },
  simplePatent: { id: 'Paten sederhana', en: 'Simple patent' },
  trademark: { id: 'Merek', en: 'Trademark' },
  industrialDesign: { id: 'Desain industri', en: 'Industrial design' },
};

/** Where an intellectual property stands at the register. */
export const ipStatuses = ['filed', 'registered', 'granted'] as const;
export type IpStatus = (typeof ipStatuses)[number];
export const ipStatusLabels: Record<IpStatus, Bilingual> = {
  filed: { id: 'Diajukan (dalam permohonan)', en: 'Filed' },
  registered: { id: 'Tercatat / terdaftar', en: 'Registered' },
  granted: { id: 'Diberikan (granted)', en: 'Granted' },
};

/** Where an output can be read: a DOI, or a web address. */
export type Where = { doi?: string; url?: string };

/** One output as a submission keeps it. */
export type ResearchOutput =
  | ({ type: 'publication'; title: string; venue: string; status: PublicationStatus } & Where)
  | ({ type: 'policyBrief'; title: string } & Where)
  | { type: 'intellectualProperty'; title: string; ipType: IpType; number: string; status: IpStatus }
  | ({ type: 'dataset'; title: string } & Where)
  | ({ type: 'other'; title: string } & Where);

/** A submission lists at most this many outputs. */
export const MAX_OUTPUTS = 10;

/** Which milestones list outputs: the final report and an output milestone. */
export const takesOutputs = (kind: MilestoneKind) => kind === 'final' || kind === 'output';

/** An output milestone is its outputs: it cannot be sent without one (a final report may have none yet). */
export const needsOutputs = (kind: MilestoneKind) => kind === 'output';

/** The fields of an output row, as the form names them after `outputs[i].`. */
export const outputRowFields = ['type', 'title', 'venue', 'link', 'status', 'ipType', 'number'] as const;
export type OutputRowField = (typeof outputRowFields)[number];

/** An output row as typed: what a draft keeps and a refused form shows again. */
export type OutputRow = Partial<Record<OutputRowField, string>>;

/** The fields each kind's row has, besides its kind. */
export const rowFieldsOf: Record<OutputType, readonly OutputRowField[]> = {
  publication: ['title', 'venue', 'link', 'status'],
  policyBrief: ['title', 'link'],
  intellectualProperty: ['title', 'ipType', 'number', 'status'],
  dataset: ['title', 'link'],
  other: ['title', 'link'],
};

/** An output row's field by its name in the form: `outputs[2].venue`. */
export const outputField = (index: number, name: OutputRowField) => `outputs[${index}].${name}`;

/** Every name an output row may post, for the form's fields. */
export const outputFieldNames = Array.from({ length: MAX_OUTPUTS }, (_, i) => outputRowFields.map((name) => outputField(i, name))).flat();

/** The output fields as the forms, pages and emails name them. */
export const outputFieldLabels = {
  outputs: { id: 'Luaran', en: 'Outputs' },
  type: { id: 'Jenis luaran', en: 'Kind of output' },
  title: { id: 'Judul', en: 'Title' },
  venue: { id: 'Jurnal, prosiding atau penerbit', en: 'Journal, proceedings or publisher' },
  link: { id: 'DOI atau alamat web', en: 'DOI or web address' },
  status: { id: 'Status', en: 'Status' },
  ipType: { id: 'Jenis KI', en: 'Kind of intellectual property' },
  number: { id: 'Nomor permohonan atau pencatatan', en: 'Application or registration number' },
} satisfies Record<string, Bilingual>;

// ---------------------------------------------------------------------------------------------
// The rows of a form

/** Whether `value` is one of the kinds of output. */
export const isOutputType = (value: string | undefined): value is OutputType => (outputTypes as readonly string[]).includes(value ?? '');

/** The rows a form posted, by their number, with the fields each sent (a row never sent is absent). */
export function outputRowsOf(fields: Record<string, string>): OutputRow[] {
  const rows: OutputRow[] = [];
  for (const [name, value] of Object.entries(fields)) {
    const match = /^outputs\[(\d+)\]\.(\w+)$/.exec(name);
    if (!match || !(outputRowFields as readonly string[]).includes(match[2]!)) continue;
    const index = Number(match[1]);
    if (index >= MAX_OUTPUTS) continue;
    rows[index] = { ...rows[index], [match[2] as OutputRowField]: value };
  }
  return Array.from({ length: rows.length }, (_, i) => rows[i] ?? {});
}

/** A row with nothing typed in it (its kind, and its choices, do not count): left out, so emptying a row's fields removes it. */
export const isBlankRow = (row: OutputRow) => !(['title', 'venue', 'link', 'number'] as const).some((name) => row[name]?.trim());

/** The rows a draft keeps: every row of a known kind (one just added too), as typed, renumbered. */
export const draftRows = (rows: readonly OutputRow[]): OutputRow[] => rows.filter((row) => isOutputType(row.type));

/** Rows flattened back into the form's fields, for showing a draft. */
export function rowValues(rows: readonly OutputRow[] | undefined): Record<string, string> {
  const values: Record<string, string> = {};
  (rows ?? []).forEach((row, index) => {
    for (const name of outputRowFields) if (row[name] !== undefined) values[outputField(index, name)] = row[name];
  });
  return values;
}

// ---------------------------------------------------------------------------------------------
// Naming an output

/** Where an output can be read, as text: `DOI 10.1234/abc`, or the address. */
export function whereText(output: ResearchOutput): string | undefined {
  if (output.type === 'intellectualProperty') return undefined;
  return output.doi ? `DOI ${output.doi}` : output.url;
}

/** The address a DOI or a web address opens. */
export function whereUrl(output: ResearchOutput): string | undefined {
  if (output.type === 'intellectualProperty') return undefined;
  const url = output.doi ? `https://doi.org/${encodeURI(output.doi)}` : output.url;
  // Only a web address is ever a link, whatever a record holds.
  return url && /^https?:\/\//i.test(url) ? url : undefined;
}

/** What an output is, after its title: the venue and status of a publication, the kind, number and status of an IP. */
export function outputDetails(output: ResearchOutput, lang: Language): string[] {
  switch (output.type) {
    case 'publication':
      return [output.venue, publicationStatusLabels[output.status][lang]];
    case 'intellectualProperty':
      return [ipTypeLabels[output.ipType][lang], `No. ${output.number}`, ipStatusLabels[output.status][lang]];
    default:
      return [];
  }
}

/** One line per output, as the mails and the plain texts list them: kind, then title, details and where to read it. */
export function outputFacts(outputs: readonly ResearchOutput[], lang: Language): Fact[] {
  return outputs.map((output, index) => ({
    label: `${outputFieldLabels.outputs[lang]} ${index + 1} — ${outputTypeLabels[output.type][lang]}`,
    value: [output.title, ...outputDetails(output, lang), whereText(output)].filter(Boolean).join(' · '),
  }));
}
