import { json } from '../../shared/kernel/http/http.js';
import { httpHandler } from '../lib/http-handler.js';

/**
 * GET and HEAD /health — the API and its functions answer. It reads no data and no
 * configuration (the function is given none), so no missing or wrong setting elsewhere can
 * make it fail.
 */
export const handler = httpHandler('api', async () => json(200, { status: 'ok' }));
