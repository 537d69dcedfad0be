import { readFileSync } from 'node:fs';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it, vi } from 'vitest';
import type * as z from 'zod/mini';
import { apiDocument } from '../../functions/api/api-document.js';
import { defaultOfficialEmailDomains } from '../../shared/kernel/asn/official-email.js';
import { defaultWorkUnits } from '../../shared/kernel/asn/work-units.js';
import { ValidationError } from '../../shared/kernel/errors.js';
import { errorResponse } from '../../shared/kernel/http/error-response.js';
import { baseHeaders } from '../../shared/kernel/http/http.js';
import {
  COORDINATOR_AUTH,
  type OpenApiDocument,
  type OpenApiSection,
  type Operation,
  openApiDocument,
  type ParameterObject,
  type Reference,
  type SchemaObject,
} from '../../shared/kernel/http/openapi.js';
import { logger } from '../../shared/kernel/logger.js';
import { type PartnershipRecord, partnerLink, partnerToken } from '../../shared/kernel/partnerships/partnership.js';
import type { TrackLink } from '../../shared/kernel/steps/step-link.js';
import type { ApplyResult } from '../../shared/placements/apply.js';
import {
  ApplicationListPage,
  type ApplicationSummary,
  ApplicationTrackingView,
  applicationExample,
  applicationExampleFor,
  type Catalogue,
  JpReport,
  type OfferedPlacement,
  placementOfferExample,
  type SubmittedApplication,
} from '../../shared/placements/placement.openapi.js';
import { applicationInput, PlacementOffer } from '../../shared/placements/placement.schema.js';
import {
  type ApplicationSummary as ApplicationSummaryType,
  type JpReportRow,
  tallyJp,
  toApplicationSummary,
} from '../../shared/placements/placement-reports.js';
import type { ApplicationTrackingView as ApplicationTrackingViewType, CatalogueItem } from '../../shared/placements/views.js';
import { type ProposalList, toSummary } from '../../shared/proposals/list-proposals.js';
import { ProposalListPage, ProposalTrackingView, proposalExample, type SubmittedProposal } from '../../shared/proposals/proposal.openapi.js';
import { ProposalInput } from '../../shared/proposals/proposal.schema.js';
import type { AuditEvent } from '../../shared/proposals/proposal-records.js';
import type { SubmitResult } from '../../shared/proposals/submit-proposal.js';
import { type TrackingView, trackingView } from '../../shared/proposals/tracking.js';
import {
  type CoordinatorProjectsDeps,
  listProjects,
  type ProjectDetail as ProjectDetailType,
  projectDetail,
} from '../../shared/research/coordinator-projects.js';
import { proposeProject } from '../../shared/research/propose-project.js';
import {
  ProjectDetail,
  ProjectListPage,
  ProjectTrackingView,
  ProposedProject,
  projectExample,
  projectExampleFor,
} from '../../shared/research/research.openapi.js';
import { DEFAULT_MAX_JP_HOURS, projectInput } from '../../shared/research/research.schema.js';
import type { MilestoneRecord, ProjectEvent, ProjectMember, ProjectRecord, ProjectWithTeam } from '../../shared/research/research-records.js';
import type { ResearchRepository } from '../../shared/research/research-repository.js';
import { projectTrackingView } from '../../shared/research/research-step-links.js';
import type { ProjectTrackingView as ProjectTrackingViewType } from '../../shared/research/views.js';
import { aConfig, anApplicationRecord, aProposalRecord } from '../support/fixtures.js';
import { schemaProblems } from '../support/json-schema.js';

const config = aConfig();
const document = apiDocument(config);
/** A day when the README's application is acceptable: its NIP's appointment lies in the past. */
const clock = { now: () => new Date('2027-01-15T03:00:00.000Z') };
const coordinatorClaims = { email: 'bambang@surakarta.go.id', 'cognito:groups': '[coordinators]' };

/** A partnership with the research scope, valid through 2028, so the issue's project fits in it. */
const researchPartnership: PartnershipRecord = {
  id: 'ks-2027-001',
  proposalId: 'p-1',
  institution: { name: 'Universitas Sebelas Maret', type: 'university', pddiktiCode: '001002' },
  contact: { name: 'Wulan Sari', email: 'wulan@uns.example' },
  title: 'Kemitraan penelitian layanan publik',
  scopes: ['research', 'internship'],
  startDate: '2027-01-01',
  endDate: '2028-12-31',
  status: 'ACTIVE',
  createdAt: '2026-12-01T03:00:00.000Z',
};

/**
 * The issue's project as the code stores it (`newProject`, through `proposeProject`), then
 * carried on to ACTIVE with every optional part of its views present: a member who agreed, an
 * approved plan, a progress report overdue after an extension, and decisions by people and by
 * the system.
 */
function aProjectWhole(): { project: ProjectWithTeam; milestones: MilestoneRecord[]; history: ProjectEvent[] } {
  const id = '0b7e1c2a-4d5f-4e6a-9b8c-1d2e3f4a5b6c';
  const input = projectInput(config.WORK_UNITS, config.OFFICIAL_EMAIL_DOMAINS, config.RESEARCH_MAX_JP_HOURS, clock).parse(
    projectExampleFor(config.WORK_UNITS, config.RESEARCH_MAX_JP_HOURS),
  );
  const { members: team, ...data } = input;
  const project: ProjectRecord = {
    id,
    partnershipId: researchPartnership.id,
    status: 'ACTIVE',
    data,
    institution: researchPartnership.institution.name,
    partner: { name: researchPartnership.contact.name, email: researchPartnership.contact.email, language: 'id' },
    round: 2,
    createdAt: '2027-01-15T03:00:00.000Z',
    updatedAt: '2027-03-05T03:00:00.000Z',
    approvedAt: '2027-03-05T03:00:00.000Z',
  };
  const members: ProjectMember[] = team.map((m, i) => ({ ...m, number: i + 1, consent: 'AGREED', consentAt: '2027-01-16T03:00:00.000Z' }));
  const [plan, progress, final] = input.milestones.map(
    (m, i): MilestoneRecord => ({
      projectId: id,
      number: i + 1,
      ...m,
      status: 'PLANNED',
      round: 0,
      extensions: [],
      submissions: [],
      reviews: [],
      updatedAt: project.createdAt,
    }),
  );
  const milestones: MilestoneRecord[] = [
    { ...plan!, status: 'APPROVED', round: 1, openedAt: '2027-02-18T17:00:00.000Z', approvedAt: '2027-03-18T03:00:00.000Z' },
    {
      ...progress!,
      dueDate: '2027-08-14',
      status: 'OPEN',
      overdueAt: '2027-08-14T17:00:00.000Z',
      extensions: [
        {
          number: 1,
          requestedAt: '2027-07-20T03:00:00.000Z',
          previousDueDate: '2027-07-31',
          newDueDate: '2027-08-14',
          reason: 'Data responden terlambat.',
          status: 'APPROVED',
          decidedAt: '2027-07-21T03:00:00.000Z',
          comment: 'Disetujui.',
        },
      ],
    },
    final!,
  ];
  const subject = { type: 'project', id };
  const history: ProjectEvent[] = [
    {
      subject,
      key: 'submitted',
      type: 'submitted',
      at: project.createdAt,
      actor: { role: 'partner', name: 'Wulan Sari', email: 'wulan@uns.example' },
      toStatus: 'SUBMITTED',
    },
    { subject, key: 'm1:consent-requested', type: 'consent-requested', at: '2027-01-15T03:01:00.000Z', actor: { role: 'system' }, step: 'consent', member: 1 },
    {
      subject: { type: 'project-member', id: `${id}/1` },
      key: 'm1:decided',
      type: 'consent-given',
      at: '2027-01-16T03:00:00.000Z',
      actor: { role: 'supervisor', name: 'Rudi Hartono', email: 'rudi@surakarta.go.id' },
      step: 'consent',
      member: 1,
      action: 'approve',
    },
    {
      subject,
      key: 'r1:decided',
      type: 'decided',
      at: '2027-01-20T03:00:00.000Z',
      actor: { role: 'coordinator', name: 'Bambang Koordinator', email: 'bambang@surakarta.go.id' },
      fromStatus: 'PLAN_REVIEW',
      toStatus: 'REVISION_REQUESTED',
      step: 'plan-review',
      round: 1,
      action: 'revise',
      comment: 'Perjelas metode sampel.',
    },
    { subject, key: 'approved', type: 'approved', at: project.approvedAt!, actor: { role: 'system' }, fromStatus: 'PLAN_REVIEW', toStatus: 'ACTIVE', round: 2 },
    {
      subject: { type: 'milestone', id: `${id}/1` },
      key: 'ms1:r1:co-review:decided',
      type: 'decided',
      at: '2027-03-18T03:00:00.000Z',
      actor: { role: 'co-reviewer', name: 'Prof. Hadi Santoso', email: 'lppm@uns.example' },
      toStatus: 'APPROVED',
      step: 'co-review',
      milestone: 1,
      round: 1,
      action: 'approve',
    },
  ];
  return { project: { ...project, members }, milestones, history };
}
/** A day the progress report is overdue, after its extension. */
const projectDay = new Date('2027-08-20T03:00:00.000Z');

beforeAll(() => {
  for (const level of ['info', 'warn', 'error'] as const) vi.spyOn(logger, level).mockImplementation(() => undefined);
});

const operations = (doc: OpenApiDocument): [string, Operation][] =>
  Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => [`${method.toUpperCase()} ${path}`, op] as [string, Operation]),
  );
const operation = (key: string): Operation => {
  const found = operations(document).find(([k]) => k === key)?.[1];
  if (!found) throw new Error(`${key} is not described`);
  return found;
};
/** The schema a response or request body gives for JSON, through its references. */
function jsonSchemaOf(answer: { content?: Record<string, { schema: unknown }> } | Reference): SchemaObject {
  const resolved = '$ref' in answer ? (resolveRef(answer.$ref) as { content?: Record<string, { schema: unknown }> }) : answer;
  return resolved.content?.['application/json']?.schema as SchemaObject;
}
function resolveRef(ref: string): unknown {
  return ref
    .slice(2)
    .split('/')
    .reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], document);
}
/** Every `$ref` anywhere in a value. */
function refsIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(refsIn);
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, v]) => (key === '$ref' && typeof v === 'string' ? [v] : refsIn(v)));
}
/** The JSON blocks of the README that are JSON. */
function readmeJsonBlocks(): unknown[] {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  return [...readme.matchAll(/```json\n([\s\S]*?)```/g)].flatMap(([, block]) => {
    try {
      return [JSON.parse(block!) as unknown];
    } catch {
      return [];
    }
  });
}

describe('the API description', () => {
  it('is an OpenAPI 3.1 document, plain JSON, addressed to the deployment', () => {
    expect(document.openapi).toMatch(/^3\.1\.\d+$/);
    expect(JSON.parse(JSON.stringify(document))).toEqual(document);
    expect(document.servers).toEqual([{ url: config.PUBLIC_BASE_URL }]);
  });

  it('refers only to components it holds', () => {
    const refs = refsIn(document);
    expect(refs.length).toBeGreaterThan(10);
    for (const ref of refs) expect(resolveRef(ref), ref).toBeDefined();
  });

  it('names each operation once', () => {
    const ids = operations(document).map(([, op]) => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('refuses two workflows describing the same route', () => {
    const section = (name: string): OpenApiSection => ({
      tag: { name, description: name },
      schemas: {},
      paths: { '/api/things': { get: { operationId: name, summary: name, responses: {} } } },
    });
    expect(() =>
      openApiDocument({ title: 't', version: '1', description: 'd', serverUrl: 'https://x.example', sections: [section('a'), section('b')] }),
    ).toThrow('GET /api/things is described twice (again by b)');
  });

  it('lets every operation answer 500 with the shape the error mapper gives', () => {
    const body = JSON.parse(errorResponse(new Error('boom'), 'api', 'en').body) as unknown;
    for (const [key, op] of operations(document)) {
      expect(op.responses['500'], key).toEqual({ $ref: '#/components/responses/Internal' });
      expect(schemaProblems(jsonSchemaOf(op.responses['500']!), body, document), key).toEqual([]);
    }
  });

  describe('the validation answer', () => {
    const answer = (issues: { path: string; message: string }[]) => JSON.parse(errorResponse(new ValidationError(issues, 'en'), 'api', 'en').body) as unknown;
    const schema = () => jsonSchemaOf({ $ref: '#/components/responses/ValidationFailed' });

    it('is { "error": "validation", "issues": [{ "path", "message" }] }, as the error mapper writes it', () => {
      expect(schemaProblems(schema(), answer([{ path: 'contact.email', message: 'Not a valid email address.' }]), document)).toEqual([]);
      expect(schemaProblems(schema(), { error: 'validation', issues: [{ path: 'x' }] }, document)).toEqual(['$.issues[0]: lacks message']);
      expect(schemaProblems(schema(), { error: 'conflict', message: 'x' }, document)).not.toEqual([]);
    });

    it('is documented by every route that reads a body or a query', () => {
      const reading = operations(document).filter(([, op]) => op.requestBody || op.parameters?.some((p) => 'in' in p && p.in === 'query'));
      expect(reading.map(([key]) => key).sort()).toEqual([
        'GET /api/placements/{id}/applications',
        'GET /api/projects',
        'GET /api/proposals',
        'GET /api/reports/jp',
        'POST /api/partners/{token}/placements',
        'POST /api/partners/{token}/projects',
        'POST /api/placements/{id}/applications',
        'POST /api/proposals',
      ]);
      for (const [key, op] of reading) expect((op.responses['400'] as Reference).$ref, key).toBe('#/components/responses/ValidationFailed');
    });

    it('has an example that fits it', () => {
      const examples = (resolveRef('#/components/responses/ValidationFailed') as { content: Record<string, { examples: Record<string, { value: unknown }> }> })
        .content['application/json']!.examples;
      for (const { value } of Object.values(examples)) expect(schemaProblems(schema(), value, document)).toEqual([]);
    });
  });

  it('documents the 404 and 409 answers the README names', () => {
    expect(Object.keys(operation('POST /api/partners/{token}/placements').responses)).toEqual(expect.arrayContaining(['201', '400', '404', '409']));
    expect(Object.keys(operation('POST /api/placements/{id}/applications').responses)).toEqual(expect.arrayContaining(['201', '400', '404', '409']));
    expect(Object.keys(operation('POST /api/proposals').responses)).toEqual(expect.arrayContaining(['201', '400']));
    expect(Object.keys(operation('GET /api/track/{token}').responses)).toEqual(expect.arrayContaining(['200', '404']));
  });

  it('documents the same error answers for a proposed research project as for an offered placement', () => {
    const offer = operation('POST /api/partners/{token}/placements').responses;
    const project = operation('POST /api/partners/{token}/projects').responses;
    expect(Object.keys(project).sort()).toEqual(Object.keys(offer).sort());
    for (const status of ['400', '404', '409', '413', '415', '503'])
      expect((project[status] as Reference).$ref, status).toBe((offer[status] as Reference).$ref);
    expect(Object.keys(operation('GET /api/projects/{id}').responses)).toEqual(expect.arrayContaining(['200', '404']));
  });

  it("gives the coordinators' routes the bearer requirement, and a 401 and 403, and the others neither", () => {
    expect(document.components.securitySchemes[COORDINATOR_AUTH]).toMatchObject({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
    const unauthorized = jsonSchemaOf({ $ref: '#/components/responses/Unauthorized' });
    expect(schemaProblems(unauthorized, { message: 'Unauthorized' }, document)).toEqual([]);
    expect(schemaProblems(unauthorized, { message: 'Forbidden' }, document)).not.toEqual([]);
    const guarded = operations(document).filter(([, op]) => op.security);
    expect(guarded.map(([key]) => key).sort()).toEqual([
      'GET /api/placements/{id}/applications',
      'GET /api/projects',
      'GET /api/projects/{id}',
      'GET /api/proposals',
      'GET /api/reports/jp',
    ]);
    for (const [key, op] of operations(document)) {
      const coordinators = guarded.some(([k]) => k === key);
      expect('401' in op.responses, key).toBe(coordinators);
      expect('403' in op.responses, key).toBe(coordinators);
    }
  });

  it('describes the query as the handler reads it: a status in any case is its enum; limit has its default and may be left out', () => {
    const query = Object.fromEntries(
      (operation('GET /api/proposals').parameters ?? []).filter((p): p is ParameterObject => 'in' in p && p.in === 'query').map((p) => [p.name, p]),
    );
    // UNCONFIRMED is not among them: an unconfirmed proposal is in no list.
    expect(query.status).toMatchObject({
      required: true,
      schema: { enum: ['SUBMITTED', 'IN_REVIEW', 'REVISION_REQUESTED', 'APPROVED', 'REJECTED', 'EXPIRED'] },
    });
    expect(query.limit).toMatchObject({ required: false, schema: { type: 'integer', default: 25, minimum: 1, maximum: 100 } });
    expect(query.cursor).toMatchObject({ required: false });
  });

  it('lists the deployment’s work units as the choices of an application’s unit', () => {
    const units = ['Dinas Kesehatan', 'Dinas Sosial'];
    const schema = apiDocument({ ...config, WORK_UNITS: units }).components.schemas.ApplicationInput as { properties: Record<string, SchemaObject> };
    expect(schema.properties.unit?.enum).toEqual(units);
    expect(schema.properties.nip?.type).toBe('string');
  });

  it('lists the deployment’s work units for a project member’s unit, and stops their JP at its maximum', () => {
    const units = ['Dinas Kesehatan', 'Dinas Sosial'];
    const doc = apiDocument({ ...config, WORK_UNITS: units, RESEARCH_MAX_JP_HOURS: 40 });
    const member = (doc.components.schemas.ProjectInput as { properties: { members: { items: { properties: Record<string, SchemaObject> } } } }).properties
      .members.items.properties;
    expect(member.unit?.enum).toEqual(units);
    expect(member.jpHours).toMatchObject({ type: 'integer', minimum: 1, maximum: 40 });
  });

  it('describes the project statuses a coordinator lists by, in any case', () => {
    const status = (operation('GET /api/projects').parameters ?? []).find((p): p is ParameterObject => 'in' in p && p.name === 'status');
    expect(status).toMatchObject({
      in: 'query',
      required: true,
      schema: { enum: ['SUBMITTED', 'CONSENT', 'PLAN_REVIEW', 'REVISION_REQUESTED', 'ACTIVE', 'COMPLETED', 'REJECTED', 'EXPIRED', 'CANCELLED'] },
    });
  });

  it('tells the tracking views apart by their type', () => {
    const schema = jsonSchemaOf(operation('GET /api/track/{token}').responses['200']!);
    expect(schema.discriminator).toEqual({
      propertyName: 'type',
      mapping: {
        proposal: '#/components/schemas/ProposalTrackingView',
        application: '#/components/schemas/ApplicationTrackingView',
        project: '#/components/schemas/ProjectTrackingView',
      },
    });
    const view = JSON.parse(JSON.stringify(trackingView(aProposalRecord(), []))) as unknown;
    expect(schemaProblems(schema, view, document)).toEqual([]);
    expect(schemaProblems(schema, { ...(view as object), type: 'application' }, document)).not.toEqual([]);
    const project = JSON.parse(JSON.stringify(projectTrackingView(aProjectWhole(), projectDay))) as unknown;
    expect(schemaProblems(schema, project, document)).toEqual([]);
    expect(schemaProblems(schema, { ...(project as object), type: 'proposal' }, document)).not.toEqual([]);
  });
});

describe('the documented examples', () => {
  const applicationSchema = applicationInput(defaultWorkUnits, clock);
  const examples = [
    ['the proposal', 'POST /api/proposals', ProposalInput, proposalExample],
    ['the placement offer', 'POST /api/partners/{token}/placements', PlacementOffer, placementOfferExample],
    ['the application', 'POST /api/placements/{id}/applications', applicationSchema, applicationExample],
  ] as const;
  const documented = (key: string) => {
    const body = operation(key).requestBody!.content['application/json']!;
    return { schema: body.schema as SchemaObject, value: Object.values(body.examples ?? {})[0]?.value };
  };

  it.each(examples)('%s is the README’s', (_name, _key, _schema, example) => {
    expect(readmeJsonBlocks()).toContainEqual(example);
  });

  it.each(examples)('%s is what %s documents, and its handler’s schema accepts it', (_name, key, schema, example) => {
    expect(documented(key).value).toEqual(example);
    const result = (schema as z.ZodMiniType).safeParse(example);
    expect(result.success, JSON.stringify(result.error?.issues)).toBe(true);
  });

  it.each(examples)('%s fits the JSON Schema the document gives for %s', (_name, key, _schema, example) => {
    expect(schemaProblems(documented(key).schema, example, document)).toEqual([]);
  });

  it('would be refused by the JSON Schema with an unknown field, a missing one or a value out of range', () => {
    const { schema } = documented('POST /api/proposals');
    expect(schemaProblems(schema, { ...proposalExample, admin: true }, document)).toEqual(['$: has admin, which the schema does not allow']);
    const { title: _title, ...untitled } = proposalExample;
    expect(schemaProblems(schema, untitled, document)).toEqual(['$: lacks title']);
    expect(schemaProblems(schema, { ...proposalExample, durationMonths: 121, scopes: [] }, document)).toEqual([
      '$.scopes: has fewer than 1 items',
      '$.durationMonths: is above 120',
    ]);
  });

  it('keeps the application to the deployment’s own work units', () => {
    expect(applicationExampleFor(defaultWorkUnits).unit).toBe('Dinas Pendidikan');
    const elsewhere = ['Dinas Sosial', 'Dinas Kesehatan'];
    const example = applicationExampleFor(elsewhere);
    expect(example.unit).toBe('Dinas Sosial');
    expect(applicationInput(elsewhere, clock).safeParse(example).success).toBe(true);
    const doc = apiDocument({ ...config, WORK_UNITS: elsewhere });
    const body = doc.paths['/api/placements/{id}/applications']?.post?.requestBody?.content['application/json'];
    expect(Object.values(body?.examples ?? {})[0]?.value).toEqual(example);
  });

  describe('the research project (the issue’s, with a valid NIP, an official address and a listed work unit)', () => {
    const key = 'POST /api/partners/{token}/projects';
    const example = projectExampleFor(config.WORK_UNITS, config.RESEARCH_MAX_JP_HOURS);

    it('is what POST /api/partners/{token}/projects documents, with a work unit of the deployment', () => {
      expect(documented(key).value).toEqual(example);
      expect(example.members[0]?.unit).toBe(config.WORK_UNITS[0]);
    });

    it('is accepted by the handler’s schema, its NIP checked against today', () => {
      // The default clock: the appointment month of the NIP lies in the past whenever the tests run.
      const result = projectInput(config.WORK_UNITS, config.OFFICIAL_EMAIL_DOMAINS, config.RESEARCH_MAX_JP_HOURS).safeParse(example);
      expect(result.success, JSON.stringify(result.error?.issues)).toBe(true);
      expect(projectInput(defaultWorkUnits, defaultOfficialEmailDomains).safeParse(projectExample).success).toBe(true);
    });

    it('fits the JSON Schema the document gives for it', () => {
      expect(schemaProblems(documented(key).schema, example, document)).toEqual([]);
    });

    it('would be refused by the JSON Schema with a unit off the list, too many JP or an unknown field', () => {
      const member = example.members[0]!;
      const { schema } = documented(key);
      expect(schemaProblems(schema, { ...example, members: [{ ...member, unit: 'Dinas Rahasia', jpHours: 61 }] }, document)).toEqual([
        '$.members[0].unit: "Dinas Rahasia" is not one of the enum',
        '$.members[0].jpHours: is above 60',
      ]);
      expect(schemaProblems(schema, { ...example, budget: 1 }, document)).toEqual(['$: has budget, which the schema does not allow']);
    });

    it('keeps to the deployment’s own work units and JP maximum', () => {
      expect(projectExampleFor(defaultWorkUnits, DEFAULT_MAX_JP_HOURS)).toEqual(projectExample);
      const elsewhere = projectExampleFor(['Dinas Sosial', 'Dinas Kesehatan'], 20);
      expect(elsewhere.members[0]).toMatchObject({ unit: 'Dinas Sosial', jpHours: 20 });
      expect(projectInput(['Dinas Sosial', 'Dinas Kesehatan'], defaultOfficialEmailDomains, 20).safeParse(elsewhere).success).toBe(true);
    });
  });
});

describe('the documented answers', () => {
  it('have the types the code answers with (held by the type checker)', () => {
    expectTypeOf<z.output<typeof SubmittedProposal>>().branded.toEqualTypeOf<SubmitResult>();
    expectTypeOf<z.output<typeof ProposalTrackingView>>().branded.toEqualTypeOf<TrackingView>();
    expectTypeOf<z.output<typeof ProposalListPage>>().branded.toEqualTypeOf<ProposalList>();
    expectTypeOf<z.output<typeof OfferedPlacement>>().branded.toEqualTypeOf<{ id: string; status: 'PENDING_APPROVAL' }>();
    expectTypeOf<z.output<typeof Catalogue>['items'][number]>().branded.toEqualTypeOf<
      Pick<CatalogueItem, 'id' | 'title' | 'institution' | 'hostUnit' | 'seats' | 'seatsLeft' | 'startDate' | 'endDate' | 'jpHours' | 'applicationDeadline'>
    >();
    expectTypeOf<z.output<typeof SubmittedApplication>>().branded.toEqualTypeOf<ApplyResult>();
    expectTypeOf<z.output<typeof ApplicationTrackingView>>().branded.toEqualTypeOf<ApplicationTrackingViewType>();
    expectTypeOf<z.output<typeof ApplicationSummary>>().branded.toEqualTypeOf<ApplicationSummaryType>();
    expectTypeOf<z.output<typeof JpReport>['items'][number]>().branded.toEqualTypeOf<JpReportRow>();
    expectTypeOf<z.output<typeof ProposedProject>>().branded.toEqualTypeOf<Awaited<ReturnType<typeof proposeProject>>>();
    expectTypeOf<z.output<typeof ProjectTrackingView>>().branded.toEqualTypeOf<ProjectTrackingViewType>();
    expectTypeOf<z.output<typeof ProjectListPage>>().branded.toEqualTypeOf<Awaited<ReturnType<typeof listProjects>>>();
    expectTypeOf<z.output<typeof ProjectDetail>>().branded.toEqualTypeOf<ProjectDetailType>();
  });

  /** The answer as JSON fits the zod schema without losing a field, and the document's JSON Schema for it. */
  function expectDocumented(schema: z.ZodMiniType, name: string, answer: unknown) {
    const sent = JSON.parse(JSON.stringify(answer)) as unknown;
    const parsed = schema.safeParse(sent);
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    expect(parsed.data).toEqual(sent);
    expect(schemaProblems(document.components.schemas[name]!, sent, document)).toEqual([]);
  }

  it('describe a proposal’s tracking view as the code builds it, history included', () => {
    const events: AuditEvent[] = [
      { proposalId: 'p-1', key: 'r1:submitted', type: 'submitted', at: '2027-01-10T02:15:00.000Z', actor: { role: 'proposer', name: 'Dr. Sri Wahyuni' } },
      {
        proposalId: 'p-1',
        key: 'r1:l1:decided',
        type: 'decided',
        at: '2027-01-11T02:15:00.000Z',
        actor: { role: 'approver', name: 'Bambang Koordinator', email: 'bambang@surakarta.go.id' },
        fromStatus: 'IN_REVIEW',
        toStatus: 'REVISION_REQUESTED',
        level: 1,
        role: 'coordinator',
        round: 1,
        action: 'revise',
        comment: 'Lengkapi anggaran.',
      },
      { proposalId: 'p-1', key: 'r1:reminder', type: 'reminder-sent', at: '2027-01-13T02:15:00.000Z', actor: { role: 'system' } },
    ];
    expectDocumented(ProposalTrackingView, 'ProposalTrackingView', trackingView(aProposalRecord(), events));
  });

  it('describe a page of the coordinators’ proposal list as the code builds it', () => {
    expectDocumented(ProposalListPage, 'ProposalListPage', { items: [toSummary(aProposalRecord())], nextCursor: 'abc_-1' });
  });

  it('describe a page of a placement’s applications as the code builds it', () => {
    const items = [
      toApplicationSummary(anApplicationRecord()),
      toApplicationSummary(anApplicationRecord({ id: 'a-2', status: 'WAITLISTED', waitlistedAt: '2027-03-21T03:00:00.000Z', creditedHours: 16 })),
    ];
    expectDocumented(ApplicationListPage, 'ApplicationListPage', { placement: { id: 'pl-1', title: 'Analisis', seats: 2, seatsTaken: 2 }, items });
  });

  it('describe the JP report as the code tallies it', () => {
    const items = tallyJp([
      { nip: '199001012015011001', year: 2027, name: 'Sri Lestari', unit: 'Dinas Pendidikan', employmentType: 'PNS', jp: 24 },
      // An ASN with JP from an internship (8) and from a research project (16).
      { nip: '199203152018012002', year: 2027, name: 'Dewi Rahayu', unit: 'Diskominfo', employmentType: 'PNS', jp: 24, jpResearch: 16 },
    ]);
    expectDocumented(JpReport, 'JpReport', { year: 2027, minimum: 20, items });
  });

  it('describe an application’s tracking view, every optional part present', () => {
    const view: ApplicationTrackingViewType = {
      id: 'a-1',
      type: 'application',
      status: 'WAITLISTED',
      placement: { ...anApplicationRecord().placement, id: 'pl-1' },
      applicant: { name: 'Sri Lestari', unit: 'Dinas Pendidikan' },
      waitlistPosition: 1,
      creditedHours: 16,
      submittedAt: '2027-03-01T03:00:00.000Z',
      updatedAt: '2027-03-20T03:00:00.000Z',
      canWithdraw: true,
      history: [
        { at: '2027-03-01T03:00:00.000Z', type: 'submitted', status: 'SUBMITTED', by: { role: 'applicant', name: 'Sri Lestari' } },
        { at: '2027-03-20T03:00:00.000Z', type: 'decided', step: 'host', action: 'approve', comment: 'Silakan.', hours: 16 },
      ],
    };
    expectDocumented(ApplicationTrackingView, 'ApplicationTrackingView', view);
  });

  describe('of research projects', () => {
    it('describe the answer to a proposed project as the code gives it', async () => {
      const link = partnerLink(config.LINK_SECRET, researchPartnership, researchPartnership.createdAt);
      const created: { project: ProjectRecord; track: TrackLink }[] = [];
      const research = {
        getLink: async (hash: string) => (hash === link.hash ? link : undefined),
        getPartnership: async (id: string) => (id === researchPartnership.id ? researchPartnership : undefined),
        createProject: async (project: ProjectRecord, _members: unknown, _milestones: unknown, track: TrackLink) => {
          created.push({ project, track });
        },
        deleteProject: async () => undefined,
      };
      const workflows = {
        start: async () => ({ executionArn: 'arn:aws:states:ap-southeast-3:123456789012:execution:research-project:x' }),
        complete: async () => 'delivered' as const,
      };
      const answer = await proposeProject(
        partnerToken(config.LINK_SECRET, researchPartnership),
        projectExampleFor(config.WORK_UNITS, config.RESEARCH_MAX_JP_HOURS),
        { lang: 'id' },
        { research: research as unknown as ResearchRepository, workflows, clock, config },
      );
      expect(created).toHaveLength(1);
      expectDocumented(ProposedProject, 'ProposedProject', answer);
    });

    it('describe a project’s tracking view as the code builds it: members with consent, milestones with extensions, history', () => {
      const view = projectTrackingView(aProjectWhole(), projectDay);
      expect(view.milestones.map((m) => m.overdue)).toEqual([false, true, false]);
      expectDocumented(ProjectTrackingView, 'ProjectTrackingView', view);
    });

    const coordinatorDeps = (): CoordinatorProjectsDeps => {
      const whole = aProjectWhole();
      return {
        research: {
          listProjects: async () => ({ items: [whole.project], next: { createdAt: whole.project.createdAt, id: whole.project.id } }),
          getProjectWhole: async (id) => (id === whole.project.id ? whole : undefined),
          logbook: async () => [
            {
              projectId: whole.project.id,
              id: '0b6f7f0e-6f4c-4d3e-9b1e-2f6a1c9d8e7f',
              by: { role: 'member', member: 1, name: 'Dewi Anggraini' },
              date: '2027-03-10',
              hours: 2.5,
              activity: 'Wawancara petugas loket.',
              createdAt: '2027-03-10T09:00:00.000Z',
            },
          ],
        },
        cursorKey: 'a-cursor-key-of-at-least-32-characters',
        clock: { now: () => projectDay },
      };
    };

    it('describe a page of the coordinators’ project list as the code builds it', async () => {
      const page = await listProjects({ query: { status: 'active' }, claims: coordinatorClaims }, 'en', coordinatorDeps());
      expect(page.nextCursor).toBeDefined();
      expectDocumented(ProjectListPage, 'ProjectListPage', page);
    });

    it('describe one project whole as the code builds it, who acted included', async () => {
      const id = aProjectWhole().project.id;
      const detail = await projectDetail({ pathParams: { id }, claims: coordinatorClaims }, 'en', coordinatorDeps());
      expect(detail.history.map((entry) => entry.by?.role)).toContain('system');
      expectDocumented(ProjectDetail, 'ProjectDetail', detail);
    });
  });
});

describe('GET /api/openapi.json (functions/api/openapi)', () => {
  type HttpHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;
  const workUnits = ['Dinas Pendidikan', 'Dinas Sosial'];
  let handler: HttpHandler;

  beforeAll(async () => {
    // The handler reads and checks its configuration, and builds the document, when it is imported.
    const environment: Record<string, string> = {
      TABLE_NAME: config.TABLE_NAME,
      PROPOSAL_WORKFLOW_ARN: config.PROPOSAL_WORKFLOW_ARN,
      OFFER_WORKFLOW_ARN: config.OFFER_WORKFLOW_ARN,
      APPLICATION_WORKFLOW_ARN: config.APPLICATION_WORKFLOW_ARN,
      RESEARCH_WORKFLOW_ARN: config.RESEARCH_WORKFLOW_ARN,
      MILESTONE_WORKFLOW_ARN: config.MILESTONE_WORKFLOW_ARN,
      PUBLIC_BASE_URL: `${config.PUBLIC_BASE_URL}/`,
      SENDER_EMAIL: config.SENDER_EMAIL,
      APPROVAL_CHAIN: JSON.stringify(config.APPROVAL_CHAIN),
      WORK_UNITS: JSON.stringify(workUnits),
      RESEARCH_MAX_JP_HOURS: '45',
    };
    for (const [name, value] of Object.entries(environment)) vi.stubEnv(name, value);
    ({ handler } = await import('../../functions/api/openapi.js'));
  });
  afterAll(() => {
    vi.unstubAllEnvs();
  });

  const event = (): APIGatewayProxyEventV2 => ({
    version: '2.0',
    routeKey: 'GET /api/openapi.json',
    rawPath: '/api/openapi.json',
    rawQueryString: '',
    headers: { host: 'sinergi.surakarta.go.id' },
    isBase64Encoded: false,
    requestContext: {
      accountId: '123456789012',
      apiId: 'api-1',
      domainName: 'sinergi.surakarta.go.id',
      domainPrefix: 'sinergi',
      http: { method: 'GET', path: '/api/openapi.json', protocol: 'HTTP/1.1', sourceIp: '203.0.113.7', userAgent: 'vitest' },
      requestId: 'req-1',
      routeKey: 'GET /api/openapi.json',
      stage: '$default',
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
    },
  });
  const context = {
    functionName: 'sinergi-openapi-test',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:ap-southeast-3:123456789012:function:sinergi-openapi-test',
    memoryLimitInMB: '512',
    awsRequestId: 'lambda-request-1',
    getRemainingTimeInMillis: () => 15_000,
  } as Context;

  it('answers 200 with the document as JSON, with the headers every answer carries', async () => {
    const res = await handler(event(), context);
    expect(res.statusCode).toBe(200);
    expect(res.headers).toMatchObject({ ...baseHeaders, 'content-type': 'application/json; charset=utf-8' });
    expect(JSON.parse(res.body ?? '')).toEqual(
      apiDocument({
        PUBLIC_BASE_URL: config.PUBLIC_BASE_URL,
        WORK_UNITS: workUnits,
        OFFICIAL_EMAIL_DOMAINS: [...defaultOfficialEmailDomains],
        RESEARCH_MAX_JP_HOURS: 45,
      }),
    );
  });

  it('describes the deployment it runs in: its public address, its work units and its JP maximum for research', async () => {
    const doc = JSON.parse((await handler(event(), context)).body ?? '') as OpenApiDocument;
    expect(doc.servers).toEqual([{ url: config.PUBLIC_BASE_URL }]);
    expect((doc.components.schemas.ApplicationInput as { properties: { unit: SchemaObject } }).properties.unit.enum).toEqual(workUnits);
    const member = (doc.components.schemas.ProjectInput as { properties: { members: { items: { properties: Record<string, SchemaObject> } } } }).properties
      .members.items.properties;
    expect(member.unit?.enum).toEqual(workUnits);
    expect(member.jpHours?.maximum).toBe(45);
  });
});
