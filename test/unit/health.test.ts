import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

/** The health check, through its middy wrapper, as Lambda runs it. */

type HttpHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

/** Every variable the other functions need: the health check is given none of them. */
const configuration = [
  'TABLE_NAME',
  'PROPOSAL_WORKFLOW_ARN',
  'OFFER_WORKFLOW_ARN',
  'APPLICATION_WORKFLOW_ARN',
  'RESEARCH_WORKFLOW_ARN',
  'MILESTONE_WORKFLOW_ARN',
  'PUBLIC_BASE_URL',
  'SENDER_EMAIL',
  'LINK_SECRET_ARN',
  'CURSOR_SECRET_ARN',
  'APPROVAL_CHAIN',
  'MAX_REVIEW_ROUNDS',
  'WORK_UNITS',
];

let handler: HttpHandler;

beforeAll(async () => {
  for (const name of configuration) vi.stubEnv(name, undefined);
  vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'SILENT');
  ({ handler } = await import('../../functions/api/health.js'));
});

afterAll(() => {
  vi.unstubAllEnvs();
});

function anEvent(method: 'GET' | 'HEAD'): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: `${method} /health`,
    rawPath: '/health',
    rawQueryString: '',
    headers: { host: 'sinergi.example' },
    isBase64Encoded: false,
    requestContext: {
      accountId: '123456789012',
      apiId: 'api-1',
      domainName: 'sinergi.example',
      domainPrefix: 'sinergi',
      http: { method, path: '/health', protocol: 'HTTP/1.1', sourceIp: '203.0.113.7', userAgent: 'vitest' },
      requestId: `health-${method}`,
      routeKey: `${method} /health`,
      stage: '$default',
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
    },
  };
}

const context: Context = {
  callbackWaitsForEmptyEventLoop: true,
  functionName: 'sinergi-health-test',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:ap-southeast-3:123456789012:function:sinergi-health-test',
  memoryLimitInMB: '512',
  awsRequestId: 'lambda-request-1',
  logGroupName: '/aws/lambda/sinergi-health-test',
  logStreamName: '2026/01/01/[$LATEST]stream',
  getRemainingTimeInMillis: () => 15_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
};

describe('the health check (GET and HEAD /health)', () => {
  it('loads with none of the configuration set', () => {
    expect(handler).toBeTypeOf('function');
  });

  it('answers GET with 200 and {"status":"ok"} as JSON, never cached', async () => {
    const res = await handler(anEvent('GET'), context);

    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body ?? '')).toEqual({ status: 'ok' });
    expect(res.headers).toMatchObject({ 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  });

  it('answers HEAD with 200 and no body', async () => {
    const res = await handler(anEvent('HEAD'), context);

    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('');
  });

  it('still answers when a setting it does not use is wrong', async () => {
    vi.stubEnv('APPROVAL_CHAIN', 'not json');
    vi.stubEnv('PUBLIC_BASE_URL', 'not a url');

    const res = await handler(anEvent('GET'), context);

    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body ?? '')).toEqual({ status: 'ok' });
  });
});
