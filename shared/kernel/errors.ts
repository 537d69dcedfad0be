import type { Language } from './i18n.js';

/** One wrong field: where it is and what is wrong with it, in the reader's language. */
export interface FieldIssue {
  path: string;
  message: string;
}

/** Base of every error the domain raises on purpose; the HTTP layer maps `kind` to a status. */
export abstract class DomainError extends Error {
  abstract readonly kind:
    | 'validation'
    | 'not-found'
    | 'conflict'
    | 'gone'
    | 'forbidden'
    | 'too-large'
    | 'unsupported-media-type'
    | 'too-many-requests'
    | 'unavailable';
}

export class ValidationError extends DomainError {
  readonly kind = 'validation';
  override readonly name = 'ValidationError';
  constructor(
    readonly issues: FieldIssue[],
    readonly lang: Language,
  ) {
    super(`Invalid input: ${issues.map((i) => i.path || '(body)').join(', ')}`);
  }
}

export class NotFoundError extends DomainError {
  readonly kind = 'not-found';
  override readonly name = 'NotFoundError';
}

/** The request is well-formed but the thing has moved on (already decided, wrong status, reused key). */
export class ConflictError extends DomainError {
  readonly kind = 'conflict';
  override readonly name = 'ConflictError';
}

/** A link that was valid once but is expired or superseded. */
export class GoneError extends DomainError {
  readonly kind = 'gone';
  override readonly name = 'GoneError';
}

export class ForbiddenError extends DomainError {
  readonly kind = 'forbidden';
  override readonly name = 'ForbiddenError';
}

export class PayloadTooLargeError extends DomainError {
  readonly kind = 'too-large';
  override readonly name = 'PayloadTooLargeError';
}

export class UnsupportedMediaTypeError extends DomainError {
  readonly kind = 'unsupported-media-type';
  override readonly name = 'UnsupportedMediaTypeError';
}

/** A dependency (database, workflow engine) is failing for now; the client may retry. */
export class UnavailableError extends DomainError {
  readonly kind = 'unavailable';
  override readonly name = 'UnavailableError';
}

/** A client has sent more than its share for now; `retryAfterSeconds` says when it may try again. */
export class TooManyRequestsError extends DomainError {
  readonly kind = 'too-many-requests';
  override readonly name = 'TooManyRequestsError';
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}
