import * as z from 'zod/mini';
import type { DomainError } from '../errors.js';
import { languages } from '../i18n.js';
import { tokenPattern } from '../steps/tokens.js';

/**
 * The kit every workflow describes its JSON routes with, and the one builder that puts the
 * OpenAPI 3.1 document together: its skeleton, the error answers every route shares, the
 * coordinators' bearer authentication, and the routes that belong to no single workflow
 * (tracking, and the document itself). It knows no workflow: each gives it an `OpenApiSection`.
 */

export const OPENAPI_VERSION = '3.1.1';
/** Where the document is served. */
export const DOCUMENT_PATH = '/api/openapi.json';
/** The name of the coordinators' bearer (JWT) security scheme. */
export const COORDINATOR_AUTH = 'coordinatorJwt';

/** A JSON Schema (draft 2020-12, the dialect OpenAPI 3.1 embeds). */
export type SchemaObject = { [keyword: string]: unknown };
/** A reference into `components`; OpenAPI 3.1 lets it override the description of what it points to. */
export interface Reference {
  $ref: string;
  description?: string;
}
export interface Example {
  summary?: string;
  value: unknown;
}
export interface MediaType {
  schema: SchemaObject | Reference;
  examples?: Record<string, Example>;
}
export interface ParameterObject {
  name: string;
  in: 'query' | 'path' | 'header';
  required: boolean;
  description?: string;
  schema: SchemaObject;
}
export interface RequestBody {
  required: boolean;
  description?: string;
  content: Record<string, MediaType>;
}
export interface ResponseObject {
  description: string;
  headers?: Record<string, { description: string; schema: SchemaObject }>;
  content?: Record<string, MediaType>;
}
export interface Operation {
  operationId: string;
  summary: string;
  description?: string;
  tags?: string[];
  parameters?: (ParameterObject | Reference)[];
  requestBody?: RequestBody;
  responses: Record<string, ResponseObject | Reference>;
  security?: Record<string, string[]>[];
}
export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
export type PathItem = Partial<Record<Method, Operation>>;

export interface OpenApiDocument {
  openapi: typeof OPENAPI_VERSION;
  info: { title: string; version: string; description: string };
  servers: { url: string }[];
  tags: { name: string; description: string }[];
  paths: Record<string, PathItem>;
  components: {
    schemas: Record<string, SchemaObject>;
    responses: Record<string, ResponseObject>;
    parameters: Record<string, ParameterObject>;
    securitySchemes: Record<string, { type: 'http'; scheme: 'bearer'; bearerFormat: string; description: string }>;
  };
}

/** What one workflow adds to the document. */
export interface OpenApiSection {
  tag: { name: string; description: string };
  paths: Record<string, PathItem>;
  /** Named schemas, referred to with `schemaRef(name)`. */
  schemas: Record<string, SchemaObject>;
  /** The view `GET /api/track/{token}` answers for this workflow's subjects: its `type`, and the name of its schema. */
  tracking?: { type: string; schema: string };
}

// ---------------------------------------------------------------------------------------------
// Schemas

/**
 * A zod schema as a JSON Schema. `input` describes what a client sends (before trimming,
 * coercion and defaults: a field with a default is optional); `output` what the code works
 * with, and so what an answer holds. Checks written as code (refinements) have no JSON Schema
 * form and are left out: say them in the operation's description. A transform's output cannot
 * be described and throws here, so a schema that cannot be documented is found by the tests.
 */
export function schemaOf(schema: z.core.$ZodType, io: 'input' | 'output'): SchemaObject {
  // The payload also carries a non-enumerable `~standard`; the spread leaves it behind.
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, target: 'draft-2020-12' }) as SchemaObject;
  return rest;
}

export const schemaRef = (name: string): Reference => ({ $ref: `#/components/schemas/${name}` });
const responseRef = (name: string, description?: string): Reference => ({
  $ref: `#/components/responses/${name}`,
  ...(description ? { description } : {}),
});
const parameterRef = (name: string): Reference => ({ $ref: `#/components/parameters/${name}` });

/**
 * The query a zod object schema reads, as parameters: each value as the handler reads it (an
 * upper-cased status is its enum, a number is a number), and required only when the client
 * must send it (a field with a default is not).
 */
export function queryParameters(schema: z.core.$ZodType, descriptions: Record<string, string> = {}): ParameterObject[] {
  const read = schemaOf(schema, 'output');
  const sent = schemaOf(schema, 'input');
  const required = new Set((sent.required as string[] | undefined) ?? []);
  return Object.entries((read.properties ?? {}) as Record<string, SchemaObject>).map(([name, value]) => ({
    name,
    in: 'query',
    required: required.has(name),
    ...(descriptions[name] ? { description: descriptions[name] } : {}),
    schema: value,
  }));
}

export function pathParameter(name: string, description: string, schema: SchemaObject = { type: 'string' }): ParameterObject {
  return { name, in: 'path', required: true, description, schema };
}

/** The token a private link's path carries: 256 bits, base64url. */
export const tokenParameter = (description: string) => pathParameter('token', description, { type: 'string', pattern: tokenPattern });

/** The parameters every JSON route shares. */
export const parameters = {
  /** `?lang=`: the language of the answer's messages (else Accept-Language, else Indonesian). */
  lang: parameterRef('Lang'),
  /** The optional `Idempotency-Key` header of the submit routes. */
  idempotencyKey: parameterRef('IdempotencyKey'),
};

// ---------------------------------------------------------------------------------------------
// Bodies and answers

export function jsonContent(schema: SchemaObject | Reference, examples?: Record<string, Example>): Record<string, MediaType> {
  return { 'application/json': { schema, ...(examples ? { examples } : {}) } };
}

/** A required JSON request body. */
export function jsonBody(schema: SchemaObject | Reference, examples?: Record<string, Example>): RequestBody {
  return { required: true, content: jsonContent(schema, examples) };
}

export function jsonAnswer(description: string, schema: SchemaObject | Reference, examples?: Record<string, Example>): ResponseObject {
  return { description, content: jsonContent(schema, examples) };
}

/** The shared error answers; a route may say in its own words when it gives one. */
export const answers = {
  validation: (description?: string) => responseRef('ValidationFailed', description),
  notFound: (description?: string) => responseRef('NotFound', description),
  conflict: (description?: string) => responseRef('Conflict', description),
  unavailable: (description?: string) => responseRef('Unavailable', description),
  tooManyRequests: () => responseRef('TooManyRequests'),
  unauthorized: () => responseRef('Unauthorized'),
  forbidden: () => responseRef('Forbidden'),
};

/** What a route that reads a JSON body may answer besides its own: a wrong body, one too large, one of another type. */
export function jsonBodyAnswers(): Record<string, Reference> {
  return { '400': answers.validation(), '413': responseRef('PayloadTooLarge'), '415': responseRef('UnsupportedMediaType') };
}

/**
 * A coordinators' route: it needs the bearer token, which API Gateway's JWT authorizer checks
 * before the function runs (401), and the function then requires the coordinators' group (403).
 */
export function forCoordinators(operation: Operation): Operation {
  return {
    ...operation,
    security: [{ [COORDINATOR_AUTH]: [] }],
    responses: { ...operation.responses, '401': answers.unauthorized(), '403': answers.forbidden() },
  };
}

const FieldIssue = z.object({ path: z.string(), message: z.string() });
/** The 400 of every JSON route: one issue per wrong field, in the reader's language. */
export const ValidationFailureBody = z.object({ error: z.literal('validation'), issues: z.array(FieldIssue) });
/** Any other error the domain raises: its kind, and what went wrong in the reader's language. */
const failureBody = (kind: DomainError['kind'] | 'internal') => z.object({ error: z.literal(kind), message: z.string() });
/** API Gateway's own answer when the JWT authorizer refuses a token. */
export const UnauthorizedBody = z.object({ message: z.literal('Unauthorized') });

const failure = (description: string, kind: DomainError['kind'] | 'internal'): ResponseObject => jsonAnswer(description, schemaOf(failureBody(kind), 'output'));

function sharedResponses(): Record<string, ResponseObject> {
  return {
    ValidationFailed: jsonAnswer(
      'The input is wrong: each issue names a field (`contact.email`, `scopes[1]`; empty for the body as a whole).',
      schemaRef('ValidationFailure'),
      {
        readme: {
          summary: 'A wrong email address',
          value: { error: 'validation', issues: [{ path: 'contact.email', message: 'Not a valid email address.' }] },
        },
      },
    ),
    NotFound: failure('Not known.', 'not-found'),
    Conflict: failure('Well-formed, but the thing it is about does not allow it now.', 'conflict'),
    PayloadTooLarge: failure('The body is larger than 256 KiB.', 'too-large'),
    UnsupportedMediaType: failure('The body is not `application/json`.', 'unsupported-media-type'),
    Unavailable: {
      ...failure('Busy for now; nothing was changed. Try again after `Retry-After` seconds.', 'unavailable'),
      headers: { 'retry-after': { description: 'Seconds to wait before trying again.', schema: { type: 'integer' } } },
    },
    TooManyRequests: {
      ...failure(
        'This client address made more anonymous submissions this hour than the deployment allows (`anonymousSubmissionsPerHour`); nothing was stored. Try again after `Retry-After` seconds.',
        'too-many-requests',
      ),
      headers: { 'retry-after': { description: 'Seconds until the hour ends.', schema: { type: 'integer' } } },
    },
    Internal: failure('Something went wrong on the server; the answer shows no internals.', 'internal'),
    Unauthorized: jsonAnswer(
      'No bearer token, or one whose signature, expiry, issuer or audience is wrong; API Gateway answers before any function runs (with a `www-authenticate` header saying why).',
      schemaRef('Unauthorized'),
    ),
    Forbidden: failure("A valid token outside the coordinators' group.", 'forbidden'),
  };
}

// ---------------------------------------------------------------------------------------------
// The document

export interface DocumentArgs {
  title: string;
  version: string;
  description: string;
  /** The public base address of the API (`PUBLIC_BASE_URL`). */
  serverUrl: string;
  sections: OpenApiSection[];
}

/** The tracking route: one link kind per workflow whose subjects are tracked, told apart by `type`. */
function trackingPath(sections: OpenApiSection[]): PathItem {
  const views = sections.flatMap((s) => (s.tracking ? [s.tracking] : []));
  return {
    get: {
      operationId: 'track',
      summary: 'Where a proposal, an application or a research project stands',
      description:
        "The private tracking link a proposer, an applicant or a research project's partner got, as JSON: the status and who decided what and when (no email addresses).",
      tags: ['tracking'],
      parameters: [tokenParameter('The token of the tracking link (`/track/{token}`).'), parameters.lang],
      responses: {
        '200': jsonAnswer('The tracking view; `type` says which kind.', {
          oneOf: views.map((v) => schemaRef(v.schema)),
          discriminator: { propertyName: 'type', mapping: Object.fromEntries(views.map((v) => [v.type, schemaRef(v.schema).$ref])) },
        }),
        '404': answers.notFound('No tracking link with this token.'),
      },
    },
  };
}

const documentPath: PathItem = {
  get: {
    operationId: 'openApiDocument',
    summary: 'This description',
    description: 'The OpenAPI 3.1 description of the JSON routes, generated from the schemas the handlers check their input with.',
    tags: ['api'],
    responses: { '200': jsonAnswer('The OpenAPI document.', { type: 'object', required: ['openapi', 'info', 'paths'] }) },
  },
};

/**
 * The OpenAPI document of the sections, with the tracking route and this document's own route.
 * Every operation may also answer 500 `{ "error": "internal" }`. Two sections describing the
 * same route or naming a schema alike is a mistake, and throws.
 */
export function openApiDocument(args: DocumentArgs): OpenApiDocument {
  const paths: Record<string, PathItem> = {};
  const schemas: Record<string, SchemaObject> = {
    ValidationFailure: schemaOf(ValidationFailureBody, 'output'),
    Unauthorized: schemaOf(UnauthorizedBody, 'output'),
  };
  const own = {
    tag: { name: 'api', description: '' },
    paths: { [DOCUMENT_PATH]: documentPath, '/api/track/{token}': trackingPath(args.sections) },
    schemas: {},
  };
  for (const section of [own, ...args.sections]) {
    for (const [path, item] of Object.entries(section.paths)) {
      const merged: PathItem = { ...paths[path] };
      for (const [method, operation] of Object.entries(item) as [Method, Operation][]) {
        if (merged[method]) throw new Error(`${method.toUpperCase()} ${path} is described twice (again by ${section.tag.name})`);
        merged[method] = { ...operation, responses: { ...operation.responses, '500': responseRef('Internal') } };
      }
      paths[path] = merged;
    }
    for (const [name, schema] of Object.entries(section.schemas)) {
      if (schemas[name]) throw new Error(`The schema ${name} is named twice (again by ${section.tag.name})`);
      schemas[name] = schema;
    }
  }

  return {
    openapi: OPENAPI_VERSION,
    info: { title: args.title, version: args.version, description: args.description },
    servers: [{ url: args.serverUrl }],
    tags: [
      ...args.sections.map((s) => s.tag),
      { name: 'tracking', description: 'The private tracking links of proposals, applications and research projects.' },
      { name: 'api', description: 'This description.' },
    ],
    paths,
    components: {
      schemas,
      responses: sharedResponses(),
      parameters: {
        Lang: {
          name: 'lang',
          in: 'query',
          required: false,
          description: 'The language of messages in the answer; without it, `Accept-Language`, then Indonesian.',
          schema: { type: 'string', enum: [...languages] },
        },
        IdempotencyKey: {
          name: 'Idempotency-Key',
          in: 'header',
          required: false,
          description: 'Replays the first answer to a retried request with the same key and the same body; the same key with another body answers 409.',
          schema: { type: 'string', pattern: '^[\\x21-\\x7e]{1,200}$' },
        },
      },
      securitySchemes: {
        [COORDINATOR_AUTH]: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description:
            "An ID or access token of the coordinators' user pool app client (locally: `npm run token -- you@example.go.id`); the holder must be in the `coordinators` group.",
        },
      },
    },
  };
}
