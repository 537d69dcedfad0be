import * as z from 'zod/mini';
import { employmentTypes } from '../kernel/asn/nip.js';
import { domainList } from '../kernel/asn/official-email.js';
import {
  answers,
  forCoordinators,
  jsonAnswer,
  jsonBody,
  jsonBodyAnswers,
  type OpenApiSection,
  parameters,
  pathParameter,
  queryParameters,
  type SchemaObject,
  schemaOf,
  schemaRef,
  tokenParameter,
} from '../kernel/http/openapi.js';
import { ListProjectsQuery } from './coordinator-projects.js';
import { ipStatuses, ipTypes, publicationStatuses } from './outputs.js';
import {
  MAX_MEMBERS,
  MAX_MILESTONES,
  MAX_PROJECT_MONTHS,
  milestoneKinds,
  milestoneStatuses,
  type ProjectInput,
  projectInput,
  projectStatuses,
  reviewRules,
} from './research.schema.js';
import { consentStatuses, projectEventTypes, researchActions, researchSteps } from './research-records.js';

/** The project of the issue, as a partner's program sends it. */
export const projectExample = {
  title: 'Kualitas layanan Mal Pelayanan Publik Surakarta',
  summary: '…',
  objectives: '…',
  lead: { name: 'Dr. Sari Lestari', email: 'sari@uns.example' },
  coReviewer: { name: 'Prof. Hadi Santoso', email: 'lppm@uns.example' },
  members: [
    {
      nip: '199002152015032001',
      employmentType: 'PNS',
      name: 'Dewi Anggraini',
      email: 'dewi@surakarta.go.id',
      unit: 'Sekretariat Daerah',
      position: 'Analis Kebijakan',
      supervisor: { name: 'Rudi Hartono', email: 'rudi@surakarta.go.id' },
      jpHours: 30,
    },
  ],
  startDate: '2027-03-01',
  endDate: '2027-12-15',
  milestones: [
    { kind: 'plan', title: 'Rencana penelitian', dueDate: '2027-03-20', review: 'all' },
    { kind: 'progress', title: 'Laporan kemajuan', dueDate: '2027-07-31', review: 'all' },
    { kind: 'final', title: 'Laporan akhir dan luaran', dueDate: '2027-12-10', review: 'all' },
  ],
  language: 'id',
} satisfies z.input<ReturnType<typeof projectInput>>;

/** The issue's project, with a work unit of this deployment's list and no more JP than it credits. */
export function projectExampleFor(workUnits: readonly string[], maxJpHours: number): ProjectInput {
  return {
    ...projectExample,
    members: projectExample.members.map((member) => ({
      ...member,
      unit: workUnits.includes(member.unit) ? member.unit : workUnits[0]!,
      jpHours: Math.min(member.jpHours, maxJpHours),
    })),
  };
}

// The answers, as the code builds them (`proposeProject`, `ProjectTrackingView`, `listProjects`,
// `ProjectDetail`); the unit tests hold each to its type and parse what the code returns with it.

/** 201 of `POST /api/partners/{token}/projects`: the supervisors are asked for their consent first. */
export const ProposedProject = z.object({ id: z.string(), status: z.literal('SUBMITTED'), trackingUrl: z.url() });

/** An extension of a milestone's due date, and what the coordinator decided. */
const Extension = z.object({
  number: z.int(),
  requestedAt: z.iso.datetime(),
  previousDueDate: z.iso.date(),
  newDueDate: z.iso.date(),
  reason: z.string(),
  status: z.enum(['PENDING', 'APPROVED', 'REFUSED']),
  decidedAt: z.optional(z.iso.datetime()),
  comment: z.optional(z.string()),
});

/** Where an output can be read: a DOI, or a web address. */
const where = { doi: z.optional(z.string()), url: z.optional(z.url()) };

/** One output of a final report or an output milestone, by its `type`. */
const Output = z.discriminatedUnion('type', [
  z.object({ type: z.literal('publication'), title: z.string(), venue: z.string(), status: z.enum(publicationStatuses), ...where }),
  z.object({ type: z.literal('policyBrief'), title: z.string(), ...where }),
  z.object({ type: z.literal('intellectualProperty'), title: z.string(), ipType: z.enum(ipTypes), number: z.string(), status: z.enum(ipStatuses) }),
  z.object({ type: z.literal('dataset'), title: z.string(), ...where }),
  z.object({ type: z.literal('other'), title: z.string(), ...where }),
]);

/** What the lead sent in one round. */
const Submission = z.object({
  round: z.int(),
  summary: z.string(),
  lateReason: z.optional(z.string()),
  /** A final report's or an output milestone's outputs (absent for other kinds). */
  outputs: z.optional(z.array(Output)),
  submittedAt: z.iso.datetime(),
  by: z.object({ name: z.string(), email: z.string() }),
});

/** One reviewer's decision in one round, or that their step ran out. */
const Review = z.object({
  round: z.int(),
  reviewer: z.enum(['coordinator', 'coReviewer']),
  sole: z.optional(z.boolean()),
  action: z.enum(['approve', 'revise', 'reject', 'expired']),
  comment: z.optional(z.string()),
  at: z.iso.datetime(),
  by: z.optional(z.object({ name: z.string() })),
});

/** One milestone, with its cycle: `overdue` is a mark beside the status, not a status. */
const Milestone = z.object({
  number: z.int(),
  kind: z.enum(milestoneKinds),
  title: z.string(),
  dueDate: z.iso.date(),
  review: z.enum(reviewRules),
  status: z.enum(milestoneStatuses),
  overdue: z.boolean(),
  round: z.int(),
  extensions: z.array(Extension),
  submissions: z.array(Submission),
  reviews: z.array(Review),
});

const historyEntryFields = {
  at: z.iso.datetime(),
  type: z.enum(projectEventTypes),
  /** The project's status after the entry, or the milestone's when it names one. */
  status: z.optional(z.string()),
  step: z.optional(z.enum(researchSteps)),
  member: z.optional(z.int()),
  milestone: z.optional(z.int()),
  round: z.optional(z.int()),
  action: z.optional(z.enum(researchActions)),
  comment: z.optional(z.string()),
};

/** One line of a project's public history: the role and name of who acted, never their address. */
const ProjectHistoryEntry = z.object({ ...historyEntryFields, by: z.optional(z.object({ role: z.string(), name: z.optional(z.string()) })) });

/** What `GET /api/track/{token}` answers for a research project: names, consent, milestones and decisions; no address, no NIP. */
export const ProjectTrackingView = z.object({
  id: z.string(),
  type: z.literal('project'),
  status: z.enum(projectStatuses),
  title: z.string(),
  institution: z.string(),
  lead: z.object({ name: z.string() }),
  startDate: z.iso.date(),
  endDate: z.iso.date(),
  round: z.int(),
  members: z.array(z.object({ name: z.string(), unit: z.string(), position: z.string(), consent: z.enum(consentStatuses), jpHours: z.int() })),
  milestones: z.array(Milestone),
  submittedAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  history: z.array(ProjectHistoryEntry),
});

const person = () => z.object({ name: z.string(), email: z.string() });

const summaryFields = {
  id: z.string(),
  status: z.enum(projectStatuses),
  title: z.string(),
  institution: z.string(),
  lead: person(),
  startDate: z.iso.date(),
  endDate: z.iso.date(),
  round: z.int(),
  submittedAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
};

/** One project in the coordinators' list. */
export const ProjectSummary = z.object(summaryFields);

/** One page of `GET /api/projects`; `nextCursor` is absent on the last page. */
export const ProjectListPage = z.object({ items: z.array(ProjectSummary), nextCursor: z.optional(z.string()) });

/** A member of the team as coordinators see them: as the partner entered them, and their supervisor's answer. */
const ProjectMember = z.object({
  number: z.int(),
  nip: z.string(),
  employmentType: z.enum(employmentTypes),
  name: z.string(),
  email: z.string(),
  unit: z.string(),
  position: z.string(),
  supervisor: person(),
  jpHours: z.int(),
  consent: z.enum(consentStatuses),
  consentAt: z.optional(z.iso.datetime()),
  consentComment: z.optional(z.string()),
});

/** `GET /api/projects/{id}`: the project whole, with the members' NIP and addresses and who acted. */
export const ProjectDetail = z.object({
  ...summaryFields,
  summary: z.string(),
  objectives: z.string(),
  coReviewer: person(),
  partnershipId: z.string(),
  partner: person(),
  approvedAt: z.optional(z.iso.datetime()),
  members: z.array(ProjectMember),
  milestones: z.array(Milestone),
  /** Every logbook entry of the team, oldest first. */
  logbook: z.array(
    z.object({
      projectId: z.string(),
      id: z.string(),
      by: z.object({ role: z.enum(['lead', 'member']), member: z.optional(z.int()), name: z.string() }),
      date: z.iso.date(),
      hours: z.number(),
      activity: z.string(),
      createdAt: z.iso.datetime(),
    }),
  ),
  /** The outputs of each milestone's latest submission, with the milestone and the round. */
  outputs: z.array(z.intersection(Output, z.object({ milestone: z.int(), round: z.int() }))),
  history: z.array(
    z.object({ ...historyEntryFields, by: z.optional(z.object({ role: z.string(), name: z.optional(z.string()), email: z.optional(z.string()) })) }),
  ),
});

/**
 * The project body as a client sends it. What zod checks in code is said in words; `unit`
 * lists the deployment's work units, and `jpHours` stops at its maximum.
 */
function projectBodySchema(workUnits: readonly string[], officialEmailDomains: readonly string[], maxJpHours: number): SchemaObject {
  const schema = schemaOf(projectInput(workUnits, officialEmailDomains, maxJpHours), 'input');
  const properties = schema.properties as Record<string, SchemaObject>;
  const member = (properties.members as { items: { properties: Record<string, SchemaObject> } }).items.properties;
  const domains = domainList(officialEmailDomains, 'en');
  member.nip = {
    ...member.nip,
    description: `18 digits (spaces are dropped), checked by the rule of \`employmentType\` (${employmentTypes.join(' or ')}): a PNS number is birth date, appointment month (at least 18 years later, not in the future), gender (1/2) and sequence; a PPPK number has the birth date, the year after it and the gender digit. Each NIP once in the team.`,
  };
  member.email = { ...member.email, description: `The member's official address (${domains}, or a subdomain); each address once in the team.` };
  member.supervisor = {
    ...member.supervisor,
    description: `The member's supervisor, who is asked for their consent: an official address (${domains}, or a subdomain) other than the member's.`,
  };
  member.unit = { ...member.unit, enum: [...workUnits], description: "The member's work unit (OPD), one of the city's list." };
  member.jpHours = { ...member.jpHours, description: 'The JP the member is credited once the final report is approved.' };
  properties.coReviewer = { ...properties.coReviewer, description: "The university's co-reviewer of the milestones: someone other than the lead." };
  properties.milestones = {
    ...properties.milestones,
    description:
      'In order of due date: each due within the project dates and after the one before it; exactly one `final`, the last, whose approval completes the project.',
  };
  return schema;
}

const projectId = pathParameter('id', 'The project.', { type: 'string', format: 'uuid' });

/** The research workflow's routes in the API description; the project body depends on the deployment's work units, mail domains and JP maximum. */
export function researchOpenApi(workUnits: readonly string[], officialEmailDomains: readonly string[], maxJpHours: number): OpenApiSection {
  return {
    tag: {
      name: 'research',
      description:
        "Research projects: partners propose them with a team of ASNs, supervisors consent, coordinators and the university's co-reviewer review them.",
    },
    tracking: { type: 'project', schema: 'ProjectTrackingView' },
    schemas: {
      ProjectInput: projectBodySchema(workUnits, officialEmailDomains, maxJpHours),
      ProposedProject: schemaOf(ProposedProject, 'output'),
      ProjectTrackingView: schemaOf(ProjectTrackingView, 'output'),
      ProjectListPage: schemaOf(ProjectListPage, 'output'),
      ProjectDetail: schemaOf(ProjectDetail, 'output'),
    },
    paths: {
      '/api/partners/{token}/projects': {
        post: {
          operationId: 'proposeProject',
          summary: 'Propose a research project',
          description: `Through the partner's private link, which the partner's contact received, so no confirmation is asked. The project is stored as \`SUBMITTED\` and its workflow starts: each member's supervisor is asked for their consent, then the coordinator reviews the plan. The answer's tracking link works from now on. Besides the schema: the NIP rule; the members' and the supervisors' addresses in the city's mail domains, a supervisor's other than their member's; each NIP and each address once in the team (at most ${MAX_MEMBERS} members); the end not before the start and within ${MAX_PROJECT_MONTHS} months of it; the start not before today (in WIB); both dates within the partnership's validity; at most ${MAX_MILESTONES} milestones, due within the project dates, each after the one before it, with exactly one \`final\`, the last; the co-reviewer someone other than the lead. Messages are in the body's \`language\`.`,
          tags: ['research'],
          parameters: [tokenParameter("The token of the partner's link (`/partners/{token}`)."), parameters.lang],
          requestBody: jsonBody(schemaRef('ProjectInput'), {
            issue: { summary: 'A survey of the public service mall, with one member', value: projectExampleFor(workUnits, maxJpHours) },
          }),
          responses: {
            '201': jsonAnswer('Stored, and the supervisors are being asked for their consent.', schemaRef('ProposedProject')),
            ...jsonBodyAnswers(),
            '404': answers.notFound('No partner link with this token.'),
            '409': answers.conflict('The partnership is not active, or does not include research.'),
            '503': answers.unavailable('The workflow could not start; nothing was stored.'),
          },
        },
      },
      '/api/projects': {
        get: forCoordinators({
          operationId: 'listProjects',
          summary: 'The research projects in one status, newest first',
          description: 'A page at a time; each status is one query on the status index, so there is no list of all statuses.',
          tags: ['research'],
          parameters: [
            ...queryParameters(ListProjectsQuery, {
              status: 'One status per request, in any case.',
              limit: 'Projects per page.',
              cursor: 'The `nextCursor` of the previous page: opaque, signed, and valid only for the same status.',
            }),
            parameters.lang,
          ],
          responses: {
            '200': jsonAnswer('One page of the list.', schemaRef('ProjectListPage')),
            '400': answers.validation('A wrong status, limit or cursor.'),
          },
        }),
      },
      '/api/projects/{id}': {
        get: forCoordinators({
          operationId: 'getProject',
          summary: 'One research project, whole',
          description:
            'Everything about it: the team with their NIP, addresses and consent, the milestones with their extensions, and the history with who acted (their address included).',
          tags: ['research'],
          parameters: [projectId, parameters.lang],
          responses: {
            '200': jsonAnswer('The project.', schemaRef('ProjectDetail')),
            '404': answers.notFound('No project with this id.'),
          },
        }),
      },
    },
  };
}
