import { loadConfig } from '../../shared/kernel/config.js';
import { baseHeaders, json, requestLanguage } from '../../shared/kernel/http/http.js';
import { jpReport } from '../../shared/placements/placement-reports.js';
import { httpHandler } from '../lib/http-handler.js';
import { placementReadDeps } from './deps.js';

const deps = placementReadDeps(loadConfig());

/** GET /api/reports/jp?year=&format=csv — coordinators only: each ASN's JP in a year, as JSON or a CSV file. */
export const handler = httpHandler('api', async (req) => {
  const report = await jpReport(req, requestLanguage(req), deps);
  if (report.format === 'json') return json(200, report.body);
  return {
    statusCode: 200,
    headers: { ...baseHeaders, 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="jp-${report.year}.csv"` },
    body: report.body,
  };
});
