import { ValidationError } from '../../shared/errors.js';
import { json, readJson, requestLanguage } from '../../shared/http/http.js';
import { submitProposal } from '../../shared/proposals/submit-proposal.js';
import { httpHandler } from '../lib/http-handler.js';
import { configWithLinkSecret } from '../lib/link-secret.js';
import { workflowDeps } from '../lib/workflow-deps.js';

const deps = workflowDeps(await configWithLinkSecret());

/** POST /api/proposals — 201 `{ id, status, trackingUrl }`; an Idempotency-Key replays the first answer. */
export const handler = httpHandler('api', async (req) => {
  let lang = requestLanguage(req);
  const body = readJson(req, lang);
  const chosen = (body as { language?: unknown } | null)?.language;
  lang = requestLanguage(req, typeof chosen === 'string' ? chosen : undefined);
  const idempotencyKey = req.headers['idempotency-key'];
  if (idempotencyKey !== undefined && !/^[\x21-\x7e]{1,200}$/.test(idempotencyKey))
    throw new ValidationError(
      [{ path: 'Idempotency-Key', message: lang === 'id' ? 'Harus 1–200 karakter ASCII tanpa spasi.' : 'Must be 1–200 ASCII characters without spaces.' }],
      lang,
    );
  return json(201, await submitProposal(body, { lang, idempotencyKey, requestId: req.requestId }, deps));
});
