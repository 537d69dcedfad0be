import type * as z from 'zod/mini';
import type { Config } from '../kernel/config.js';
import { type FormFields, formFieldsOf, setPath } from '../kernel/http/form.js';
import type { PartnershipRecord } from '../kernel/partnerships/partnership.js';
import type { ResearchDeps } from './deps.js';
import { MAX_MEMBERS, MAX_MILESTONES, type MilestoneKind, type ProjectInput, type ProjectStatus, projectInput } from './research.schema.js';
import { researchUrls } from './research-links.js';

/**
 * The project form of the partner page (`POST /partners/{token}/projects`) and of a plan's
 * revision (`POST /projects/edit/{token}`), without JavaScript: the fields of the JSON body
 * `projectInput`, the members and milestones as numbered rows (`members[0].nip`,
 * `milestones[2].dueDate`, the paths `toFieldIssues` names), and the buttons that add a row by
 * posting the form back (`more=member`, `more=milestone`). A revision leaves the team as it is.
 */

/** The name of the buttons that add a row: the form comes back with everything typed and one more empty row. */
export const MORE = 'more';
export const rowGroups = ['member', 'milestone'] as const;
export type RowGroup = (typeof rowGroups)[number];

type Def = { type: string; shape?: Record<string, z.core.$ZodType>; element?: z.core.$ZodType };

/** The fields of the schema, from the schema itself: the project's own, and each row's, by their dotted names. */
function schemaFields() {
  const schema = projectInput([], []);
  const shape = (schema._zod.def as Def).shape!;
  const element = (list: string) => (shape[list]!._zod.def as Def).element!;
  const top = formFieldsOf(schema);
  return {
    project: [...top.names].filter((name) => !top.lists.has(name)),
    member: [...formFieldsOf(element('members')).names],
    milestone: [...formFieldsOf(element('milestones')).names],
  };
}
const fields = schemaFields();

/** A row's field by its name in the form: `members[0].supervisor.email`, `milestones[2].dueDate`. */
export const memberField = (index: number, name: string) => `members[${index}].${name}`;
export const milestoneField = (index: number, name: string) => `milestones[${index}].${name}`;
const rowField = (group: RowGroup, index: number, name: string) => (group === 'member' ? memberField(index, name) : milestoneField(index, name));

const rowNames = (group: RowGroup, rows: number) =>
  Array.from({ length: rows }, (_, i) => (group === 'member' ? fields.member : fields.milestone).map((name) => rowField(group, i, name))).flat();

/**
 * What the partner page's project form may post: the project, up to MAX_MEMBERS members and
 * MAX_MILESTONES milestones, and a row button; at most the entries of its fullest post, every
 * field of every row the schema allows and the button.
 */
export const projectFormFields: Required<FormFields> = {
  names: new Set([...fields.project, ...rowNames('member', MAX_MEMBERS), ...rowNames('milestone', MAX_MILESTONES), MORE]),
  lists: new Set(),
  maxEntries: formEntries({ members: MAX_MEMBERS, milestones: MAX_MILESTONES }, 'propose'),
};

/** What a plan's revision posts: the same without the members (the team stands), and the page's proof. */
export const projectRevisionFormFields: Required<FormFields> = {
  names: new Set([...fields.project, ...rowNames('milestone', MAX_MILESTONES), MORE, 'proof']),
  lists: new Set(),
  maxEntries: formEntries({ members: 0, milestones: MAX_MILESTONES }, 'revise'),
};

/** The fields each kind of form may post. */
const formFields: Record<FormKind, Required<FormFields>> = { propose: projectFormFields, revise: projectRevisionFormFields };

/** The fields of a row a person types into; a row with none of them filled in is blank (its choices alone do not count). */
const typedFields: Record<RowGroup, readonly string[]> = {
  member: fields.member.filter((name) => name !== 'employmentType' && name !== 'unit'),
  milestone: ['title', 'dueDate'],
};

/** The whole numbers of a member row, as the schema takes them. */
const numberFields = new Set(['jpHours']);

// ---------------------------------------------------------------------------------------------
// The rows on the page

/** What the form shows: every value as typed, by its field's name, and how many rows of each group. */
export interface ProjectFormState {
  values: Record<string, string>;
  members: number;
  milestones: number;
}

/** Whether the form has the members' inputs (the partner page) or not (a revision). */
export type FormKind = 'propose' | 'revise';

/** The milestones a fresh form suggests: the plan, a progress report, and the final report last. */
const suggestedMilestones: readonly MilestoneKind[] = ['plan', 'progress', 'final'];

/** The fewest rows the form shows. */
const fewest: Record<RowGroup, number> = { member: 1, milestone: 1 };
const most: Record<RowGroup, number> = { member: MAX_MEMBERS, milestone: MAX_MILESTONES };

/** The entries the next post of a form with these rows sends: every field of every row, and the button pressed. */
export function formEntries(state: Pick<ProjectFormState, 'members' | 'milestones'>, kind: FormKind): number {
  const members = kind === 'propose' ? state.members * fields.member.length : 0;
  const extra = kind === 'revise' ? 2 : 1; // the proof, and the button pressed
  return fields.project.length + members + state.milestones * fields.milestone.length + extra;
}

/**
 * Whether the form can take one more row of `group`: the schema's limit (MAX_MEMBERS,
 * MAX_MILESTONES), and the entries the form may post (its `maxEntries`), so that the form the
 * page shows can always be sent.
 */
export function canAddRow(state: Pick<ProjectFormState, 'members' | 'milestones'>, group: RowGroup, kind: FormKind): boolean {
  if (group === 'member' && kind === 'revise') return false;
  const more = { ...state, [group === 'member' ? 'members' : 'milestones']: (group === 'member' ? state.members : state.milestones) + 1 };
  return (group === 'member' ? more.members : more.milestones) <= most[group] && formEntries(more, kind) <= formFields[kind].maxEntries;
}

/** The form as a partner first sees it: one member row, and the three milestones most projects have. */
export function freshProjectForm(): ProjectFormState {
  const values: Record<string, string> = {};
  suggestedMilestones.forEach((kind, i) => {
    values[milestoneField(i, 'kind')] = kind;
    values[milestoneField(i, 'review')] = 'all';
  });
  return { values, members: 1, milestones: suggestedMilestones.length };
}

/** How many rows of `group` were posted: one past the highest row that sent a field. */
function postedRows(form: URLSearchParams, group: RowGroup): number {
  const pattern = group === 'member' ? /^members\[(\d+)\]\./ : /^milestones\[(\d+)\]\./;
  let rows = 0;
  for (const name of form.keys()) {
    const match = pattern.exec(name);
    if (match) rows = Math.max(rows, Number(match[1]) + 1);
  }
  return rows;
}

/** Which row button was pressed, if one was: `member`, `milestone`, or a value no button sends (adds nothing). */
export function pressedRowButton(form: URLSearchParams): RowGroup | 'none' | undefined {
  const more = form.get(MORE);
  if (more === null) return undefined;
  return (rowGroups as readonly string[]).includes(more) ? (more as RowGroup) : 'none';
}

/**
 * The form as it was posted, shown again: every value as typed, as many rows as were sent (at
 * least one of each), and one more row of the group whose button was pressed, while it fits.
 */
export function postedProjectForm(form: URLSearchParams, kind: FormKind): ProjectFormState {
  const values: Record<string, string> = {};
  for (const [name, value] of form) if (name !== MORE && name !== 'proof') values[name] = value;
  const state: ProjectFormState = {
    values,
    members: kind === 'propose' ? Math.max(fewest.member, postedRows(form, 'member')) : 0,
    milestones: Math.max(fewest.milestone, postedRows(form, 'milestone')),
  };
  const pressed = pressedRowButton(form);
  if (pressed === 'member' && canAddRow(state, 'member', kind)) state.members += 1;
  if (pressed === 'milestone' && canAddRow(state, 'milestone', kind)) state.milestones += 1;
  return state;
}

/** A project as stored, as the revision form shows it: its fields and its milestones, without the team. */
export function projectFormOf(data: Omit<ProjectInput, 'members'>): ProjectFormState {
  const values: Record<string, string> = {};
  const put = (prefix: string, value: unknown) => {
    if (value && typeof value === 'object') for (const [key, inner] of Object.entries(value)) put(prefix ? `${prefix}.${key}` : key, inner);
    else if (value !== undefined) values[prefix] = String(value);
  };
  const { milestones, ...project } = data;
  put('', project);
  milestones.forEach((milestone, i) => {
    for (const name of fields.milestone) put(milestoneField(i, name), (milestone as Record<string, unknown>)[name]);
  });
  return { values, members: 0, milestones: Math.max(fewest.milestone, milestones.length) };
}

// ---------------------------------------------------------------------------------------------
// The form as the schema reads it

const isBlank = (value: string | null) => value === null || value.trim() === '';

/** A whole number as the schema takes it; nothing for an empty field (the schema says it is required), the text itself otherwise. */
const numberOf = (value: string): unknown => (/^\d{1,6}$/.test(value.trim()) ? Number(value.trim()) : value === '' ? undefined : value);

/** The rows of `group` as objects, without the blank rows at the end (a blank row between two others stays, so every message keeps its row). */
function rowsOf(form: URLSearchParams, group: RowGroup): Record<string, unknown>[] {
  const names = group === 'member' ? fields.member : fields.milestone;
  let rows = postedRows(form, group);
  while (rows > 0 && typedFields[group].every((name) => isBlank(form.get(rowField(group, rows - 1, name))))) rows--;
  return Array.from({ length: rows }, (_, i) => {
    const row: Record<string, unknown> = {};
    for (const name of names) {
      const value = form.get(rowField(group, i, name));
      if (value !== null) setPath(row, name.split('.'), numberFields.has(name) ? numberOf(value) : value);
    }
    return row;
  });
}

/**
 * The form's fields in the shape of the JSON body, for `projectInput` to judge: nested objects
 * by the dotted names, the rows as lists (blank rows at the end left out), whole numbers as
 * numbers. Empty text stays an empty string and an empty number is left out, so the schema
 * refuses either with its own message ("required"); a row's missing field is left out alike.
 */
export function projectFromForm(form: URLSearchParams): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of fields.project) {
    const value = form.get(name);
    if (value !== null) setPath(out, name.split('.'), value);
  }
  out.members = rowsOf(form, 'member');
  out.milestones = rowsOf(form, 'milestone');
  return out;
}

// ---------------------------------------------------------------------------------------------
// The projects the partner page lists

/** A project as its partner's page lists it, with the link to its tracking page. */
export interface PartnerProject {
  id: string;
  title: string;
  status: ProjectStatus;
  startDate: string;
  endDate: string;
  trackingUrl: string;
}

/** The projects proposed under a partnership, oldest first, each with its tracking link (minted again, so the link secret is needed). */
export async function partnerProjects(
  partnership: Pick<PartnershipRecord, 'id'>,
  deps: Pick<ResearchDeps, 'research'> & { config: Config },
): Promise<PartnerProject[]> {
  const projects = await deps.research.listPartnerProjects(partnership.id);
  return projects.map((project) => ({
    id: project.id,
    title: project.data.title,
    status: project.status,
    startDate: project.data.startDate,
    endDate: project.data.endDate,
    trackingUrl: researchUrls.projectTrack(deps.config, deps.config.LINK_SECRET, project),
  }));
}
