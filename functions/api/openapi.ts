import { loadConfig } from '../../shared/kernel/config.js';
import { json } from '../../shared/kernel/http/http.js';
import { httpHandler } from '../lib/http-handler.js';
import { apiDocument } from './api-document.js';

const document = apiDocument(loadConfig());

/** GET /api/openapi.json — the OpenAPI 3.1 description of the JSON routes, built once per container. */
export const handler = httpHandler('api', async () => json(200, document));
