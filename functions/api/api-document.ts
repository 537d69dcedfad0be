import { version } from '../../package.json';
import type { EnvConfig } from '../../shared/kernel/config.js';
import { type OpenApiDocument, openApiDocument } from '../../shared/kernel/http/openapi.js';
import { placementOpenApi } from '../../shared/placements/placement.openapi.js';
import { proposalOpenApi } from '../../shared/proposals/proposal.openapi.js';
import { researchOpenApi } from '../../shared/research/research.openapi.js';

/** The description of Sinergi's JSON routes for this deployment: its address, its work units, its mail domains and its JP maximum for research. */
export function apiDocument(config: Pick<EnvConfig, 'PUBLIC_BASE_URL' | 'WORK_UNITS' | 'OFFICIAL_EMAIL_DOMAINS' | 'RESEARCH_MAX_JP_HOURS'>): OpenApiDocument {
  return openApiDocument({
    title: 'Sinergi',
    version,
    description:
      "The JSON API of BKPSDM Kota Surakarta's civil-servant development programme: partnership proposals, internship placements and applications, research projects, tracking links, and the coordinators' lists and reports. Messages are in Indonesian or English (`language` in a body, else `?lang=`, else `Accept-Language`).",
    serverUrl: config.PUBLIC_BASE_URL,
    sections: [
      proposalOpenApi(),
      placementOpenApi(config.WORK_UNITS),
      researchOpenApi(config.WORK_UNITS, config.OFFICIAL_EMAIL_DOMAINS, config.RESEARCH_MAX_JP_HOURS),
    ],
  });
}
