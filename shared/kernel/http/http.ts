import { PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError } from '../errors.js';
import { type Language, pickLanguage } from '../i18n.js';
import { checkFormFields, type FormFields } from './form.js';

/** An HTTP request as the domain sees it: no platform event types. */
export interface HttpRequest {
  method: string;
  path: string;
  pathParams: Record<string, string>;
  query: Record<string, string>;
  /** Lower-cased names. */
  headers: Record<string, string>;
  body: string;
  requestId: string;
  /** The address the request came from, as the API saw it. */
  sourceIp?: string;
  /**
   * The verified token's claims, when the route has a JWT authorizer. Values are as the API
   * passes them on: strings, with a list claim as `[a b]`.
   */
  claims?: Record<string, unknown>;
}

export interface HttpResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

/** The largest body any route accepts. */
export const MAX_BODY_BYTES = 256 * 1024;

/** Headers every answer carries: nothing cached, nothing leaked through referrers, nothing indexed. */
export const baseHeaders: Record<string, string> = {
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-robots-tag': 'noindex, nofollow',
  'x-content-type-options': 'nosniff',
  // Served over HTTPS by API Gateway; browsers ignore it on the local cloud's plain HTTP.
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
};

const pageHeaders: Record<string, string> = {
  ...baseHeaders,
  'content-type': 'text/html; charset=utf-8',
  // No script runs on any page: nothing can submit a form on a person's behalf.
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-frame-options': 'DENY',
};

export function html(statusCode: number, body: string, lang: Language): HttpResponse {
  return { statusCode, headers: { ...pageHeaders, 'content-language': lang }, body };
}

export function json(statusCode: number, body: unknown): HttpResponse {
  return { statusCode, headers: { ...baseHeaders, 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(body) };
}

export function redirect(location: string): HttpResponse {
  return { statusCode: 303, headers: { ...baseHeaders, location }, body: '' };
}

/** The reader's language for this request: `?lang=`, then Accept-Language, then Indonesian. */
export function requestLanguage(req: HttpRequest, explicit?: string): Language {
  return pickLanguage(explicit ?? req.query.lang, req.headers['accept-language']);
}

function mediaType(req: HttpRequest): string {
  return (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
}

function checkBody(req: HttpRequest, expected: string, lang: Language): void {
  if (Buffer.byteLength(req.body, 'utf8') > MAX_BODY_BYTES)
    throw new PayloadTooLargeError(lang === 'id' ? 'Isi permintaan melebihi 256 KiB.' : 'The request body is larger than 256 KiB.');
  if (mediaType(req) !== expected)
    throw new UnsupportedMediaTypeError(lang === 'id' ? `Jenis isi harus ${expected}.` : `The content type must be ${expected}.`);
}

/** The JSON body, or a 4xx-mapped error for a wrong type, a body too large, or malformed JSON. */
export function readJson(req: HttpRequest, lang: Language): unknown {
  checkBody(req, 'application/json', lang);
  try {
    return JSON.parse(req.body) as unknown;
  } catch {
    throw new ValidationError([{ path: '', message: lang === 'id' ? 'JSON tidak valid.' : 'Malformed JSON.' }], lang);
  }
}

/** The fields of a URL-encoded form body, refused with a 400 unless they are the form's own (see checkFormFields). */
export function readForm(req: HttpRequest, lang: Language, form: FormFields): URLSearchParams {
  checkBody(req, 'application/x-www-form-urlencoded', lang);
  const params = new URLSearchParams(req.body);
  checkFormFields(params, form, lang);
  return params;
}

/** The optional Idempotency-Key header: 1–200 visible ASCII characters, or a 400. */
export function readIdempotencyKey(req: HttpRequest, lang: Language): string | undefined {
  const key = req.headers['idempotency-key'];
  if (key !== undefined && !/^[\x21-\x7e]{1,200}$/.test(key))
    throw new ValidationError(
      [{ path: 'Idempotency-Key', message: lang === 'id' ? 'Harus 1–200 karakter ASCII tanpa spasi.' : 'Must be 1–200 ASCII characters without spaces.' }],
      lang,
    );
  return key;
}

/** The language a body chose (`language`), else the request's. */
export function bodyLanguage(req: HttpRequest, body: unknown): Language {
  const chosen = (body as { language?: unknown } | null)?.language;
  return requestLanguage(req, typeof chosen === 'string' ? chosen : undefined);
}
