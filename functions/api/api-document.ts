import { version } from '../../package.json';
import type { EnvConfig } from '../../shared/kernel/config.js';
import { type OpenApiDocument, openApiDocument } from '../../shared/kernel/http/openapi.js';
import { placementOpenApi } from '../../shared/placements/placement.openapi.js';
import { proposalOpenApi } from '../../shared/proposals/proposal.openapi.js';

/** The description of Sinergi's JSON routes for this deployment: its address and its work units. */
export function apiDocument(config: Pick<EnvConfig, 'PUBLIC_BASE_URL' | 'WORK_UNITS'>): OpenApiDocument {
  return openApiDocument({
    title: 'Sinergi',
    version,
    description:
      "The JSON API of BKPSDM Kota Surakarta's civil-servant development programme: partnership proposals, internship placements and applications, tracking links, and the coordinators' lists and reports. Messages are in Indonesian or English (`language` in a body, else `?lang=`, else `Accept-Language`).",
    serverUrl: config.PUBLIC_BASE_URL,
    sections: [proposalOpenApi(), placementOpenApi(config.WORK_UNITS)],
  });
}
