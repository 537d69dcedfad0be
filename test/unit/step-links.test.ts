import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../shared/kernel/errors.js';
import { LinkClosedError, LinkUsedError } from '../../shared/kernel/steps/link-errors.js';
import type { LinkRecord } from '../../shared/kernel/steps/step-link.js';
import { assertActionableOrResend } from '../../shared/kernel/steps/step-links.js';
import { sealTaskToken } from '../../shared/kernel/steps/task-token-seal.js';
import { hashToken, mintToken } from '../../shared/kernel/steps/tokens.js';
import type { PlacementRespondDeps } from '../../shared/placements/deps.js';
import type { PlacementStepLink } from '../../shared/placements/placement-records.js';
import { actOnStep } from '../../shared/placements/step-links.js';
import { aConfig, anApplicationRecord, aPlacementRecord, rejectionOf } from '../support/fixtures.js';

const config = aConfig();
const token = mintToken(config.LINK_SECRET, {}, 'decision', 'pl-1:offer:primary');

/** The coordinator's pending link to decide the offer `pl-1`. */
const link: PlacementStepLink = {
  kind: 'step',
  hash: hashToken(token),
  subject: { type: 'placement', id: 'pl-1' },
  createdAt: '2027-02-01T03:00:00.000Z',
  step: 'offer',
  stepId: 'pl-1:offer:primary',
  attempt: 'primary',
  state: 'PENDING',
  sealedTaskToken: sealTaskToken('task-token-1', token),
  pageSecret: 'page-secret-of-this-link',
  expiresAt: '2027-02-04T03:00:00.000Z',
  holder: { name: 'Bambang Koordinator', email: 'bambang@surakarta.go.id', language: 'id' },
  actions: ['approve', 'reject'],
};

/** Only the reads a POST makes before it checks the form; nothing may be written. */
const placements = {
  getLink: async (hash: string): Promise<LinkRecord | undefined> => (hash === link.hash ? link : undefined),
  getPlacement: async (id: string) => (id === 'pl-1' ? aPlacementRecord({ id, status: 'PENDING_APPROVAL' }) : undefined),
  getApplication: async () => undefined,
} as unknown as PlacementRespondDeps['placements'];

const deps: PlacementRespondDeps = {
  placements,
  clock: { now: () => new Date('2027-02-02T03:00:00.000Z') },
  config,
  workflows: {
    complete: async () => {
      throw new Error('nothing may be handed to the workflow');
    },
  },
};

describe('actOnStep', () => {
  it.each([
    ['id', 'Harus salah satu dari: Setujui, Tolak, Kirim laporan.'],
    ['en', 'Must be one of: Approve, Reject, Send report.'],
  ] as const)('names the choices of an unknown decision as the buttons do (%s)', async (lang, message) => {
    const error = await rejectionOf(actOnStep(token, 'decide', { decision: 'maybe', proof: 'x' }, { lang, headers: { origin: config.PUBLIC_BASE_URL } }, deps));

    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toEqual([{ path: 'decision', message }]);
  });

  it.each([
    ['id', 'Pilih salah satu keputusan: Setujui atau Tolak.'],
    ['en', 'Choose one decision: Approve or Reject.'],
  ] as const)('asks to choose when the page was sent with no decision chosen, and writes nothing (%s)', async (lang, message) => {
    const error = await rejectionOf(actOnStep(token, 'decide', { comment: 'Baik.', proof: 'x' }, { lang, headers: { origin: config.PUBLIC_BASE_URL } }, deps));

    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toEqual([{ path: 'decision', message }]);
  });

  it('names the completion’s confirmation as its page does', async () => {
    const completion: PlacementStepLink = { ...link, subject: { type: 'application', id: 'app-1' }, step: 'completion', stepId: 'app-1:completion:primary' };
    const reads = {
      getLink: async () => completion,
      getApplication: async () => anApplicationRecord({ status: 'COMPLETION_REVIEW' }),
    } as unknown as PlacementRespondDeps['placements'];
    const own: PlacementRespondDeps = { ...deps, placements: reads };

    const error = await rejectionOf(actOnStep(token, 'decide', { proof: 'x' }, { lang: 'en', headers: { origin: config.PUBLIC_BASE_URL } }, own));

    expect((error as ValidationError).issues).toEqual([{ path: 'decision', message: 'Choose one decision: Confirm completion or Reject.' }]);
  });
});

describe('assertActionableOrResend', () => {
  const route = { statusWhileOpen: () => 'PENDING_APPROVAL', answer: () => ({ action: 'approve' }) };
  const used = {
    ...link,
    state: 'USED' as const,
    outcome: { action: 'approve', decidedAt: '2027-02-02T02:59:00.000Z', decidedBy: { name: 'Bambang Koordinator', email: 'bambang@surakarta.go.id' } },
  };
  const routeDeps = (fresh: LinkRecord) => ({
    store: { getLink: async () => fresh },
    workflows: { complete: async () => 'gone' as const },
    clock: deps.clock,
  });

  it('tells a press that read the link just before another press used it, and the subject just after, that it was decided (409), not that the step is over', async () => {
    const error = await rejectionOf(assertActionableOrResend(route, token, link, 'APPROVED', 'en', routeDeps(used)));

    expect(error).toBeInstanceOf(LinkUsedError);
    expect((error as LinkUsedError).outcome).toEqual(used.outcome);
  });

  it('answers 410 when the subject moved on and the link, read again, is still unused', async () => {
    const error = await rejectionOf(assertActionableOrResend(route, token, link, 'APPROVED', 'en', routeDeps(link)));

    expect(error).toBeInstanceOf(LinkClosedError);
  });

  it('lets the press through while the subject waits for the link', async () => {
    await expect(assertActionableOrResend(route, token, link, 'PENDING_APPROVAL', 'en', routeDeps(used))).resolves.toBeUndefined();
  });
});
