import * as z from 'zod/mini';
import {
  answers,
  forCoordinators,
  jsonAnswer,
  jsonBody,
  jsonBodyAnswers,
  type OpenApiSection,
  parameters,
  queryParameters,
  schemaOf,
  schemaRef,
} from '../kernel/http/openapi.js';
import { scopes } from '../kernel/partnerships/partnership.js';
import { ListProposalsQuery } from './list-proposals.js';
import { decisionActions, ProposalInput, proposalStatuses } from './proposal.schema.js';

/** The proposal of the README, as a partner's program sends it. */
export const proposalExample = {
  institution: { name: 'Universitas Sebelas Maret', type: 'university', pddiktiCode: '001002' },
  contact: { name: 'Dr. Rina Wulandari', email: 'rina@uns.example', phone: '+62 271 646994' },
  title: 'Digital public service training for ASN',
  summary: '…',
  scopes: ['research', 'internship', 'training'],
  startDate: '2027-02-01',
  durationMonths: 24,
  language: 'id',
} satisfies z.input<typeof ProposalInput>;

// The answers, as the code builds them (`SubmitResult`, `TrackingView`, `ProposalList`); the
// unit tests hold each to its type and parse what the code returns with it.

/** 201 of `POST /api/proposals`. */
export const SubmittedProposal = z.object({ id: z.string(), status: z.literal('UNCONFIRMED'), trackingUrl: z.url() });

const auditTypes = [
  'submitted',
  'review-requested',
  'reminder-sent',
  'escalated',
  'decided',
  'revision-requested',
  'resubmitted',
  'approved',
  'rejected',
  'expired',
  'failed',
] as const;

/** One line of a proposal's public history. */
const HistoryEntry = z.object({
  at: z.iso.datetime(),
  type: z.enum(auditTypes),
  status: z.optional(z.enum(proposalStatuses)),
  by: z.optional(z.object({ role: z.string(), name: z.optional(z.string()) })),
  action: z.optional(z.enum([...decisionActions, 'resubmit'])),
  comment: z.optional(z.string()),
  level: z.optional(z.int()),
  role: z.optional(z.string()),
  round: z.optional(z.int()),
});

/** What `GET /api/track/{token}` answers for a proposal. */
export const ProposalTrackingView = z.object({
  id: z.string(),
  type: z.literal('proposal'),
  status: z.enum(proposalStatuses),
  title: z.string(),
  institution: z.string(),
  round: z.int(),
  submittedAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  history: z.array(HistoryEntry),
});

/** One proposal in the coordinators' list. */
export const ProposalSummary = z.object({
  id: z.string(),
  status: z.enum(proposalStatuses),
  title: z.string(),
  institution: z.string(),
  contact: z.object({ name: z.string(), email: z.string() }),
  scopes: z.array(z.enum(scopes)),
  startDate: z.iso.date(),
  round: z.int(),
  submittedAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});

/** One page of `GET /api/proposals`; `nextCursor` is absent on the last page. */
export const ProposalListPage = z.object({ items: z.array(ProposalSummary), nextCursor: z.optional(z.string()) });

/** The proposal workflow's routes in the API description. */
export function proposalOpenApi(): OpenApiSection {
  return {
    tag: { name: 'proposals', description: "Partnership proposals from universities and institutes, and the coordinators' list of them." },
    tracking: { type: 'proposal', schema: 'ProposalTrackingView' },
    schemas: {
      ProposalInput: schemaOf(ProposalInput, 'input'),
      SubmittedProposal: schemaOf(SubmittedProposal, 'output'),
      ProposalTrackingView: schemaOf(ProposalTrackingView, 'output'),
      ProposalListPage: schemaOf(ProposalListPage, 'output'),
    },
    paths: {
      '/api/proposals': {
        post: {
          operationId: 'submitProposal',
          summary: 'Submit a partnership proposal',
          description:
            "Stores the proposal as `UNCONFIRMED` and mails the contact a confirmation link (`/confirm/{token}`); the review starts only once the contact presses its button, and an unconfirmed proposal is removed after a day. The confirmation mail names only the contact and the title. Besides the schema: the start date cannot be before today (in WIB), and each scope is chosen once. Messages are in the body's `language`.",
          tags: ['proposals'],
          parameters: [parameters.idempotencyKey, parameters.lang],
          requestBody: jsonBody(schemaRef('ProposalInput'), { readme: { summary: "The README's proposal", value: proposalExample } }),
          responses: {
            '201': jsonAnswer('Stored, awaiting its confirmation; the tracking link works from now on.', schemaRef('SubmittedProposal')),
            ...jsonBodyAnswers(),
            '409': answers.conflict('The `Idempotency-Key` was already used for a different proposal.'),
            '429': answers.tooManyRequests(),
            '503': answers.unavailable('The confirmation mail could not be sent; nothing was stored.'),
          },
        },
        get: forCoordinators({
          operationId: 'listProposals',
          summary: 'The proposals in one status, newest first',
          description: 'A page at a time; each status is one query on the status index, so there is no list of all statuses.',
          tags: ['proposals'],
          parameters: [
            ...queryParameters(ListProposalsQuery, {
              status: 'One status per request, in any case.',
              limit: 'Proposals per page.',
              cursor: 'The `nextCursor` of the previous page: opaque, signed, and valid only for the same status.',
            }),
            parameters.lang,
          ],
          responses: {
            '200': jsonAnswer('One page of the list.', schemaRef('ProposalListPage')),
            '400': answers.validation('A wrong status, limit or cursor.'),
          },
        }),
      },
    },
  };
}
