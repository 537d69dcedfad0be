import * as z from 'zod/mini';
import type { FieldIssue } from '../kernel/errors.js';
import type { Language } from '../kernel/i18n.js';
import { bilingual, choiceOf, noHiddenCharacters, text, toFieldIssues } from '../kernel/validation.js';
import {
  ipStatuses,
  ipStatusLabels,
  ipTypeLabels,
  ipTypes,
  isBlankRow,
  isOutputType,
  needsOutputs,
  type OutputRow,
  type OutputType,
  outputField,
  outputRowsOf,
  publicationStatuses,
  publicationStatusLabels,
  type ResearchOutput,
  rowFieldsOf,
  takesOutputs,
  type Where,
} from './outputs.js';
import type { MilestoneKind } from './research.schema.js';
import { say } from './research-words.js';

/**
 * The rules of an output row (outputs.ts): each kind's schema, and the reading of a milestone
 * form's rows into records with messages at their fields. Only the milestone's POST bundles it.
 */

/** `10.1234/abc`, `doi:10.1234/abc`, or its address at doi.org. */
const doiPattern = /^(?:doi:\s*|https?:\/\/(?:dx\.)?doi\.org\/)?(10\.\d{4,9}\/\S+)$/i;

/** What a `link` field holds: a DOI, a web address (http or https), or neither. */
export function whereOf(link: string): Where | undefined {
  const doi = doiPattern.exec(link)?.[1];
  if (doi) return { doi };
  // An address is one word: the URL parser would drop tabs and line breaks inside it, and spaces around it.
  if (/\s/.test(link) || !URL.canParse(link)) return undefined;
  const url = new URL(link);
  return url.protocol === 'https:' || url.protocol === 'http:' ? { url: url.href } : undefined;
}

const linkText = z.string().check(
  z.trim(),
  z.maxLength(500),
  noHiddenCharacters(),
  z.refine(
    (value) => value === '' || whereOf(value) !== undefined,
    bilingual('Tulis DOI (10.xxxx/…) atau alamat web (https://…).', 'Write a DOI (10.xxxx/…) or a web address (https://…).'),
  ),
);
const optionalLink = z.optional(linkText);

const rowSchemas = {
  publication: z
    .strictObject({
      type: z.literal('publication'),
      title: text(300),
      venue: text(300),
      link: optionalLink,
      status: choiceOf(publicationStatuses, publicationStatusLabels),
    })
    .check(
      // A published work can be found: its DOI or address is asked for.
      z.superRefine((row, ctx) => {
        if (row.status === 'published' && !row.link)
          ctx.addIssue({
            code: 'custom',
            path: ['link'],
            input: row.link,
            message: bilingual('Publikasi yang sudah terbit memerlukan DOI atau alamat webnya.', 'A published work needs its DOI or web address.'),
          });
      }),
    ),
  policyBrief: z.strictObject({ type: z.literal('policyBrief'), title: text(300), link: optionalLink }),
  intellectualProperty: z.strictObject({
    type: z.literal('intellectualProperty'),
    title: text(300),
    ipType: choiceOf(ipTypes, ipTypeLabels),
    number: text(100),
    status: choiceOf(ipStatuses, ipStatusLabels),
  }),
  dataset: z.strictObject({ type: z.literal('dataset'), title: text(300), link: optionalLink }),
  other: z.strictObject({ type: z.literal('other'), title: text(300), link: optionalLink }),
} satisfies Record<OutputType, z.ZodMiniType>;

/** The row's kind's own fields, trimmed; an empty optional field is left out. */
function rowInput(row: OutputRow, type: OutputType): Record<string, string> {
  const input: Record<string, string> = { type };
  for (const name of rowFieldsOf[type]) {
    const value = row[name]?.trim() ?? '';
    if (value !== '' || name !== 'link') input[name] = value;
  }
  return input;
}

/** A record from a valid row: the link read as a DOI or an address. */
function recordOf(row: z.output<(typeof rowSchemas)[OutputType]>): ResearchOutput {
  const { link, ...rest } = row as typeof row & { link?: string };
  return (link ? { ...rest, ...whereOf(link) } : rest) as ResearchOutput;
}

/**
 * The outputs a milestone's form sent, read from its rows (`outputs[i].*`): blank rows left out,
 * each other row checked against its kind's schema, with messages at the row's fields
 * (`outputs[1].venue`). A milestone that takes no outputs refuses rows; an output milestone
 * needs one.
 */
export function outputsFromForm(
  fields: Record<string, string>,
  kind: MilestoneKind,
  lang: Language,
): { outputs: ResearchOutput[]; rows: OutputRow[]; issues: FieldIssue[] } {
  const rows = outputRowsOf(fields);
  const filled = rows.map((row, index) => ({ row, index })).filter(({ row }) => !isBlankRow(row));
  const issues: FieldIssue[] = [];
  const outputs: ResearchOutput[] = [];
  if (!takesOutputs(kind)) {
    if (filled.length) issues.push({ path: 'outputs', message: say(lang, 'Tahap ini tidak memiliki luaran.', 'This milestone lists no outputs.') });
    return { outputs, rows, issues };
  }
  for (const { row, index } of filled) {
    const type = row.type;
    if (!isOutputType(type)) {
      issues.push({ path: outputField(index, 'type'), message: say(lang, 'Jenis luaran tidak dikenal.', 'Unknown kind of output.') });
      continue;
    }
    const input = rowInput(row, type);
    const parsed = rowSchemas[type].safeParse(input);
    if (parsed.success) outputs.push(recordOf(parsed.data));
    else for (const issue of toFieldIssues(parsed.error.issues, lang, input)) issues.push({ ...issue, path: `outputs[${index}].${issue.path}` });
  }
  if (needsOutputs(kind) && filled.length === 0)
    issues.push({
      path: 'outputs',
      message: say(lang, 'Tahap luaran memerlukan sedikitnya satu luaran.', 'An output milestone needs at least one output.'),
    });
  return { outputs, rows, issues };
}
