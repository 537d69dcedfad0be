import { readSecretString } from '../../shared/adapters/secrets-manager.js';
import { cursorKey, loadConfig } from '../../shared/config.js';
import { listProposals } from '../../shared/coordinators/list-proposals.js';
import { json, requestLanguage } from '../../shared/http/http.js';
import { httpHandler } from '../lib/http-handler.js';
import { readDeps } from '../lib/read-deps.js';

const config = loadConfig();
const deps = { ...readDeps(config), cursorKey: await cursorKey(config, readSecretString) };

/** GET /api/proposals — coordinators only (a JWT authorizer guards the route): one status, newest first, a page at a time. */
export const handler = httpHandler('api', async (req) => json(200, await listProposals(req, requestLanguage(req), deps)));
