import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { LocalFunction } from './functions.js';
import { hostChecked } from './host-check.js';

/** A JWT authorizer of the template, checked locally. */
export interface LocalJwtAuthorizer {
  /** Where API Gateway reads the token: `$request.header.<name>` or `$request.querystring.<name>`. */
  identitySource: string[];
  /** Checks the token: its claims, or why it does not check (shown in `www-authenticate`, as API Gateway does). */
  verify(token: string): Promise<{ claims: Record<string, unknown> } | { error: string }>;
}

/** One route of the HTTP API, as the template declares it. */
export interface LocalRoute {
  method: string;
  /** e.g. `/decide/{token}` */
  path: string;
  fn: LocalFunction;
  /** The route's JWT authorizer (`AuthorizationType: JWT`); none for a public route. */
  authorizer?: LocalJwtAuthorizer;
  /** The route's `AuthorizationScopes`: the token's `scope` must hold one of them. */
  authorizationScopes?: string[];
}

/** API Gateway's own limit on a request body. */
const MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;

interface CompiledRoute extends LocalRoute {
  pattern: RegExp;
  params: string[];
  routeKey: string;
}

function compile(route: LocalRoute): CompiledRoute {
  const params: string[] = [];
  const source = route.path
    .split('/')
    .map((segment) => {
      const greedy = /^\{(.+)\+\}$/.exec(segment);
      if (greedy) return (params.push(greedy[1]!), '(.+)');
      const param = /^\{(.+)\}$/.exec(segment);
      if (param) return (params.push(param[1]!), '([^/]+)');
      return segment.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return { ...route, pattern: new RegExp(`^${source}$`), params, routeKey: `${route.method} ${route.path}` };
}

const textual = /^(text\/|application\/(json|x-www-form-urlencoded|xml|javascript)|.*\+json)/i;

/**
 * Serves the template's HTTP API routes on 127.0.0.1: builds the API Gateway (payload 2.0)
 * event a Lambda proxy integration receives, calls the function, and writes its answer. A
 * request whose `Host` is not 127.0.0.1 or localhost on this port is refused (421).
 */
export function startHttpApi(routes: LocalRoute[], port: number, host = '127.0.0.1'): Promise<Server> {
  const compiled = routes.map(compile);
  const server = createServer(
    hostChecked((req, res) => {
      handle(compiled, req, res).catch(() => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end('{"message":"Internal Server Error"}');
      });
    }),
  );
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}

async function handle(routes: CompiledRoute[], req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://local');
  const method = req.method ?? 'GET';
  let match: RegExpExecArray | null = null;
  let route: (typeof routes)[number] | undefined;
  for (const candidate of routes) {
    match = candidate.method === method ? candidate.pattern.exec(url.pathname) : null;
    if (match) {
      route = candidate;
      break;
    }
  }
  if (!route || !match) {
    const known = routes.some((r) => r.pattern.test(url.pathname));
    res.writeHead(known ? 405 : 404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ message: known ? 'Method Not Allowed' : 'Not Found' }));
    return;
  }
  // As on API Gateway, the authorizer answers before the body is read or the function runs.
  let authorizer: { jwt: { claims: Record<string, string>; scopes: string[] | null } } | undefined;
  if (route.authorizer) {
    const outcome = await authorize(route.authorizer, route.authorizationScopes ?? [], req, url);
    if ('refusal' in outcome) {
      res.writeHead(outcome.refusal.status, { 'content-type': 'application/json', ...outcome.refusal.headers });
      res.end(JSON.stringify({ message: outcome.refusal.status === 401 ? 'Unauthorized' : 'Forbidden' }));
      return;
    }
    authorizer = outcome;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_PAYLOAD_BYTES) {
      res.writeHead(413, { 'content-type': 'application/json' });
      res.end('{"message":"Request Entity Too Large"}');
      return;
    }
    chunks.push(chunk as Buffer);
  }
  const raw = Buffer.concat(chunks);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : value;
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams) query[name] = name in query ? `${query[name]},${value}` : value;
  const isText = textual.test(headers['content-type'] ?? 'text/plain');
  const now = new Date();
  const event = {
    version: '2.0',
    routeKey: route.routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    cookies: headers.cookie?.split(/;\s*/),
    headers,
    queryStringParameters: Object.keys(query).length ? query : undefined,
    pathParameters: route.params.length
      ? Object.fromEntries(route.params.map((name, i) => [name, decodeURIComponent((match as RegExpExecArray)[i + 1]!)]))
      : undefined,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'local',
      http: {
        method,
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: route.routeKey,
      ...(authorizer ? { authorizer } : {}),
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    body: raw.length ? (isText ? raw.toString('utf8') : raw.toString('base64')) : undefined,
    isBase64Encoded: raw.length > 0 && !isText,
  };
  let result: unknown;
  try {
    result = await route.fn.invoke(event);
  } catch {
    res.writeHead(500, { 'content-type': 'application/json' });
    res.end('{"message":"Internal Server Error"}');
    return;
  }
  const structured =
    result && typeof result === 'object' && 'statusCode' in result
      ? (result as { statusCode: number; headers?: Record<string, string>; body?: string; isBase64Encoded?: boolean; cookies?: string[] })
      : { statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(result) };
  const outHeaders: Record<string, string | string[]> = { ...(structured.headers ?? {}) };
  if (structured.cookies?.length) outHeaders['set-cookie'] = structured.cookies;
  res.writeHead(structured.statusCode, outHeaders);
  if (method === 'HEAD' || !structured.body) res.end();
  else res.end(structured.isBase64Encoded ? Buffer.from(structured.body, 'base64') : structured.body);
}

/** The token named by an identity source such as `$request.header.Authorization`, or undefined. */
function identityFrom(source: string, req: IncomingMessage, url: URL): string | undefined {
  const header = /^\$request\.header\.(.+)$/i.exec(source);
  if (header) {
    const value = req.headers[header[1]!.toLowerCase()];
    return Array.isArray(value) ? value[0] : value;
  }
  const query = /^\$request\.querystring\.(.+)$/i.exec(source);
  if (query) return url.searchParams.get(query[1]!) ?? undefined;
  return undefined;
}

type Authorization = { jwt: { claims: Record<string, string>; scopes: string[] | null } } | { refusal: { status: 401 | 403; headers: Record<string, string> } };

/**
 * API Gateway's JWT authorizer: no token → 401; a token that does not check → 401 with a
 * `www-authenticate` header saying why; a token without one of the route's scopes → 403.
 * The token may come with or without the `Bearer ` prefix, as on AWS.
 */
async function authorize(authorizer: LocalJwtAuthorizer, scopes: string[], req: IncomingMessage, url: URL): Promise<Authorization> {
  const raw = authorizer.identitySource.map((source) => identityFrom(source, req, url));
  const token = raw[0]?.trim().replace(/^Bearer\s+/i, '');
  if (!token || raw.some((value) => !value?.trim())) return { refusal: { status: 401, headers: {} } };
  const checked = await authorizer.verify(token);
  if ('error' in checked)
    return { refusal: { status: 401, headers: { 'www-authenticate': `Bearer scope="" error="invalid_token" error_description="${checked.error}"` } } };
  const granted = typeof checked.claims.scope === 'string' ? checked.claims.scope.split(' ').filter(Boolean) : [];
  if (scopes.length && !scopes.some((s) => granted.includes(s)))
    return {
      refusal: {
        status: 403,
        headers: {
          'www-authenticate': `Bearer scope="${scopes.join(' ')}" error="insufficient_scope" error_description="expected scopes: ${scopes.join(' ')}"`,
        },
      },
    };
  return { jwt: { claims: apiGatewayClaims(checked.claims), scopes: granted.length ? granted : null } };
}

/** Claims as API Gateway hands them to the function: every value a string, a list as `[a b]`. */
export function apiGatewayClaims(claims: Record<string, unknown>): Record<string, string> {
  const text = (value: unknown): string =>
    Array.isArray(value) ? `[${value.map(text).join(' ')}]` : value !== null && typeof value === 'object' ? JSON.stringify(value) : String(value);
  return Object.fromEntries(Object.entries(claims).map(([name, value]) => [name, text(value)]));
}
