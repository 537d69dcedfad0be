import { describe, expect, it } from 'vitest';
import { upgradeLink } from '../../shared/kernel/steps/step-link.js';

const common = { hash: 'h'.repeat(64), createdAt: '2027-02-01T03:00:00.000Z' };
const stepFields = {
  stepId: 'p-1:r1:l1:primary',
  state: 'PENDING',
  sealedTaskToken: 'gcm1.sealed-task-token-1',
  pageSecret: 'page-secret',
  expiresAt: '2027-02-04T03:00:00.000Z',
  holder: { name: 'Rina', email: 'rina@bkpsdm.surakarta.go.id', language: 'id' },
};
/** The same fields as a version before task tokens were sealed stored them: the task token plain. */
const { sealedTaskToken: _sealed, ...unsealed } = stepFields;
const plainStepFields = { ...unsealed, taskToken: 'task-token-1' };

describe('upgradeLink (links stored by an earlier version)', () => {
  it("reads a proposal's decision link as a review step of its proposal, keeping level, role, round and actions", () => {
    const legacy = {
      ...common,
      ...plainStepFields,
      kind: 'decision',
      proposalId: 'p-1',
      level: 1,
      role: 'coordinator',
      round: 1,
      attempt: 'primary',
      actions: ['approve'],
    };

    expect(upgradeLink(legacy)).toEqual({
      ...common,
      ...unsealed,
      sealedTaskToken: 'task-token-1',
      kind: 'step',
      subject: { type: 'proposal', id: 'p-1' },
      step: 'review',
      level: 1,
      role: 'coordinator',
      round: 1,
      attempt: 'primary',
      actions: ['approve'],
    });
  });

  it("reads an edit link as the proposer's revision step, the one attempt whose action is to resubmit", () => {
    const legacy = { ...common, ...stepFields, stepId: 'p-1:r1:edit', kind: 'edit', proposalId: 'p-1', round: 1, outcome: { action: 'resubmit' } };

    expect(upgradeLink(legacy)).toMatchObject({
      kind: 'step',
      subject: { type: 'proposal', id: 'p-1' },
      step: 'revision',
      attempt: 'primary',
      actions: ['resubmit'],
      round: 1,
      outcome: { action: 'resubmit' },
    });
    expect(upgradeLink(legacy)).not.toHaveProperty('proposalId');
  });

  it("reads a proposal's and an application's tracking links, and a partner link, with their subjects", () => {
    expect(upgradeLink({ ...common, kind: 'track', proposalId: 'p-1' })).toEqual({ ...common, kind: 'track', subject: { type: 'proposal', id: 'p-1' } });
    expect(upgradeLink({ ...common, kind: 'subject-track', subject: { type: 'application', id: 'a-1' }, pageSecret: 's' })).toEqual({
      ...common,
      kind: 'track',
      subject: { type: 'application', id: 'a-1' },
      pageSecret: 's',
    });
    expect(upgradeLink({ ...common, kind: 'partner', partnershipId: 'ps-1' })).toEqual({
      ...common,
      kind: 'partner',
      subject: { type: 'partnership', id: 'ps-1' },
    });
  });

  it('reads the plain task token of a step link stored before task tokens were sealed as the one it is bound to', () => {
    const current = { ...common, kind: 'step', subject: { type: 'application', id: 'a-1' }, step: 'host', attempt: 'primary', actions: ['approve'] };

    const link = upgradeLink({ ...current, ...plainStepFields });

    // Conditions compare it as read; `openTaskToken` answers a value that is not sealed as it is.
    expect(link).toEqual({ ...current, ...unsealed, sealedTaskToken: 'task-token-1' });
    expect(link).not.toHaveProperty('taskToken');
  });

  it('leaves links already in the current shape as they are', () => {
    const current = {
      ...common,
      ...stepFields,
      kind: 'step',
      subject: { type: 'application', id: 'a-1' },
      step: 'host',
      attempt: 'backup',
      actions: ['approve'],
    };

    expect(upgradeLink(current)).toEqual(current);
    expect(upgradeLink({ ...common, kind: 'track', subject: { type: 'proposal', id: 'p-2' } })).toEqual({
      ...common,
      kind: 'track',
      subject: { type: 'proposal', id: 'p-2' },
    });
  });
});
