import { readSecretString } from '../../shared/kernel/adapters/secrets-manager.js';
import { cursorKey, loadConfig } from '../../shared/kernel/config.js';
import { json, requestLanguage } from '../../shared/kernel/http/http.js';
import { listProposals } from '../../shared/proposals/list-proposals.js';
import { httpHandler } from '../lib/http-handler.js';
import { readDeps } from './read-deps.js';

const config = loadConfig();
const deps = { ...readDeps(config), cursorKey: await cursorKey(config, readSecretString) };

/** GET /api/proposals — coordinators only (a JWT authorizer guards the route): one status, newest first, a page at a time. */
export const handler = httpHandler('api', async (req) => json(200, await listProposals(req, requestLanguage(req), deps)));
