import { listProposals } from '../../shared/coordinators/list-proposals.js';
import { json, requestLanguage } from '../../shared/http/http.js';
import { httpHandler } from '../lib/http-handler.js';
import { configWithLinkSecret } from '../lib/link-secret.js';
import { readDeps } from '../lib/read-deps.js';

const config = await configWithLinkSecret();
const deps = { ...readDeps(config), config };

/** GET /api/proposals — coordinators only (a JWT authorizer guards the route): one status, newest first, a page at a time. */
export const handler = httpHandler('api', async (req) => json(200, await listProposals(req, requestLanguage(req), deps)));
