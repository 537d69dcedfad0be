import { App, type CfnElement } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiDocument } from '../../functions/api/api-document.js';
import { buildApp } from '../../infra/app.js';
import { defaultOfficialEmailDomains } from '../../shared/kernel/asn/official-email.js';
import { defaultWorkUnits } from '../../shared/kernel/asn/work-units.js';
import type { OpenApiDocument, Operation } from '../../shared/kernel/http/openapi.js';
import { DEFAULT_MAX_JP_HOURS } from '../../shared/research/research.schema.js';

/** Only the template is needed here: skip esbuild. */
const templateOnly = { 'aws:cdk:bundling-stacks': [] };

interface Route {
  key: string;
  method: string;
  path: string;
  authorizationType: string;
}

/** The HTTP API's routes, as the synthesized stateless template has them. */
function routesOf(template: Template): Route[] {
  return Object.values(template.findResources('AWS::ApiGatewayV2::Route')).map((route) => {
    const key = String(route.Properties.RouteKey);
    const [method = '', path = ''] = key.split(' ');
    return { key, method, path, authorizationType: String(route.Properties.AuthorizationType ?? 'NONE') };
  });
}

function operationOf(document: OpenApiDocument, route: Pick<Route, 'method' | 'path'>): Operation | undefined {
  return document.paths[route.path]?.[route.method.toLowerCase() as 'get' | 'post'];
}

describe('the API description (GET /api/openapi.json) against the synthesized template', () => {
  let template: Template;
  let jsonRoutes: Route[];
  const document = apiDocument({
    PUBLIC_BASE_URL: 'https://sinergi.surakarta.go.id',
    WORK_UNITS: [...defaultWorkUnits],
    OFFICIAL_EMAIL_DOMAINS: [...defaultOfficialEmailDomains],
    RESEARCH_MAX_JP_HOURS: DEFAULT_MAX_JP_HOURS,
  });

  beforeAll(() => {
    const { stateless } = buildApp(new App({ context: templateOnly }));
    template = Template.fromStack(stateless);
    jsonRoutes = routesOf(template).filter((route) => route.path.startsWith('/api/'));
  });

  it('is an OpenAPI 3.1 document', () => {
    expect(document.openapi).toMatch(/^3\.1\.\d+$/);
  });

  it('is itself one of the JSON routes, public', () => {
    expect(jsonRoutes).toContainEqual({ key: 'GET /api/openapi.json', method: 'GET', path: '/api/openapi.json', authorizationType: 'NONE' });
  });

  it('describes every JSON route of the HTTP API (/api/…) with its method', () => {
    expect(jsonRoutes.length).toBeGreaterThanOrEqual(9);
    for (const route of jsonRoutes) expect(operationOf(document, route), route.key).toBeDefined();
  });

  it('describes no route the HTTP API does not have', () => {
    const described = Object.entries(document.paths).flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`));
    expect(described.sort()).toEqual(jsonRoutes.map((route) => route.key).sort());
  });

  it("asks for the coordinators' bearer token, and documents the 401, on exactly the routes behind the JWT authorizer", () => {
    const guarded = jsonRoutes.filter((route) => route.authorizationType === 'JWT');
    expect(guarded.map((route) => route.key).sort()).toEqual([
      'GET /api/placements/{id}/applications',
      'GET /api/projects',
      'GET /api/projects/{id}',
      'GET /api/proposals',
      'GET /api/reports/jp',
    ]);
    const [schemeName, scheme] = Object.entries(document.components.securitySchemes)[0] ?? [];
    expect(scheme).toMatchObject({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
    for (const route of jsonRoutes) {
      const operation = operationOf(document, route)!;
      if (route.authorizationType === 'JWT') {
        expect(operation.security, route.key).toEqual([{ [schemeName!]: [] }]);
        expect(operation.responses['401'], route.key).toEqual({ $ref: '#/components/responses/Unauthorized' });
      } else {
        expect(operation.security, route.key).toBeUndefined();
        expect(operation.responses['401'], route.key).toBeUndefined();
      }
    }
    expect(document.components.responses.Unauthorized?.content?.['application/json']?.schema).toEqual({ $ref: '#/components/schemas/Unauthorized' });
    expect(document.components.schemas.Unauthorized).toMatchObject({ properties: { message: { const: 'Unauthorized' } }, required: ['message'] });
  });

  it("describes the work units and the research JP maximum the deployment's functions are given", () => {
    const workUnits = ['Dinas Pendidikan', 'Dinas Kesehatan'];
    const { stateless } = buildApp(new App({ context: { ...templateOnly, workUnits, researchMaxJpHours: 40 } }));
    const logicalId = stateless.getLogicalId(stateless.node.findChild('OpenApiDocument').node.defaultChild as CfnElement);
    const openApiFunction = Template.fromStack(stateless).findResources('AWS::Lambda::Function')[logicalId];
    const variables = openApiFunction?.Properties.Environment.Variables as Record<string, string>;
    const given = JSON.parse(String(variables.WORK_UNITS)) as string[];
    expect(given).toEqual(workUnits);
    expect(variables.RESEARCH_MAX_JP_HOURS).toBe('40');
    const doc = apiDocument({
      PUBLIC_BASE_URL: 'https://sinergi.surakarta.go.id',
      WORK_UNITS: given,
      OFFICIAL_EMAIL_DOMAINS: [...defaultOfficialEmailDomains],
      RESEARCH_MAX_JP_HOURS: Number(variables.RESEARCH_MAX_JP_HOURS),
    });
    const schema = doc.components.schemas.ApplicationInput as { properties: { unit: { enum: string[] } } };
    expect(schema.properties.unit.enum).toEqual(workUnits);
    const member = (
      doc.components.schemas.ProjectInput as { properties: { members: { items: { properties: Record<string, { enum?: string[]; maximum?: number }> } } } }
    ).properties.members.items.properties;
    expect(member.unit?.enum).toEqual(workUnits);
    expect(member.jpHours?.maximum).toBe(40);
  });
});
