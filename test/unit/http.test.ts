import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  ConflictError,
  type DomainError,
  ForbiddenError,
  GoneError,
  NotFoundError,
  PayloadTooLargeError,
  UnavailableError,
  UnsupportedMediaTypeError,
  ValidationError,
} from '../../shared/kernel/errors.js';
import { errorResponse } from '../../shared/kernel/http/error-response.js';
import { type HttpRequest, type HttpResponse, html, json, MAX_BODY_BYTES, readForm, readJson, redirect } from '../../shared/kernel/http/http.js';
import { logger } from '../../shared/kernel/logger.js';
import { LinkClosedError, LinkUsedError } from '../../shared/kernel/steps/link-errors.js';
import { proposalFormFields } from '../../shared/proposals/proposal-form.js';
import { thrownBy } from '../support/fixtures.js';

function aRequest(overrides: Partial<HttpRequest> = {}): HttpRequest {
  return {
    method: 'POST',
    path: '/api/proposals',
    pathParams: {},
    query: {},
    headers: { 'content-type': 'application/json' },
    body: '{}',
    requestId: 'req-1',
    ...overrides,
  };
}

describe('readJson', () => {
  it('parses a JSON body', () => {
    const req = aRequest({ body: '{"title":"Pelatihan","durationMonths":24}' });

    expect(readJson(req, 'id')).toEqual({ title: 'Pelatihan', durationMonths: 24 });
  });

  it('accepts a JSON content type with parameters and in any case', () => {
    expect(readJson(aRequest({ headers: { 'content-type': 'application/json; charset=utf-8' }, body: '[1]' }), 'id')).toEqual([1]);
    expect(readJson(aRequest({ headers: { 'content-type': 'Application/JSON' }, body: '[2]' }), 'id')).toEqual([2]);
  });

  it('refuses another content type as unsupported, in the reader language', () => {
    const req = aRequest({ headers: { 'content-type': 'text/plain' }, body: '{}' });

    const error = thrownBy(() => readJson(req, 'en'));

    expect(error).toBeInstanceOf(UnsupportedMediaTypeError);
    expect((error as Error).message).toBe('The content type must be application/json.');
  });

  it('refuses a body without a content type as unsupported', () => {
    expect(() => readJson(aRequest({ headers: {} }), 'id')).toThrow(UnsupportedMediaTypeError);
  });

  it('accepts a body of exactly 256 KiB and refuses one byte more as too large', () => {
    const padding = (size: number) => `"${'x'.repeat(size - 2)}"`;

    expect(readJson(aRequest({ body: padding(MAX_BODY_BYTES) }), 'id')).toHaveLength(MAX_BODY_BYTES - 2);
    const error = thrownBy(() => readJson(aRequest({ body: padding(MAX_BODY_BYTES + 1) }), 'id'));

    expect(MAX_BODY_BYTES).toBe(256 * 1024);
    expect(error).toBeInstanceOf(PayloadTooLargeError);
    expect((error as Error).message).toBe('Isi permintaan melebihi 256 KiB.');
  });

  it('counts the size in UTF-8 bytes, not characters', () => {
    // "é" is 2 bytes: well under the limit in characters, over it in bytes.
    const body = `"${'é'.repeat(MAX_BODY_BYTES / 2)}"`;

    expect(() => readJson(aRequest({ body }), 'id')).toThrow(PayloadTooLargeError);
  });

  it('refuses malformed JSON as a validation error on the whole body', () => {
    const error = thrownBy(() => readJson(aRequest({ body: '{"title": ' }), 'en'));

    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toEqual([{ path: '', message: 'Malformed JSON.' }]);
  });
});

describe('readForm', () => {
  it('reads a URL-encoded form, with repeated fields', () => {
    const req = aRequest({
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'title=Pelatihan+ASN&scopes=research&scopes=training&contact.email=rina%40uns.example',
    });

    const fields = readForm(req, 'id', proposalFormFields);

    expect(fields.get('title')).toBe('Pelatihan ASN');
    expect(fields.getAll('scopes')).toEqual(['research', 'training']);
    expect(fields.get('contact.email')).toBe('rina@uns.example');
  });

  it('refuses JSON where a form is expected', () => {
    expect(() => readForm(aRequest({ headers: { 'content-type': 'application/json' } }), 'id', proposalFormFields)).toThrow(UnsupportedMediaTypeError);
  });

  it('refuses a form body over 256 KiB', () => {
    const req = aRequest({ headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `a=${'x'.repeat(MAX_BODY_BYTES)}` });

    expect(() => readForm(req, 'id', proposalFormFields)).toThrow(PayloadTooLargeError);
  });
});

describe('response headers', () => {
  const answers: [string, HttpResponse][] = [
    ['an HTML page', html(200, '<p>ok</p>', 'id')],
    ['a JSON answer', json(200, { ok: true })],
    ['a redirect', redirect('/track/abc')],
  ];

  it.each(answers)('%s is never cached, leaks no referrer and is not indexed', (_kind, response) => {
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.headers['referrer-policy']).toBe('no-referrer');
    expect(response.headers['x-robots-tag']).toContain('noindex');
  });

  it('gives an HTML page a CSP that allows no script and only same-origin form posts', () => {
    const response = html(200, '<p>ok</p>', 'en');
    const csp = response.headers['content-security-policy'] ?? '';

    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('script-src');
    expect(csp).toContain("form-action 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.headers['content-language']).toBe('en');
  });

  it('gives a JSON answer its content type and a serialized body', () => {
    const response = json(201, { id: 'p-1' });

    expect(response.statusCode).toBe(201);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(JSON.parse(response.body)).toEqual({ id: 'p-1' });
  });

  it('redirects with 303 See Other, so the browser follows with a GET', () => {
    const response = redirect('/track/abc');

    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/track/abc');
  });
});

describe('errorResponse', () => {
  beforeEach(() => {
    vi.spyOn(logger, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  const domainErrors: [string, number, DomainError, string][] = [
    ['ForbiddenError', 403, new ForbiddenError('Not from our page.'), 'forbidden'],
    ['NotFoundError', 404, new NotFoundError('This link is not known.'), 'not-found'],
    ['ConflictError', 409, new ConflictError('Already decided.'), 'conflict'],
    ['GoneError', 410, new GoneError('This link has expired.'), 'gone'],
    ['PayloadTooLargeError', 413, new PayloadTooLargeError('Too large.'), 'too-large'],
    ['UnsupportedMediaTypeError', 415, new UnsupportedMediaTypeError('Wrong content type.'), 'unsupported-media-type'],
    ['UnavailableError', 503, new UnavailableError('Try again shortly.'), 'unavailable'],
  ];

  it.each(domainErrors)('answers an API %s with status %i and {error, message}', (_name, status, error, kind) => {
    const response = errorResponse(error, 'api', 'en');

    expect(response.statusCode).toBe(status);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(JSON.parse(response.body)).toEqual({ error: kind, message: error.message });
  });

  it('answers an API validation error with 400 and the field issues', () => {
    const issues = [{ path: 'contact.email', message: 'Not a valid email address.' }];

    const response = errorResponse(new ValidationError(issues, 'en'), 'api', 'en');

    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body)).toEqual({ error: 'validation', issues });
  });

  it.each(domainErrors)('answers a page %s with status %i and an HTML page showing the message', (_name, status, error) => {
    const response = errorResponse(error, 'page', 'en');

    expect(response.statusCode).toBe(status);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.body).toContain('<html');
    expect(response.body).toContain(error.message);
  });

  it('shows each field issue of a validation error on a page', () => {
    const error = new ValidationError([{ path: 'title', message: 'Wajib diisi.' }], 'id');

    const response = errorResponse(error, 'page', 'id');

    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('title: Wajib diisi.');
  });

  it('shows a used link as a kind page saying who decided', () => {
    const outcome = {
      action: 'approve' as const,
      decidedAt: '2027-02-01T03:00:00.000Z',
      decidedBy: { name: 'Bambang Koordinator', email: 'bambang@surakarta.go.id' },
    };

    const response = errorResponse(new LinkUsedError(outcome, 'id'), 'page', 'id');

    expect(response.statusCode).toBe(409);
    expect(response.body).toContain('Bambang Koordinator');
    expect(response.body).not.toContain('bambang@surakarta.go.id');
  });

  it('shows a superseded link as gone, saying to use the newer one', () => {
    const response = errorResponse(new LinkClosedError('superseded', 'en'), 'page', 'en');

    expect(response.statusCode).toBe(410);
    expect(response.body).toContain('This link has been replaced');
  });

  it('escapes the message on a page', () => {
    const response = errorResponse(new ConflictError('<script>alert(1)</script>'), 'page', 'en');

    expect(response.body).not.toContain('<script>alert(1)</script>');
    expect(response.body).toContain('&lt;script&gt;');
  });

  it.each(['api', 'page'] as const)('answers an unexpected %s error with 500 and no internals', (kind) => {
    const error = new Error('connect ECONNREFUSED 10.0.0.12:8000 at table sinergi-secret-table');

    const response = errorResponse(error, kind, 'en');

    expect(response.statusCode).toBe(500);
    expect(response.body).not.toContain('ECONNREFUSED');
    expect(response.body).not.toContain('sinergi-secret-table');
    expect(response.body).not.toContain(error.stack!.split('\n')[1]!.trim());
    expect(response.body).not.toMatch(/\bat .+:\d+:\d+/);
    expect(response.body).toContain('Something went wrong on the server');
  });

  it('answers an unexpected API error with {error: "internal"}', () => {
    const response = errorResponse(new TypeError('x is undefined'), 'api', 'id');

    expect(JSON.parse(response.body)).toEqual({ error: 'internal', message: 'Terjadi kesalahan di server. Silakan coba lagi nanti.' });
  });

  it('logs an unexpected error for the operators by name, message and stack only', () => {
    const error = Object.assign(new Error('boom'), { link: { taskToken: 'secret-task-token' } });

    errorResponse(error, 'api', 'en');

    expect(logger.error).toHaveBeenCalledWith('unexpected error', { errorName: 'Error', errorMessage: 'boom', stack: error.stack });
    expect(JSON.stringify(vi.mocked(logger.error).mock.calls)).not.toContain('secret-task-token');
  });
});
