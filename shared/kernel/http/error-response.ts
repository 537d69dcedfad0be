import { DomainError, TooManyRequestsError, ValidationError } from '../errors.js';
import type { Language } from '../i18n.js';
import { logger } from '../logger.js';
import { errorPage, linkClosedPage, linkUsedPage } from '../pages/link-pages.js';
import { LinkClosedError, LinkUsedError } from '../steps/link-errors.js';
import { type HttpResponse, html, json } from './http.js';

const statusOf: Record<DomainError['kind'], number> = {
  validation: 400,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  gone: 410,
  'too-large': 413,
  'unsupported-media-type': 415,
  'too-many-requests': 429,
  unavailable: 503,
};

/**
 * The one place that turns an error into an answer: a page for people, JSON for programs.
 * Domain errors say what went wrong in the reader's language; anything else is a 500 that
 * shows no stack and no internals (the log has them, keyed by request).
 */
export function errorResponse(error: unknown, kind: 'page' | 'api', lang: Language): HttpResponse {
  if (error instanceof TooManyRequestsError) {
    const res =
      kind === 'api' ? json(429, { error: error.kind, message: error.message }) : html(429, errorPage({ lang, statusCode: 429, message: error.message }), lang);
    return { ...res, headers: { ...res.headers, 'retry-after': String(error.retryAfterSeconds) } };
  }
  if (error instanceof DomainError) {
    const statusCode = statusOf[error.kind];
    if (kind === 'api')
      return json(statusCode, error instanceof ValidationError ? { error: 'validation', issues: error.issues } : { error: error.kind, message: error.message });
    if (error instanceof LinkUsedError) return html(statusCode, linkUsedPage({ lang, outcome: error.outcome }), lang);
    if (error instanceof LinkClosedError) return html(statusCode, linkClosedPage({ lang, reason: error.reason }), lang);
    const message = error instanceof ValidationError ? error.issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join(' ') : error.message;
    return html(statusCode, errorPage({ lang, statusCode, message }), lang);
  }
  if (isTransient(error)) {
    logger.warn('a dependency is busy; the client may retry', { errorName: (error as Error).name });
    const message =
      lang === 'id'
        ? 'Layanan sedang sibuk. Tidak ada yang berubah; silakan coba lagi sebentar lagi.'
        : 'The service is busy. Nothing was changed; please try again shortly.';
    const res = kind === 'api' ? json(503, { error: 'unavailable', message }) : html(503, errorPage({ lang, statusCode: 503, message }), lang);
    return { ...res, headers: { ...res.headers, 'retry-after': '2' } };
  }
  // Name, message and stack only: an error may carry records (with tokens or personal data) as fields.
  const { name, message: errorMessage, stack } = error instanceof Error ? error : new Error(String(error));
  logger.error('unexpected error', { errorName: name, errorMessage, stack });
  const message = lang === 'id' ? 'Terjadi kesalahan di server. Silakan coba lagi nanti.' : 'Something went wrong on the server. Please try again later.';
  if (kind === 'api') return json(500, { error: 'internal', message });
  return html(500, errorPage({ lang, statusCode: 500, message }), lang);
}

/** AWS errors that mean "busy for now": the SDK already retried, and the client may try again. */
const transientErrors = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'Throttling',
  'RequestLimitExceeded',
  'TooManyRequestsException',
  'LimitExceededException',
  'ServiceUnavailable',
  'ServiceUnavailableException',
]);

function isTransient(error: unknown): boolean {
  return error instanceof Error && transientErrors.has(error.name);
}
