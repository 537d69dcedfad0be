import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayEventRequestContextJWTAuthorizer, APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { errorResponse } from '../../shared/kernel/http/error-response.js';
import { type HttpRequest, type HttpResponse, requestLanguage } from '../../shared/kernel/http/http.js';
import { logger } from '../../shared/kernel/logger.js';

/** Decodes an API Gateway (HTTP API) event into the domain's request. */
export function toRequest(event: APIGatewayProxyEventV2): HttpRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(event.headers ?? {})) if (value !== undefined) headers[name.toLowerCase()] = value;
  const query: Record<string, string> = {};
  for (const [name, value] of Object.entries(event.queryStringParameters ?? {})) if (value !== undefined) query[name] = value;
  const pathParams: Record<string, string> = {};
  for (const [name, value] of Object.entries(event.pathParameters ?? {})) if (value !== undefined) pathParams[name] = value;
  const body = event.body ? (event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body) : '';
  // Present only on routes with a JWT authorizer, which has already checked the token.
  const authorizer = (event.requestContext as { authorizer?: Partial<APIGatewayEventRequestContextJWTAuthorizer> }).authorizer;
  const claims = authorizer?.jwt?.claims;
  return {
    method: event.requestContext.http.method,
    path: event.rawPath,
    pathParams,
    query,
    headers,
    body,
    requestId: event.requestContext.requestId,
    sourceIp: event.requestContext.http.sourceIp,
    ...(claims ? { claims: { ...claims } } : {}),
  };
}

/**
 * Wraps a route: decode the event, run the route, encode the answer, and map any error
 * through the one error mapper (`page` routes answer with pages, `api` routes with JSON).
 * HEAD is answered like GET, without a body.
 */
export function httpHandler(kind: 'page' | 'api', route: (req: HttpRequest) => Promise<HttpResponse>) {
  return middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Error, Context>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .handler(async (event) => {
      const req = toRequest(event);
      let res: HttpResponse;
      try {
        res = await route(req);
      } catch (error) {
        res = errorResponse(error, kind, requestLanguage(req));
      }
      logger.info('request', { method: req.method, routeKey: event.routeKey, status: res.statusCode });
      return { statusCode: res.statusCode, headers: res.headers, body: req.method === 'HEAD' ? '' : res.body };
    });
}
