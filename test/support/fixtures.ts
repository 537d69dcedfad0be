import type { Config, Person } from '../../shared/kernel/config.js';
import type { PendingConfirmation } from '../../shared/kernel/steps/confirmation.js';
import type { ConfirmLink } from '../../shared/kernel/steps/step-link.js';
import { sealTaskToken } from '../../shared/kernel/steps/task-token-seal.js';
import { hashToken, mintToken } from '../../shared/kernel/steps/tokens.js';
import type { ApplicationInput, PlacementOffer } from '../../shared/placements/placement.schema.js';
import type { ApplicationRecord, PlacementRecord } from '../../shared/placements/placement-records.js';
import type { ProposalInput } from '../../shared/proposals/proposal.schema.js';
import type { ActionLink, DecisionLink, EditLink, Outcome, ProposalRecord } from '../../shared/proposals/proposal-records.js';

/**
 * Builders of the records unit tests work on, each complete and valid, with any part replaced.
 * Unlike `aProposal()` in ./api.ts, every value here is fixed, so tests can assert on them.
 */

/** The first approver of `aConfig()`'s chain: holds `aDecisionLink()` and decides `anOutcome()`. */
export const coordinator = { name: 'Bambang Koordinator', email: 'bambang@surakarta.go.id' } as const satisfies Person;

/** The link secret's value as Secrets Manager holds it: the plain secret of key version 1. */
export const linkSecretValue = 'a-link-secret-of-at-least-32-characters';

/** A complete configuration, as `loadConfig` returns it, with a two-level approval chain. */
export function aConfig(overrides: Partial<Config> = {}): Config {
  return {
    TABLE_NAME: 'sinergi-table',
    PROPOSAL_WORKFLOW_ARN: 'arn:aws:states:ap-southeast-3:123456789012:stateMachine:proposal-review',
    OFFER_WORKFLOW_ARN: 'arn:aws:states:ap-southeast-3:123456789012:stateMachine:placement-offer',
    APPLICATION_WORKFLOW_ARN: 'arn:aws:states:ap-southeast-3:123456789012:stateMachine:application',
    RESEARCH_WORKFLOW_ARN: 'arn:aws:states:ap-southeast-3:123456789012:stateMachine:research-project',
    MILESTONE_WORKFLOW_ARN: 'arn:aws:states:ap-southeast-3:123456789012:stateMachine:research-milestone',
    PUBLIC_BASE_URL: 'https://sinergi.surakarta.go.id',
    SENDER_EMAIL: 'noreply@sinergi.surakarta.go.id',
    LINK_SECRET: { current: '1', keys: { '1': linkSecretValue } },
    APPROVAL_CHAIN: [
      {
        role: 'coordinator',
        approver: { ...coordinator, language: 'id' },
        backup: { name: 'Sari Cadangan', email: 'sari@surakarta.go.id' },
      },
      {
        role: 'head-of-agency',
        approver: { name: 'Kepala BKPSDM', email: 'kepala@surakarta.go.id', language: 'en' },
        backup: { name: 'Sekretaris BKPSDM', email: 'sekretaris@surakarta.go.id' },
      },
    ],
    MAX_REVIEW_ROUNDS: 3,
    WORK_UNITS: ['Dinas Pendidikan', 'Dinas Kesehatan', 'Badan Kepegawaian dan Pengembangan Sumber Daya Manusia'],
    OFFICIAL_EMAIL_DOMAINS: ['surakarta.go.id'],
    ANONYMOUS_SUBMISSIONS_PER_HOUR: 20,
    CONFIRMATION_MAILS_PER_HOUR: 3,
    RESEARCH_MAX_JP_HOURS: 60,
    MILESTONE_OPEN_DAYS_BEFORE: 30,
    ...overrides,
  };
}

/** A valid proposal from Dr. Sri Wahyuni of Universitas Sebelas Maret. */
export function aProposalInput(overrides: Partial<ProposalInput> = {}): ProposalInput {
  return {
    institution: { name: 'Universitas Sebelas Maret', type: 'university', pddiktiCode: '001002' },
    contact: { name: 'Dr. Sri Wahyuni', email: 'sri@uns.ac.id', phone: '+62 271 646994' },
    title: 'Magang ASN di laboratorium kebijakan publik',
    summary: 'Program magang tiga bulan.',
    scopes: ['research', 'internship'],
    startDate: '2027-03-01',
    durationMonths: 24,
    language: 'id',
    ...overrides,
  };
}

/** Proposal `p-1` in its first review round, holding `aProposalInput(data)`. */
export function aProposalRecord(overrides: Partial<ProposalRecord> = {}, data: Partial<ProposalInput> = {}): ProposalRecord {
  return {
    id: 'p-1',
    status: 'IN_REVIEW',
    round: 1,
    data: aProposalInput(data),
    createdAt: '2027-02-01T03:00:00.000Z',
    updatedAt: '2027-02-01T03:00:00.000Z',
    ...overrides,
  };
}

/** The step of `aDecisionLink()`: proposal p-1, round 1, level 1, primary approver. */
export const decisionStepId = 'p-1:r1:l1:primary';

/** The token of `aDecisionLink()`, minted from `aConfig()`'s LINK_SECRET; the link stores its hash. */
export const decisionToken = mintToken(aConfig().LINK_SECRET, {}, 'decision', decisionStepId);

/** `taskToken` sealed under `aDecisionLink()`'s token, as its record keeps it. */
export const sealedForDecision = (taskToken: string) => sealTaskToken(taskToken, decisionToken);
const sealedTaskToken1 = sealedForDecision('task-token-1');

/** The fields every action link has: pending, opened 2027-02-01 10:00 WIB, expiring three days later. */
function actionLinkFields(): Omit<ActionLink, 'kind' | 'hash' | 'stepId' | 'step' | 'attempt' | 'actions' | 'sealedTaskToken'> {
  return {
    subject: { type: 'proposal', id: 'p-1' },
    createdAt: '2027-02-01T03:00:00.000Z',
    state: 'PENDING',
    pageSecret: 'page-secret-of-this-link',
    expiresAt: '2027-02-04T03:00:00.000Z',
    round: 1,
    holder: { ...coordinator, language: 'id' },
  };
}

/** The coordinator's pending link to decide proposal p-1 at level 1, with all three actions. */
export function aDecisionLink(overrides: Partial<DecisionLink> = {}): DecisionLink {
  return {
    ...actionLinkFields(),
    kind: 'step',
    step: 'review',
    hash: hashToken(decisionToken),
    stepId: decisionStepId,
    sealedTaskToken: sealedTaskToken1,
    level: 1,
    role: 'coordinator',
    attempt: 'primary',
    actions: ['approve', 'reject', 'revise'],
    ...overrides,
  };
}

/** A pending link for the proposer to revise proposal p-1 after round 1. */
export function anEditLink(overrides: Partial<EditLink> = {}): EditLink {
  const stepId = 'p-1:r1:edit';
  const token = mintToken(aConfig().LINK_SECRET, {}, 'edit', stepId);
  return {
    ...actionLinkFields(),
    kind: 'step',
    step: 'revision',
    hash: hashToken(token),
    stepId,
    sealedTaskToken: sealTaskToken('task-token-1', token),
    attempt: 'primary',
    actions: ['resubmit'],
    holder: { name: 'Dr. Sri Wahyuni', email: 'sri@uns.ac.id', language: 'id' },
    ...overrides,
  };
}

/** The coordinator's approval, given 2027-02-01 10:00 WIB. */
export function anOutcome(overrides: Partial<Outcome> = {}): Outcome {
  return {
    action: 'approve',
    decidedAt: '2027-02-01T03:00:00.000Z',
    decidedBy: { ...coordinator },
    ...overrides,
  };
}

/** What `act` throws; fails the test when it throws nothing. */
export function thrownBy(act: () => unknown): unknown {
  try {
    act();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error to be thrown');
}

/** What `promise` rejects with; fails the test when it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

/** A two-seat, 16-JP offer at UNS: 5–16 April 2027, applications until 20 March. */
export function aPlacementOffer(overrides: Partial<PlacementOffer> = {}): PlacementOffer {
  return {
    title: 'Analisis kebijakan publik',
    hostUnit: 'Laboratorium Kebijakan Publik',
    description: 'Dua minggu di laboratorium.',
    competencyArea: 'Kebijakan publik',
    seats: 2,
    startDate: '2027-04-05',
    endDate: '2027-04-16',
    applicationDeadline: '2027-03-20',
    jpHours: 16,
    language: 'id',
    ...overrides,
  };
}

/** Placement pl-1: `aPlacementOffer(data)`, published at UNS with no seat taken, hosted by Dr. Sri Wahyuni. */
export function aPlacementRecord(overrides: Partial<PlacementRecord> = {}, data: Partial<PlacementOffer> = {}): PlacementRecord {
  return {
    id: 'pl-1',
    partnershipId: 'ks-2027-001',
    status: 'PUBLISHED',
    data: aPlacementOffer(data),
    institution: 'Universitas Sebelas Maret',
    host: { name: 'Dr. Sri Wahyuni', email: 'sri@uns.ac.id', language: 'id' },
    seatsTaken: 0,
    createdAt: '2027-02-10T03:00:00.000Z',
    updatedAt: '2027-02-11T03:00:00.000Z',
    ...overrides,
  };
}

/** Application a-1 of Sri Lestari (PNS) for placement pl-1, accepted by the host and waiting for a seat. */
export function anApplicationRecord(overrides: Partial<ApplicationRecord> = {}, data: Partial<ApplicationInput> = {}): ApplicationRecord {
  const { title, hostUnit, startDate, endDate, jpHours } = aPlacementOffer();
  return {
    id: 'a-1',
    placementId: 'pl-1',
    status: 'HOST_REVIEW',
    data: {
      nip: '199001012015011001',
      employmentType: 'PNS',
      name: 'Sri Lestari',
      email: 'sri.lestari@surakarta.go.id',
      unit: 'Dinas Pendidikan',
      position: 'Analis Kebijakan Ahli Pertama',
      supervisor: { name: 'Budi Santoso', email: 'budi.santoso@surakarta.go.id' },
      motivation: 'Memperdalam analisis kebijakan.',
      language: 'id',
      ...data,
    },
    placement: { title, hostUnit, startDate, endDate, jpHours, institution: 'Universitas Sebelas Maret' },
    createdAt: '2027-03-01T03:00:00.000Z',
    updatedAt: '2027-03-20T03:00:00.000Z',
    ...overrides,
  };
}

/** The token of `aConfirmLink()`, minted from `aConfig()`'s LINK_SECRET as a submission of proposal p-1 mints it. */
export const confirmToken = mintToken(aConfig().LINK_SECRET, {}, 'confirm', 'proposal:p-1');

/** Dr. Sri Wahyuni's pending link to confirm proposal p-1, made 2027-02-01 10:00 WIB and open for a day. */
export function aConfirmLink(overrides: Partial<ConfirmLink> = {}): ConfirmLink {
  return {
    kind: 'confirm',
    hash: hashToken(confirmToken),
    subject: { type: 'proposal', id: 'p-1' },
    createdAt: '2027-02-01T03:00:00.000Z',
    expiresAt: '2027-02-02T03:00:00.000Z',
    state: 'PENDING',
    pageSecret: 'page-secret-of-this-confirmation',
    holder: { name: 'Dr. Sri Wahyuni', email: 'sri@uns.ac.id', language: 'id' },
    title: 'Magang ASN di laboratorium kebijakan publik',
    ...overrides,
  };
}

/** `aConfirmLink(link)` as a submission stores it: with its token and the `ttl` of the unconfirmed items. */
export function aPendingConfirmation(link: Partial<ConfirmLink> = {}): PendingConfirmation {
  const made = aConfirmLink(link);
  return { token: confirmToken, link: made, ttl: Math.floor(Date.parse(made.expiresAt) / 1000) };
}
