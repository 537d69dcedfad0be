import { describe, expect, it } from 'vitest';
import type { Mail } from '../../shared/kernel/ports.js';
import { stepToken } from '../../shared/kernel/steps/human-step.js';
import type { LinkRecord } from '../../shared/kernel/steps/step-link.js';
import { openTaskToken, sealTaskToken } from '../../shared/kernel/steps/task-token-seal.js';
import { hashToken } from '../../shared/kernel/steps/tokens.js';
import type { ResearchDeps } from '../../shared/research/deps.js';
import { extensionDecidedEmail } from '../../shared/research/extension-emails.js';
import { milestoneOverdueEmail, milestoneReminderEmail } from '../../shared/research/milestone-emails.js';
import { escalateOverdueAt, opensAt, overdueFrom, reminderPlan } from '../../shared/research/milestone-rules.js';
import { extensionStep, submissionStep } from '../../shared/research/milestone-steps.js';
import { HANDOVER_AFTER_MS, type MilestoneTask, runMilestoneTask } from '../../shared/research/milestone-tasks.js';
import type { ExtensionRecord, MilestoneRecord, ProjectEvent, ProjectWithTeam, ResearchStepLink } from '../../shared/research/research-records.js';
import { milestoneSubject, type ResearchRepository } from '../../shared/research/research-repository.js';
import { aConfig } from '../support/fixtures.js';
import { aMilestoneLink, aMilestoneRecord, anExtension, aProjectWithTeam } from '../support/research-fixtures.js';

// Milestone 2 of UNS's project, due Saturday 31 July 2027, open since 1 July; the lead asked on
// 20 July to move it to 15 August, and the coordinator has not decided yet. Its instants (WIB = UTC+7):
// reminders at 08:00 WIB on 17, 24, 28 and 30 July and on the 31st; overdue from 00:00 WIB on 1 August;
// escalated a week after that.

const config = aConfig();
const SECRET = config.LINK_SECRET;
const lead = 'sari@uns.example';
const coordinatorEmail = 'bambang@surakarta.go.id';

const D3 = '2027-07-28T01:00:00.000Z';
const D1 = '2027-07-30T01:00:00.000Z';
const D0 = '2027-07-31T01:00:00.000Z';
const OVERDUE = '2027-07-31T17:00:00.000Z';
const ESCALATION = '2027-08-07T17:00:00.000Z';
/** The execution started with the project's approval: its handover horizon is 330 days on, in January 2028. */
const STARTED = '2027-03-01T03:00:00.000Z';

const project: ProjectWithTeam = aProjectWithTeam({ status: 'ACTIVE', approvedAt: STARTED });

const pending: ExtensionRecord = anExtension({
  number: 1,
  requestedAt: '2027-07-20T03:00:00.000Z',
  previousDueDate: '2027-07-31',
  newDueDate: '2027-08-15',
  reason: 'Data survei terlambat',
  status: 'PENDING',
  decidedAt: undefined,
});

function aMilestone(overrides: Partial<MilestoneRecord> = {}): MilestoneRecord {
  return aMilestoneRecord({
    number: 2,
    kind: 'progress',
    title: 'Kemajuan survei',
    dueDate: '2027-07-31',
    review: 'any',
    status: 'OPEN',
    openedAt: '2027-06-30T17:00:00.000Z',
    extensions: [pending],
    pendingExtension: 1,
    ...overrides,
  });
}

/** The lead's submission link of milestone 2, round 1, minted as the tasks mint it. */
const submissionToken = (milestone: MilestoneRecord) => stepToken(submissionStep, { project, milestone, config }, 'primary', SECRET);
/** The coordinator's link (or the backup's) to decide extension 1 of milestone 2. */
const extensionToken = (milestone: MilestoneRecord, attempt: 'primary' | 'backup') =>
  stepToken(extensionStep, { project, milestone, config, extension: pending }, attempt, SECRET);

function aSubmissionLink(milestone: MilestoneRecord, taskToken: string | undefined, overrides: Partial<ResearchStepLink> = {}): ResearchStepLink {
  const token = submissionToken(milestone);
  return aMilestoneLink({ hash: hashToken(token), sealedTaskToken: taskToken === undefined ? undefined : sealTaskToken(taskToken, token), ...overrides });
}

function anExtensionLink(
  milestone: MilestoneRecord,
  attempt: 'primary' | 'backup',
  taskToken: string,
  overrides: Partial<ResearchStepLink> = {},
): ResearchStepLink {
  const token = extensionToken(milestone, attempt);
  return aMilestoneLink({
    hash: hashToken(token),
    step: 'extension',
    stepId: `project:rp-2027-001:milestone-2:extension-1:${attempt}`,
    attempt,
    sealedTaskToken: sealTaskToken(taskToken, token),
    holder: { name: 'Bambang Koordinator', email: coordinatorEmail, language: 'id' },
    actions: ['approve', 'reject'],
    round: undefined,
    ...overrides,
  });
}

interface World {
  deps: ResearchDeps;
  /** Everything the tasks did to the outside, in order. */
  log: string[];
  mails: { to: string; subject: string }[];
  completed: { taskToken: string; output: Record<string, unknown> }[];
  /** The events `once` recorded (each `work` done once). */
  onces: ProjectEvent[];
  overdue: { projectId: string; n: number; at: string }[];
  binds: { hash: string; sealedTaskToken: string; subject: unknown }[];
  decided: Parameters<ResearchRepository['decideExtension']>[0][];
  /** The milestone as the repository holds it; a test may change it between reads. */
  state: { milestone: MilestoneRecord; reads: number };
}

/**
 * The repository as far as the milestone's tasks read and write it, in memory; any other method
 * is missing, so a path that calls one fails. `onRead` may change the milestone a read returns.
 */
function aWorld(
  milestone: MilestoneRecord,
  links: ResearchStepLink[] = [],
  now = '2027-07-28T01:00:05.000Z',
  onRead?: (read: number) => MilestoneRecord | undefined,
): World {
  const world: Omit<World, 'deps'> = { log: [], mails: [], completed: [], onces: [], overdue: [], binds: [], decided: [], state: { milestone, reads: 0 } };
  const stored = new Map<string, LinkRecord>(links.map((l) => [l.hash, l]));
  const claimed = new Set<string>();
  const research = {
    getProjectWhole: async (id: string) => {
      world.state.reads += 1;
      world.state.milestone = onRead?.(world.state.reads) ?? world.state.milestone;
      return id === project.id ? { project, milestones: [aMilestoneRecord({ number: 1, status: 'APPROVED' }), world.state.milestone], history: [] } : undefined;
    },
    getLink: async (hash: string) => stored.get(hash),
    once: async (event: ProjectEvent, work: () => Promise<void>) => {
      const key = `${event.subject.type}:${event.subject.id}:${event.key}`;
      if (claimed.has(key)) return;
      claimed.add(key);
      world.onces.push(event);
      world.log.push(`once ${event.key}`);
      await work();
    },
    markOverdue: async (projectId: string, n: number, at: string) => {
      world.overdue.push({ projectId, n, at });
      world.log.push('markOverdue');
    },
    bindWait: async (hash: string, sealedTaskToken: string, subject: unknown) => {
      world.binds.push({ hash, sealedTaskToken, subject });
      world.log.push('bindWait');
    },
    decideExtension: async (args: Parameters<ResearchRepository['decideExtension']>[0]) => {
      world.decided.push(args);
      world.log.push(`decideExtension ${args.status}`);
    },
  };
  const deps: ResearchDeps = {
    research: research as unknown as ResearchRepository,
    mailer: {
      send: async (mail: Mail) => {
        world.mails.push({ to: mail.to, subject: mail.subject });
        world.log.push(`mail ${mail.to}`);
      },
    },
    workflows: {
      start: async () => {
        throw new Error('no workflow starts here');
      },
      complete: async (taskToken: string, output: Record<string, unknown>) => {
        world.completed.push({ taskToken, output });
        world.log.push(`complete ${String(output.action)}`);
        return 'delivered' as const;
      },
    },
    milestones: {
      start: async () => {
        throw new Error('no execution starts here');
      },
    },
    clock: { now: () => new Date(now) },
    config,
  };
  return { ...world, deps };
}

type TickTask = Extract<MilestoneTask, { action: 'tick' }>;

/** A tick woken by its own wait at `at`, beside the extension's decision unless told otherwise. */
const tickAt = (at: string, overrides: Partial<TickTask> = {}): TickTask => ({
  action: 'tick',
  projectId: project.id,
  milestone: 2,
  generation: 1,
  startedAt: STARTED,
  woke: 'timeout',
  cursor: at,
  wakeAt: at,
  beside: 'extension',
  ...overrides,
});

const reminderSubject = (milestone: MilestoneRecord, daysBefore: 0 | 1 | 3 | 7 | 14) =>
  milestoneReminderEmail({ project, milestone, url: 'https://unused.example', daysBefore }).subject;

// ---------------------------------------------------------------------------------------------

describe('the instants the tests stand on', () => {
  it('are the rules’: 08:00 WIB reminders, overdue from 00:00 WIB the next day, escalation a week on', () => {
    const opens = opensAt('2027-07-31', config.MILESTONE_OPEN_DAYS_BEFORE, STARTED);
    expect(opens).toBe('2027-06-30T17:00:00.000Z');
    expect(reminderPlan('2027-07-31', opens)).toEqual([
      { key: 'd-14', daysBefore: 14, at: '2027-07-17T01:00:00.000Z' },
      { key: 'd-7', daysBefore: 7, at: '2027-07-24T01:00:00.000Z' },
      { key: 'd-3', daysBefore: 3, at: D3 },
      { key: 'd-1', daysBefore: 1, at: D1 },
      { key: 'd-0', daysBefore: 0, at: D0 },
    ]);
    expect(overdueFrom('2027-07-31')).toBe(OVERDUE);
    expect(escalateOverdueAt('2027-07-31')).toBe(ESCALATION);
    expect(reminderSubject(aMilestone(), 3)).toBe(
      '[Sinergi] Pengingat — tenggat tahap 3 hari lagi: Kemajuan survei (Kualitas layanan Mal Pelayanan Publik Surakarta)',
    );
  });
});

describe('tick with an extension pending', () => {
  it('without `beside` asks for the extension’s decision and sends nothing, even at a reminder’s instant', async () => {
    const world = aWorld(aMilestone());
    const tick = await runMilestoneTask(tickAt(D3, { beside: undefined }), world.deps);
    expect(tick).toEqual({ do: 'extension', cursor: D3, wakeAt: null });
    expect(world.log).toEqual([]);
  });

  it('beside the decision sends the 3-day reminder to the lead once and waits for the next instant', async () => {
    const milestone = aMilestone();
    const world = aWorld(milestone);
    const tick = await runMilestoneTask(tickAt(D3), world.deps);
    expect(tick).toEqual({ do: 'wait', cursor: D3, wakeAt: D1, waitSeconds: 2 * 86_400 - 5, open: false });
    expect(world.mails).toEqual([{ to: lead, subject: reminderSubject(milestone, 3) }]);
    expect(world.onces).toEqual([
      expect.objectContaining({
        type: 'milestone-reminder',
        key: 'milestone-2:2027-07-31:d-3',
        comment: 'd-3',
        at: D3,
        subject: milestoneSubject(project.id, 2),
        milestone: 2,
      }),
    ]);
    expect(world.overdue).toEqual([]);
    expect(world.completed).toEqual([]);

    // Woken again at the same instant (a retried task): recorded once, sent once.
    const again = await runMilestoneTask(tickAt(D3), world.deps);
    expect(again).toMatchObject({ do: 'wait', wakeAt: D1 });
    expect(world.mails).toHaveLength(1);
  });

  it('beside the decision marks the milestone overdue when it is, tells the lead and the coordinator, and waits for the escalation', async () => {
    const milestone = aMilestone();
    const world = aWorld(milestone, [], '2027-07-31T17:00:01.000Z');
    // The due date's own reminder first, at its instant; then the overdue mark.
    expect(await runMilestoneTask(tickAt(D0), world.deps)).toMatchObject({ do: 'wait', wakeAt: OVERDUE });
    const tick = await runMilestoneTask(tickAt(OVERDUE), world.deps);
    expect(tick).toEqual({ do: 'wait', cursor: OVERDUE, wakeAt: ESCALATION, waitSeconds: 7 * 86_400 - 1, open: false });
    expect(world.overdue).toEqual([{ projectId: project.id, n: 2, at: OVERDUE }]);
    const overdueTo = (to: 'lead' | 'coordinator') => milestoneOverdueEmail({ project, milestone, url: 'https://unused.example', to, language: 'id' }).subject;
    expect(world.mails).toEqual([
      { to: lead, subject: reminderSubject(milestone, 0) },
      { to: lead, subject: overdueTo('lead') },
      { to: coordinatorEmail, subject: overdueTo('coordinator') },
    ]);
    expect(world.onces.map((e) => [e.type, e.key])).toEqual([
      ['milestone-reminder', 'milestone-2:2027-07-31:d-0'],
      ['milestone-overdue', 'milestone-2:2027-07-31:overdue'],
    ]);
    expect(world.completed).toEqual([]);
  });

  it('beside the decision, once the decision was applied, resumes the cycle and sends nothing', async () => {
    const world = aWorld(aMilestone({ pendingExtension: undefined, extensions: [{ ...pending, status: 'REFUSED', decidedAt: D3 }] }));
    const tick = await runMilestoneTask(tickAt(D3), world.deps);
    expect(tick).toEqual({ do: 'resume', cursor: D3, wakeAt: null });
    expect(world.log).toEqual([]);
  });
});

describe('tick beside the decision when the milestone was sent meanwhile', () => {
  it('ends each pending link of the coordinator’s extension step as moot and resumes', async () => {
    const milestone = aMilestone({ status: 'SUBMITTED', round: 1 });
    const world = aWorld(milestone, [
      anExtensionLink(milestone, 'primary', 'extension-wait-primary'),
      anExtensionLink(milestone, 'backup', 'extension-wait-backup'),
    ]);
    const tick = await runMilestoneTask(tickAt(D3), world.deps);
    expect(tick).toEqual({ do: 'resume', cursor: D3, wakeAt: null });
    expect(world.completed).toEqual([
      { taskToken: 'extension-wait-primary', output: { action: 'moot' } },
      { taskToken: 'extension-wait-backup', output: { action: 'moot' } },
    ]);
    expect(world.mails).toEqual([]);
  });

  it('leaves a link that is not pending alone (the primary superseded by the backup’s)', async () => {
    const milestone = aMilestone({ status: 'SUBMITTED', round: 1 });
    const world = aWorld(milestone, [
      anExtensionLink(milestone, 'primary', 'extension-wait-primary', { state: 'SUPERSEDED' }),
      anExtensionLink(milestone, 'backup', 'extension-wait-backup'),
    ]);
    const tick = await runMilestoneTask(tickAt(D3), world.deps);
    expect(tick).toEqual({ do: 'resume', cursor: D3, wakeAt: null });
    expect(world.completed).toEqual([{ taskToken: 'extension-wait-backup', output: { action: 'moot' } }]);
  });

  it('the links it completes are the extension step’s own: their sealed tokens open with those tokens only', () => {
    const milestone = aMilestone({ status: 'SUBMITTED', round: 1 });
    const link = anExtensionLink(milestone, 'backup', 'extension-wait-backup');
    expect(openTaskToken(link.sealedTaskToken!, extensionToken(milestone, 'backup'))).toBe('extension-wait-backup');
    expect(() => openTaskToken(link.sealedTaskToken!, extensionToken(milestone, 'primary'))).toThrow();
  });
});

describe('tick at the handover horizon', () => {
  // Nothing is due on 20 July (the 14-day reminder was more than a day before); the next instant is the 7-day reminder.
  const at = '2027-07-20T00:00:00.000Z';
  const startedAt = new Date(Date.parse(at) - HANDOVER_AFTER_MS).toISOString();

  it('is 330 days after the execution started', () => {
    expect(startedAt).toBe('2026-08-24T00:00:00.000Z');
  });

  it('beside the decision resumes there, never hands over', async () => {
    const world = aWorld(aMilestone(), [], at);
    expect(await runMilestoneTask(tickAt(at, { startedAt }), world.deps)).toEqual({ do: 'resume', cursor: at, wakeAt: null });
    expect(world.log).toEqual([]);
  });

  it('beside the decision just before it, waits until it', async () => {
    const before = '2027-07-19T23:59:59.000Z';
    const world = aWorld(aMilestone(), [], before);
    expect(await runMilestoneTask(tickAt(before, { startedAt }), world.deps)).toEqual({ do: 'wait', cursor: before, wakeAt: at, waitSeconds: 1, open: false });
  });

  it('without `beside` hands over', async () => {
    const world = aWorld(aMilestone({ pendingExtension: undefined, extensions: [] }), [], at);
    expect(await runMilestoneTask(tickAt(at, { startedAt, beside: undefined }), world.deps)).toEqual({ do: 'handover', cursor: at, wakeAt: null });
    expect(world.log).toEqual([]);
  });
});

describe('await beside the decision', () => {
  const task = { action: 'await', projectId: project.id, milestone: 2, taskToken: 'beside-wait-token', open: false, beside: 'extension' } as const;

  it('binds the lead’s link to the wait and, with the decision applied meanwhile, ends the wait at once', async () => {
    const milestone = aMilestone();
    const decided = aMilestone({ pendingExtension: undefined, dueDate: '2027-08-15', extensions: [{ ...pending, status: 'APPROVED', decidedAt: D3 }] });
    const link = aSubmissionLink(milestone, 'an-earlier-wait');
    // The decision is written between the first read and the one after binding.
    const world = aWorld(milestone, [link], D3, (read) => (read >= 2 ? decided : undefined));
    expect(await runMilestoneTask(task, world.deps)).toEqual({});
    expect(world.binds).toHaveLength(1);
    expect(world.binds[0]).toMatchObject({ hash: link.hash, subject: milestoneSubject(project.id, 2) });
    expect(openTaskToken(world.binds[0]!.sealedTaskToken, submissionToken(milestone))).toBe('beside-wait-token');
    expect(world.completed).toEqual([{ taskToken: 'beside-wait-token', output: { action: 'moved' } }]);
    expect(world.log).toEqual(['bindWait', 'complete moved']);
    expect(world.mails).toEqual([]);
  });

  it('binds the lead’s link and leaves the wait on while the decision is still pending', async () => {
    const milestone = aMilestone();
    const link = aSubmissionLink(milestone, 'an-earlier-wait');
    const world = aWorld(milestone, [link], D3);
    expect(await runMilestoneTask(task, world.deps)).toEqual({});
    expect(world.state.reads).toBe(2);
    expect(world.binds.map((b) => b.hash)).toEqual([link.hash]);
    expect(world.completed).toEqual([]);
    expect(world.mails).toEqual([]);
  });
});

describe('applyExtension wakes the wait beside the decision', () => {
  const task = (decision: Extract<MilestoneTask, { action: 'applyExtension' }>['decision']) =>
    ({ action: 'applyExtension', projectId: project.id, milestone: 2, decision }) as const;

  it('keeps an approval, tells the lead, then completes the lead’s pending link with extension-decided', async () => {
    const milestone = aMilestone();
    const world = aWorld(milestone, [aSubmissionLink(milestone, 'beside-wait-token')], '2027-07-29T02:00:05.000Z');
    expect(await runMilestoneTask(task({ action: 'approve', decidedAt: '2027-07-29T02:00:00.000Z' }), world.deps)).toEqual({});
    expect(world.decided).toHaveLength(1);
    expect(world.decided[0]).toMatchObject({
      number: 1,
      status: 'APPROVED',
      decidedAt: '2027-07-29T02:00:00.000Z',
      comment: undefined,
      event: { type: 'extension-approved', key: 'milestone-2:extension-1:decided', step: 'extension', comment: '2027-07-31 → 2027-08-15' },
    });
    const subject = extensionDecidedEmail({
      project,
      milestone: { ...milestone, dueDate: '2027-08-15' },
      extension: { ...pending, status: 'APPROVED', decidedAt: '2027-07-29T02:00:00.000Z' },
      milestoneUrl: 'https://unused.example',
    }).subject;
    expect(subject).toBe('[Sinergi] Perpanjangan tenggat disetujui: Kemajuan survei (Kualitas layanan Mal Pelayanan Publik Surakarta)');
    expect(world.mails).toEqual([{ to: lead, subject }]);
    expect(world.completed).toEqual([{ taskToken: 'beside-wait-token', output: { action: 'extension-decided' } }]);
    expect(world.log).toEqual(['decideExtension APPROVED', `mail ${lead}`, 'complete extension-decided']);
  });

  it('keeps a refusal and wakes the wait too', async () => {
    const milestone = aMilestone();
    const world = aWorld(milestone, [aSubmissionLink(milestone, 'beside-wait-token')]);
    await runMilestoneTask(task({ action: 'reject', comment: 'Tidak cukup alasan.', decidedAt: '2027-07-29T02:00:00.000Z' }), world.deps);
    expect(world.decided.map((d) => [d.status, d.comment, d.event.type])).toEqual([['REFUSED', 'Tidak cukup alasan.', 'extension-refused']]);
    expect(world.completed).toEqual([{ taskToken: 'beside-wait-token', output: { action: 'extension-decided' } }]);
  });

  it('on a retry after the decision was applied, decides and mails nothing again but still wakes the wait', async () => {
    const applied = aMilestone({ pendingExtension: undefined, dueDate: '2027-08-15', extensions: [{ ...pending, status: 'APPROVED', decidedAt: D3 }] });
    const world = aWorld(applied, [aSubmissionLink(applied, 'beside-wait-token')]);
    expect(await runMilestoneTask(task({ action: 'approve', decidedAt: D3 }), world.deps)).toEqual({});
    expect(world.decided).toEqual([]);
    expect(world.mails).toEqual([]);
    expect(world.completed).toEqual([{ taskToken: 'beside-wait-token', output: { action: 'extension-decided' } }]);
  });

  it('leaves the lead’s link alone when it is not pending (the milestone was sent) or bound to no wait', async () => {
    const milestone = aMilestone();
    for (const link of [aSubmissionLink(milestone, 'beside-wait-token', { state: 'USED' }), aSubmissionLink(milestone, undefined)]) {
      const world = aWorld(milestone, [link]);
      await runMilestoneTask(task({ action: 'reject', decidedAt: D3 }), world.deps);
      expect(world.decided).toHaveLength(1);
      expect(world.completed).toEqual([]);
    }
  });
});
