import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { OpenApiDocument, Reference, ResponseObject, SchemaObject } from '../../shared/kernel/http/openapi.js';
import { aProposal, postJson } from '../support/api.js';
import { schemaProblems } from '../support/json-schema.js';

const apiUrl = inject('apiUrl');

describe('GET /api/openapi.json on the local cloud', () => {
  let res: Response;
  let document: OpenApiDocument;

  beforeAll(async () => {
    res = await fetch(`${apiUrl}/api/openapi.json`);
    document = (await res.json()) as OpenApiDocument;
  });

  it('answers 200 with an OpenAPI 3.1 document as JSON, addressed to the API it came from', () => {
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(document.openapi).toMatch(/^3\.1\.\d+$/);
    expect(document.servers).toEqual([{ url: apiUrl }]);
  });

  it('describes the JSON routes, each with its methods', () => {
    const described = Object.entries(document.paths).flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`));
    expect(described.sort()).toEqual(
      [
        'GET /api/openapi.json',
        'GET /api/placements',
        'GET /api/placements/{id}/applications',
        'GET /api/projects',
        'GET /api/projects/{id}',
        'GET /api/proposals',
        'GET /api/reports/jp',
        'GET /api/track/{token}',
        'POST /api/partners/{token}/placements',
        'POST /api/partners/{token}/projects',
        'POST /api/placements/{id}/applications',
        'POST /api/proposals',
      ].sort(),
    );
  });

  describe('holds the API to what it documents', () => {
    /** The JSON schema the document gives for one answer of one route, through its references. */
    function answerSchema(method: 'get' | 'post', path: string, status: string): SchemaObject {
      let answer = document.paths[path]?.[method]?.responses[status] as ResponseObject | Reference | undefined;
      if (answer && '$ref' in answer) answer = document.components.responses[answer.$ref.split('/').pop()!];
      const schema = answer?.content?.['application/json']?.schema;
      if (!schema) throw new Error(`${method.toUpperCase()} ${path} documents no JSON answer ${status}`);
      return schema as SchemaObject;
    }

    it('a proposal with a wrong email answers the documented 400', async () => {
      const answer = await postJson(`${apiUrl}/api/proposals`, aProposal({ contact: { name: 'Dr. Rina Wulandari', email: 'not-an-email' } }));
      expect(answer.status).toBe(400);
      expect(schemaProblems(answerSchema('post', '/api/proposals', '400'), await answer.json(), document)).toEqual([]);
    });

    it('a valid proposal answers the documented 201, awaiting its confirmation, and its tracking view the documented 200', async () => {
      const answer = await postJson(`${apiUrl}/api/proposals`, aProposal());
      expect(answer.status).toBe(201);
      const submitted = (await answer.json()) as { status: string; trackingUrl: string };
      expect(submitted.status).toBe('UNCONFIRMED');
      expect(schemaProblems(answerSchema('post', '/api/proposals', '201'), submitted, document)).toEqual([]);
      const view = await fetch(submitted.trackingUrl.replace('/track/', '/api/track/'));
      expect(view.status).toBe(200);
      const tracked = (await view.json()) as { status: string };
      expect(tracked.status).toBe('UNCONFIRMED');
      expect(schemaProblems(answerSchema('get', '/api/track/{token}', '200'), tracked, document)).toEqual([]);
    });

    it('the catalogue answers the documented 200', async () => {
      const answer = await fetch(`${apiUrl}/api/placements`);
      expect(answer.status).toBe(200);
      expect(schemaProblems(answerSchema('get', '/api/placements', '200'), await answer.json(), document)).toEqual([]);
    });

    it('an unknown tracking link answers the documented 404', async () => {
      const answer = await fetch(`${apiUrl}/api/track/${'A'.repeat(43)}`);
      expect(answer.status).toBe(404);
      expect(schemaProblems(answerSchema('get', '/api/track/{token}', '404'), await answer.json(), document)).toEqual([]);
    });

    it("a coordinators' list without a token answers the documented 401", async () => {
      const answer = await fetch(`${apiUrl}/api/proposals?status=IN_REVIEW`);
      expect(answer.status).toBe(401);
      expect(schemaProblems(answerSchema('get', '/api/proposals', '401'), await answer.json(), document)).toEqual([]);
    });
  });
});
