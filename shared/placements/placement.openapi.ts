import * as z from 'zod/mini';
import { employmentTypes } from '../kernel/asn/nip.js';
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
import { systemClock } from '../kernel/time.js';
import {
  type ApplicationInput,
  applicationInput,
  applicationStatuses,
  applicationSteps,
  MAX_DAYS_AHEAD,
  PlacementOffer,
  placementStatuses,
  stepActions,
} from './placement.schema.js';
import { JpReportQuery, ListApplicationsQuery } from './placement-reports.js';

/** The placement offer of the README, as a partner's program sends it. */
export const placementOfferExample = {
  title: 'Magang analis kebijakan',
  hostUnit: 'Pusat Studi Kebijakan Publik',
  description: '…',
  competencyArea: 'Analisis kebijakan',
  seats: 3,
  startDate: '2027-03-01',
  endDate: '2027-03-31',
  applicationDeadline: '2027-02-15',
  jpHours: 40,
  language: 'id',
} satisfies z.input<typeof PlacementOffer>;

/** The application of the README, as an ASN's program sends it. */
export const applicationExample = {
  nip: '199001152015031002',
  employmentType: 'PNS',
  name: 'Sri Lestari',
  email: 'sri@surakarta.go.id',
  unit: 'Dinas Pendidikan',
  position: 'Analis Kebijakan',
  supervisor: { name: 'Budi Santoso', email: 'budi@surakarta.go.id' },
  motivation: '…',
  language: 'id',
} satisfies z.input<ReturnType<typeof applicationInput>>;

// The answers, as the code builds them (`catalogue-api`, `ApplyResult`, `ApplicationTrackingView`,
// `listApplications`, `jpReport`); the unit tests hold each to its type and parse what the code
// returns with it.

/** 201 of `POST /api/partners/{token}/placements`: the offer waits for the coordinator. */
export const OfferedPlacement = z.object({ id: z.string(), status: z.literal('PENDING_APPROVAL') });

/** One open placement of `GET /api/placements`. */
export const CatalogueEntry = z.object({
  id: z.string(),
  title: z.string(),
  institution: z.string(),
  hostUnit: z.string(),
  seats: z.int(),
  seatsLeft: z.int(),
  startDate: z.iso.date(),
  endDate: z.iso.date(),
  jpHours: z.int(),
  applicationDeadline: z.iso.date(),
});
export const Catalogue = z.object({ items: z.array(CatalogueEntry) });

/** 201 of `POST /api/placements/{id}/applications`. */
export const SubmittedApplication = z.object({ id: z.string(), status: z.literal('UNCONFIRMED'), trackingUrl: z.url() });

const subjectEventTypes = [
  'submitted',
  'review-requested',
  'reminder-sent',
  'escalated',
  'decided',
  'approved',
  'published',
  'rejected',
  'confirmed',
  'waitlisted',
  'promoted',
  'withdrawn',
  'started',
  'report-requested',
  'reported',
  'completed',
  'expired',
  'failed',
] as const;

/** One line of an application's public history. */
const ApplicationHistoryEntry = z.object({
  at: z.iso.datetime(),
  type: z.enum(subjectEventTypes),
  status: z.optional(z.enum([...applicationStatuses, ...placementStatuses])),
  step: z.optional(z.enum([...applicationSteps, 'offer', 'report'])),
  by: z.optional(z.object({ role: z.string(), name: z.optional(z.string()) })),
  action: z.optional(z.enum([...stepActions, 'withdrawn'])),
  comment: z.optional(z.string()),
  hours: z.optional(z.number()),
});

/** What `GET /api/track/{token}` answers for an application. */
export const ApplicationTrackingView = z.object({
  id: z.string(),
  type: z.literal('application'),
  status: z.enum(applicationStatuses),
  placement: z.object({
    id: z.string(),
    title: z.string(),
    hostUnit: z.string(),
    institution: z.string(),
    startDate: z.iso.date(),
    endDate: z.iso.date(),
    jpHours: z.int(),
  }),
  applicant: z.object({ name: z.string(), unit: z.string() }),
  /** Place in the waitlist (1 = next), while WAITLISTED. */
  waitlistPosition: z.optional(z.int()),
  creditedHours: z.optional(z.number()),
  submittedAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  canWithdraw: z.boolean(),
  history: z.array(ApplicationHistoryEntry),
});

/** One application in the coordinators' list. */
export const ApplicationSummary = z.object({
  id: z.string(),
  status: z.enum(applicationStatuses),
  nip: z.string(),
  employmentType: z.string(),
  name: z.string(),
  email: z.string(),
  unit: z.string(),
  position: z.string(),
  supervisor: z.object({ name: z.string(), email: z.string() }),
  waitlistedAt: z.optional(z.iso.datetime()),
  creditedHours: z.optional(z.number()),
  submittedAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});

/** One page of `GET /api/placements/{id}/applications`, with the placement's seats. */
export const ApplicationListPage = z.object({
  placement: z.object({ id: z.string(), title: z.string(), seats: z.int(), seatsTaken: z.int() }),
  items: z.array(ApplicationSummary),
  nextCursor: z.optional(z.string()),
});

/** `GET /api/reports/jp` as JSON. */
export const JpReport = z.object({
  year: z.int(),
  minimum: z.int(),
  items: z.array(
    z.object({
      nip: z.string(),
      name: z.string(),
      unit: z.string(),
      employmentType: z.string(),
      jp: z.number(),
      jpBySource: z.object({ internship: z.number(), research: z.number() }),
      reachedMinimum: z.boolean(),
    }),
  ),
});

/**
 * The application body as a client sends it. What zod checks in code is said in words, and
 * `unit` lists the deployment's work units (the schema checks it against them after trimming).
 */
function applicationBodySchema(workUnits: readonly string[]): SchemaObject {
  const schema = schemaOf(applicationInput(workUnits, systemClock), 'input');
  const properties = schema.properties as Record<string, SchemaObject>;
  properties.nip = {
    ...properties.nip,
    description: `18 digits (spaces are dropped), checked by the rule of \`employmentType\` (${employmentTypes.join(' or ')}): a PNS number is birth date, appointment month (at least 18 years later, not in the future), gender (1/2) and sequence; a PPPK number has the birth date, the year after it and the gender digit.`,
  };
  properties.unit = { ...properties.unit, enum: [...workUnits], description: "The ASN's work unit (OPD), one of the city's list." };
  return schema;
}

/** The README's application, with a work unit of this deployment's list. */
export function applicationExampleFor(workUnits: readonly string[]): ApplicationInput {
  return { ...applicationExample, unit: workUnits.includes(applicationExample.unit) ? applicationExample.unit : workUnits[0]! };
}

const placementId = pathParameter('id', 'The placement.', { type: 'string', format: 'uuid' });

/** The placement workflows' routes in the API description; the application body depends on the deployment's work units. */
export function placementOpenApi(workUnits: readonly string[]): OpenApiSection {
  return {
    tag: { name: 'placements', description: 'Internship placements: partners offer them, ASNs apply for them, coordinators follow them.' },
    tracking: { type: 'application', schema: 'ApplicationTrackingView' },
    schemas: {
      PlacementOffer: schemaOf(PlacementOffer, 'input'),
      OfferedPlacement: schemaOf(OfferedPlacement, 'output'),
      Catalogue: schemaOf(Catalogue, 'output'),
      ApplicationInput: applicationBodySchema(workUnits),
      SubmittedApplication: schemaOf(SubmittedApplication, 'output'),
      ApplicationTrackingView: schemaOf(ApplicationTrackingView, 'output'),
      ApplicationListPage: schemaOf(ApplicationListPage, 'output'),
      JpReport: schemaOf(JpReport, 'output'),
    },
    paths: {
      '/api/partners/{token}/placements': {
        post: {
          operationId: 'offerPlacement',
          summary: 'Offer an internship placement',
          description: `Through the partner's private link. The offer waits for the BKPSDM coordinator's approval before it is published. Besides the schema: the dates fall within the partnership's validity, the end is not before the start and within ${MAX_DAYS_AHEAD} days of today, the application deadline is before the start and not before today.`,
          tags: ['placements'],
          parameters: [tokenParameter("The token of the partner's link (`/partners/{token}`)."), parameters.lang],
          requestBody: jsonBody(schemaRef('PlacementOffer'), { readme: { summary: "The README's placement offer", value: placementOfferExample } }),
          responses: {
            '201': jsonAnswer('Stored, and its review started.', schemaRef('OfferedPlacement')),
            ...jsonBodyAnswers(),
            '404': answers.notFound('No partner link with this token.'),
            '409': answers.conflict('The partnership is not active, or does not include internships.'),
            '503': answers.unavailable('The review could not start; nothing was stored.'),
          },
        },
      },
      '/api/placements': {
        get: {
          operationId: 'listOpenPlacements',
          summary: 'The open placements',
          description: 'Published placements still taking applications (until their deadline day, and never once started), soonest start first.',
          tags: ['placements'],
          parameters: [parameters.lang],
          responses: { '200': jsonAnswer('The catalogue.', schemaRef('Catalogue')) },
        },
      },
      '/api/placements/{id}/applications': {
        post: {
          operationId: 'apply',
          summary: 'Apply for a placement',
          description:
            "Stores the application as `UNCONFIRMED` and mails the ASN a confirmation link (`/confirm/{token}`); its workflow (supervisor, coordinator, host) starts only once the ASN presses its button, and an unconfirmed application is removed after a day. Whether the NIP already applied for the placement, or holds a confirmed placement whose dates overlap, is checked at the confirmation and told only to the confirmed address, so this answer is the same whatever NIP is typed. Besides the schema: the NIP rule, and the ASN's and the supervisor's addresses in the city's mail domains, different from each other. Messages are in the body's `language`.",
          tags: ['placements'],
          parameters: [placementId, parameters.idempotencyKey, parameters.lang],
          requestBody: jsonBody(schemaRef('ApplicationInput'), {
            readme: { summary: "The README's application", value: applicationExampleFor(workUnits) },
          }),
          responses: {
            '201': jsonAnswer('Stored, awaiting its confirmation; the tracking link works from now on.', schemaRef('SubmittedApplication')),
            ...jsonBodyAnswers(),
            '404': answers.notFound('No published placement with this id.'),
            '409': answers.conflict('Applications are closed, or the `Idempotency-Key` was used for a different application.'),
            '429': answers.tooManyRequests(),
            '503': answers.unavailable('The confirmation mail could not be sent; nothing was stored.'),
          },
        },
        get: forCoordinators({
          operationId: 'listApplications',
          summary: "A placement's applications, oldest first",
          tags: ['placements'],
          parameters: [
            placementId,
            ...queryParameters(ListApplicationsQuery, {
              limit: 'Applications per page.',
              cursor: 'The `nextCursor` of the previous page: opaque, signed, and valid only for the same placement.',
            }),
            parameters.lang,
          ],
          responses: {
            '200': jsonAnswer('One page of the list, with the placement and its seats.', schemaRef('ApplicationListPage')),
            '400': answers.validation('A wrong limit or cursor.'),
            '404': answers.notFound('No placement with this id.'),
          },
        }),
      },
      '/api/reports/jp': {
        get: forCoordinators({
          operationId: 'jpReport',
          summary: 'The JP credited in a year, for each ASN with activity in it',
          description:
            'An ASN has activity in a year when an application of theirs is for a placement ending that year, or a research project they are a member of ends that year. `jp` is all the JP credited in the year; `jpBySource` splits it into what internships and research projects earned (`internship` + `research` = `jp`); the CSV has the two parts as `jp_internship` and `jp_research` after `jp`. `reachedMinimum`: at least the yearly minimum of JP every PNS is owed.',
          tags: ['placements'],
          parameters: [
            ...queryParameters(JpReportQuery, {
              year: 'The year the internships and research projects end in.',
              format: '`csv` gives the same as a file, `jp-2027.csv` for 2027: UTF-8 with a byte-order mark, a header row, CRLF line ends, RFC 4180 quoting.',
            }),
            parameters.lang,
          ],
          responses: {
            '200': {
              description: 'The report, as JSON or (with `format=csv`) as CSV.',
              content: { 'application/json': { schema: schemaRef('JpReport') }, 'text/csv': { schema: { type: 'string' } } },
            },
            '400': answers.validation('A wrong year or format.'),
          },
        }),
      },
    },
  };
}
