import * as z from 'zod/mini';
import { nipFields, normalizeNip, refineNip } from '../kernel/asn/nip.js';
import { type AddressWords, normalizedEmail, officialAddressIssues } from '../kernel/asn/official-email.js';
import { type FieldIssue, ValidationError } from '../kernel/errors.js';
import { type Bilingual, type Language, languages } from '../kernel/i18n.js';
import { languageLabels } from '../kernel/pages/labels.js';
import type { PartnershipRecord } from '../kernel/partnerships/partnership.js';
import { type Clock, endOfTerm, systemClock } from '../kernel/time.js';
import { bilingual, choiceOf, text } from '../kernel/validation.js';

/** A team has at least one ASN member and at most this many, so every supervisor can be asked in parallel. */
export const MAX_MEMBERS = 10;

/** A project has at least one milestone (its final report) and at most this many. */
export const MAX_MILESTONES = 12;

/** The most JP a member may be credited for one project unless a deployment sets its own maximum. */
export const DEFAULT_MAX_JP_HOURS = 60;

/** A project runs for at most this many months, counted as a term from its start date. */
export const MAX_PROJECT_MONTHS = 36;

/** What a milestone delivers: the plan, a progress report, a monitoring visit (monev), the final report, an output (luaran). */
export const milestoneKinds = ['plan', 'progress', 'monitoring', 'final', 'output'] as const;
export type MilestoneKind = (typeof milestoneKinds)[number];

/** The milestone kinds as the forms, pages and emails name them. */
export const milestoneKindLabels: Record<MilestoneKind, Bilingual> = {
  plan: { id: 'Rencana penelitian', en: 'Research plan' },
  progress: { id: 'Laporan kemajuan', en: 'Progress report' },
  monitoring: { id: 'Monitoring dan evaluasi (monev)', en: 'Monitoring and evaluation' },
  final: { id: 'Laporan akhir', en: 'Final report' },
  output: { id: 'Luaran', en: 'Output' },
};

/**
 * How the coordinator and the university's co-reviewer decide a milestone together: `all`
 * needs both to approve, `any` takes the first decision.
 */
export const reviewRules = ['all', 'any'] as const;
export type ReviewRule = (typeof reviewRules)[number];

/** The review rules as the forms name them. */
export const reviewRuleLabels: Record<ReviewRule, Bilingual> = {
  all: { id: 'Kedua peninjau harus menyetujui', en: 'Both reviewers must approve' },
  any: { id: 'Keputusan pertama menentukan', en: 'The first decision decides' },
};

/** Where a project stands, as tracking and the coordinators' API show it. */
export const projectStatuses = [
  'SUBMITTED',
  'CONSENT',
  'PLAN_REVIEW',
  'REVISION_REQUESTED',
  'ACTIVE',
  'COMPLETED',
  'REJECTED',
  'EXPIRED',
  'CANCELLED',
] as const;
export type ProjectStatus = (typeof projectStatuses)[number];

/** Where a milestone stands. Overdue is a mark beside the status, not a status, so a late milestone keeps its place in the cycle. */
export const milestoneStatuses = ['PLANNED', 'OPEN', 'SUBMITTED', 'IN_REVIEW', 'REVISION_REQUESTED', 'APPROVED', 'NOT_ACCEPTED'] as const;
export type MilestoneStatus = (typeof milestoneStatuses)[number];

const email = () => z.email().check(z.maxLength(254));
const person = () => z.strictObject({ name: text(120), email: email() });

const milestoneInput = z.strictObject({
  kind: choiceOf(milestoneKinds, milestoneKindLabels),
  title: text(200),
  dueDate: z.iso.date(),
  review: choiceOf(reviewRules, reviewRuleLabels),
});

/** Whether zod found nothing wrong under any of `keys` so far, so a check that reads them sees the types it expects. */
const validAt =
  (...keys: string[]) =>
  (payload: { issues: readonly { path?: readonly PropertyKey[] }[] }) =>
    !payload.issues.some((issue) => keys.includes(String(issue.path?.[0])));

/** How a partner's project form names a member's and their supervisor's addresses: the partner is the reader. */
const memberAddressWords: AddressWords = {
  own: { id: (domains) => `Gunakan alamat email dinas anggota (${domains}).`, en: (domains) => `Use the member's official address (${domains}).` },
  supervisor: {
    id: (domains) => `Gunakan alamat email dinas atasan anggota (${domains}).`,
    en: (domains) => `Use the supervisor's official address (${domains}).`,
  },
  same: {
    id: 'Email atasan harus berbeda dari email anggota: anggota tidak dapat menyetujui keikutsertaannya sendiri.',
    en: "The supervisor's email must differ from the member's: a member cannot consent to their own taking part.",
  },
};

/**
 * One ASN member of the team, as the partner's contact enters them. Their address and their
 * supervisor's belong to the city's mail domains, because the consent request and the member's
 * private link go there in the member's name; and they are two mailboxes (compared without case
 * or a `+tag`), because a member cannot consent to their own taking part.
 */
function memberInput(workUnits: readonly string[], officialEmailDomains: readonly string[], maxJpHours: number, clock: Clock) {
  return z
    .strictObject({
      ...nipFields,
      name: text(120),
      email: email(),
      unit: z.string().check(
        z.trim(),
        z.refine((unit) => workUnits.includes(unit), bilingual('Pilih unit kerja dari daftar.', 'Choose a work unit from the list.')),
      ),
      position: text(200),
      supervisor: person(),
      jpHours: z.int().check(z.gte(1), z.lte(maxJpHours)),
    })
    .check(
      refineNip(clock),
      z.superRefine(
        (member, ctx) => {
          for (const issue of officialAddressIssues(member, officialEmailDomains, memberAddressWords)) ctx.addIssue({ code: 'custom', ...issue });
        },
        { when: validAt('email', 'supervisor') },
      ),
    );
}

/**
 * Within the team, each NIP and each address belongs to one member: each member is credited
 * their JP once and gets their own private link. A repeat is reported at the later member,
 * naming the earlier one.
 */
const distinctMembers = z.superRefine<{ nip: string; email: string }[]>(
  (members, ctx) => {
    const firstWith = { nip: new Map<string, number>(), email: new Map<string, number>() };
    members.forEach((member, index) => {
      const keys = { nip: normalizeNip(member.nip), email: normalizedEmail(member.email) };
      for (const field of ['nip', 'email'] as const) {
        const earlier = firstWith[field].get(keys[field]);
        if (earlier === undefined) {
          firstWith[field].set(keys[field], index);
          continue;
        }
        const label = field === 'nip' ? { id: 'NIP', en: 'NIP' } : { id: 'Email', en: 'email' };
        ctx.addIssue({
          code: 'custom',
          path: [index, field],
          input: member[field],
          message: bilingual(
            `${label.id} ini sudah dipakai anggota ke-${earlier + 1}; setiap anggota hanya dicantumkan sekali.`,
            `This ${label.en} is already given for member ${earlier + 1}; list each member once.`,
          ),
        });
      }
    });
  },
  // Every member's own problems are reported anyway; a repeat is only judged between readable entries.
  {
    when: (payload) =>
      Array.isArray(payload.value) &&
      payload.value.every((member) => typeof member?.nip === 'string' && typeof member?.email === 'string' && member.email.includes('@')),
  },
);

/**
 * The plan of milestones: due dates within the project's dates and strictly increasing, so
 * each milestone has its own cycle (opening, reminders, review) before the next one's; and
 * exactly one `final`, last, because its approval completes the project and credits the JP.
 */
function checkMilestonePlan(
  project: { startDate: string; endDate: string; milestones: readonly z.output<typeof milestoneInput>[] },
  ctx: z.core.$RefinementCtx<unknown>,
): void {
  const { milestones } = project;
  const issue = (path: PropertyKey[], input: unknown, id: string, en: string) =>
    ctx.addIssue({ code: 'custom', path: ['milestones', ...path], input, message: bilingual(id, en) });

  const finals = milestones.flatMap((milestone, index) => (milestone.kind === 'final' ? [index] : []));
  const last = milestones.length - 1;
  if (finals.length === 0)
    issue([], milestones, 'Tambahkan satu tahap "Laporan akhir" sebagai tahap terakhir.', 'Add one "Final report" milestone as the last milestone.');
  for (const index of finals) {
    if (index === last) continue;
    if (finals.includes(last))
      issue(
        [index, 'kind'],
        'final',
        `Hanya boleh ada satu tahap "Laporan akhir"; tahap ke-${last + 1} sudah merupakan laporan akhir.`,
        `There can be only one "Final report" milestone; milestone ${last + 1} already is the final report.`,
      );
    else
      issue(
        [index, 'kind'],
        'final',
        `Tahap "Laporan akhir" harus menjadi tahap terakhir; setelahnya masih ada tahap ke-${index + 2}.`,
        `The "Final report" milestone must be the last; milestone ${index + 2} comes after it.`,
      );
  }

  milestones.forEach((milestone, index) => {
    const { dueDate } = milestone;
    if (dueDate < project.startDate || dueDate > project.endDate)
      issue(
        [index, 'dueDate'],
        dueDate,
        `Tenggat harus dalam masa proyek (${project.startDate} s.d. ${project.endDate}).`,
        `The due date must fall within the project's dates (${project.startDate} to ${project.endDate}).`,
      );
    const previous = milestones[index - 1];
    if (previous && dueDate <= previous.dueDate)
      issue(
        [index, 'dueDate'],
        dueDate,
        `Tenggat harus setelah tenggat tahap ke-${index} (${previous.dueDate}); tenggat setiap tahap berurutan dan tidak sama.`,
        `The due date must come after milestone ${index}'s (${previous.dueDate}); each milestone is due after the one before it.`,
      );
  });
}

/**
 * The project a partner proposes (`POST /api/partners/{token}/projects` and its form). Dates are
 * calendar dates in WIB. The checks that need today or the partnership are `checkProjectDates`.
 *
 * `clock` is asked by the NIP rules, which refuse an appointment in the future; tests pass a
 * fixed one.
 */
export function projectInput(
  workUnits: readonly string[],
  officialEmailDomains: readonly string[],
  maxJpHours: number = DEFAULT_MAX_JP_HOURS,
  clock: Clock = systemClock,
) {
  return z
    .strictObject({
      title: text(200),
      summary: text(5000, 'multiline'),
      objectives: text(5000, 'multiline'),
      lead: person(),
      coReviewer: person(),
      members: z.array(memberInput(workUnits, officialEmailDomains, maxJpHours, clock)).check(z.minLength(1), z.maxLength(MAX_MEMBERS), distinctMembers),
      startDate: z.iso.date(),
      endDate: z.iso.date(),
      milestones: z.array(milestoneInput).check(z.minLength(1), z.maxLength(MAX_MILESTONES)),
      language: choiceOf(languages, languageLabels),
    })
    .check(
      z.superRefine(
        (project, ctx) => {
          if (project.endDate < project.startDate)
            ctx.addIssue({
              code: 'custom',
              path: ['endDate'],
              input: project.endDate,
              message: bilingual('Tanggal selesai tidak boleh sebelum tanggal mulai.', 'The end date cannot be before the start date.'),
            });
          const latestEnd = endOfTerm(project.startDate, MAX_PROJECT_MONTHS);
          if (project.endDate > latestEnd)
            ctx.addIssue({
              code: 'custom',
              path: ['endDate'],
              input: project.endDate,
              message: bilingual(
                `Proyek berlangsung paling lama 3 tahun: selesai paling lambat ${latestEnd}.`,
                `A project runs for at most 3 years: it must end by ${latestEnd}.`,
              ),
            });
        },
        { when: validAt('startDate', 'endDate') },
      ),
      z.superRefine(checkMilestonePlan, { when: validAt('startDate', 'endDate', 'milestones') }),
      z.superRefine(
        (project, ctx) => {
          // The co-reviewer reviews what the lead submits, so they are two people.
          if (normalizedEmail(project.coReviewer.email) === normalizedEmail(project.lead.email))
            ctx.addIssue({
              code: 'custom',
              path: ['coReviewer', 'email'],
              input: project.coReviewer.email,
              message: bilingual(
                'Peninjau dari perguruan tinggi harus orang lain daripada ketua peneliti: ia meninjau hasil yang dikirim ketua.',
                "The university's co-reviewer must be someone other than the lead, whose submissions they review.",
              ),
            });
        },
        { when: validAt('lead', 'coReviewer') },
      ),
    );
}
export type ProjectInput = z.output<ReturnType<typeof projectInput>>;
export type MilestoneInput = ProjectInput['milestones'][number];
export type MemberInput = ProjectInput['members'][number];

/** The extension a lead asks for on the milestone's page, before submitting: the date they ask for and why. */
export const ExtensionRequest = z.strictObject({ newDueDate: z.iso.date(), reason: text(2000, 'multiline') });
export type ExtensionRequest = z.output<typeof ExtensionRequest>;

const say = (lang: Language, id: string, en: string) => (lang === 'id' ? id : en);

/**
 * The checks of a proposed project that need today (a WIB calendar date) or its partnership:
 * it starts today at the earliest, and runs within the partnership's validity, since a project
 * is carried by the partnership. Throws a ValidationError naming every problem at once.
 */
export function checkProjectDates(
  input: Pick<ProjectInput, 'startDate' | 'endDate'>,
  partnership: Pick<PartnershipRecord, 'startDate' | 'endDate'>,
  today: string,
  lang: Language,
): void {
  const issues: FieldIssue[] = [];
  const validity = say(
    lang,
    `masa berlaku kemitraan (${partnership.startDate} s.d. ${partnership.endDate})`,
    `the partnership's validity (${partnership.startDate} to ${partnership.endDate})`,
  );
  if (input.startDate < today)
    issues.push({
      path: 'startDate',
      message: say(lang, `Tanggal mulai tidak boleh sebelum hari ini (${today}).`, `The start date cannot be before today (${today}).`),
    });
  if (input.startDate < partnership.startDate || input.startDate > partnership.endDate)
    issues.push({ path: 'startDate', message: say(lang, `Tanggal mulai harus dalam ${validity}.`, `The start date must fall within ${validity}.`) });
  if (input.endDate < partnership.startDate || input.endDate > partnership.endDate)
    issues.push({ path: 'endDate', message: say(lang, `Tanggal selesai harus dalam ${validity}.`, `The end date must fall within ${validity}.`) });
  if (issues.length) throw new ValidationError(issues, lang);
}
