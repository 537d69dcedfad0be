import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ForbiddenError, GoneError, NotFoundError, TooManyRequestsError, UnavailableError } from '../../shared/kernel/errors.js';
import { errorResponse } from '../../shared/kernel/http/error-response.js';
import { logger } from '../../shared/kernel/logger.js';
import { confirmPage, SUBMITTER_TICKED } from '../../shared/kernel/pages/confirm-pages.js';
import {
  CONFIRMATION_WINDOW_S,
  type Confirmable,
  confirmOnce,
  findConfirmation,
  isLapsed,
  pendingConfirmation,
} from '../../shared/kernel/steps/confirmation.js';
import { type ConfirmLink, type LinkRecord, StepConflict, type Subject } from '../../shared/kernel/steps/step-link.js';
import { hashToken, isValidPageProof, pageProof } from '../../shared/kernel/steps/tokens.js';
import { countConfirmationMail, type HourlySlots } from '../../shared/kernel/store/rate-limit.js';
import { ProposalRepository } from '../../shared/proposals/proposal-repository.js';
import { aConfig, aConfirmLink, aDecisionLink, confirmToken, decisionToken, rejectionOf } from '../support/fixtures.js';

/** 1 February 2027, 12:00 WIB: two hours after proposal p-1 was submitted and its confirmation link mailed. */
const now = new Date('2027-02-01T05:00:00.000Z');
const HOUR_MS = 3_600_000;
const config = aConfig();
const ownOrigin = new URL(config.PUBLIC_BASE_URL).origin;
const fromOwnPage = { origin: ownOrigin };

/** The HTTP status the one error mapper gives an error. */
const statusOf = (error: unknown) => errorResponse(error, 'api', 'en').statusCode;

/** A submission as a workflow stores it, reduced to what the confirmation reads. */
interface Submission {
  id: string;
  createdAt: string;
}

/** The links of the table, in memory: what `findConfirmation` reads, counting each read. */
class InMemoryLinks {
  readonly links = new Map<string, LinkRecord>();
  reads = 0;
  constructor(...links: LinkRecord[]) {
    for (const link of links) this.links.set(link.hash, structuredClone(link));
  }
  async getLink(hash: string): Promise<LinkRecord | undefined> {
    this.reads += 1;
    return structuredClone(this.links.get(hash));
  }
}

/**
 * A workflow's submissions, in memory, with the one conditional write of a confirmation: the
 * link goes from PENDING to USED once, with what the press did; a press that meets a used link
 * is told so (StepConflict), as the real transaction does.
 */
class InMemorySubmissions implements Confirmable<Submission> {
  readonly submissions = new Map<string, Submission>();
  /** What each `confirm` wrote, in order. */
  readonly writes: { hash: string; result: 'confirmed' | 'refused' }[] = [];
  readonly started: string[] = [];
  /** What pressing the button makes of a submission: a workflow refuses one that another stands in the way of. */
  answer: 'confirmed' | 'refused' = 'confirmed';
  /** Runs just before each write lands: lets a test play another press getting there first. */
  beforeWrite: () => void = () => undefined;
  /** Errors the next starts throw, in order. */
  readonly startFailures: Error[] = [];

  constructor(
    private readonly store: InMemoryLinks,
    ...submissions: Submission[]
  ) {
    for (const s of submissions) this.submissions.set(s.id, { ...s });
  }

  async load(subject: Subject): Promise<Submission | undefined> {
    return subject.type === 'proposal' ? structuredClone(this.submissions.get(subject.id)) : undefined;
  }

  createdAt(subject: Submission): string {
    return subject.createdAt;
  }

  async confirm(link: ConfirmLink, _subject: Submission, at: Date): Promise<'confirmed' | 'refused'> {
    this.beforeWrite();
    const stored = this.store.links.get(link.hash) as ConfirmLink;
    if (stored.state !== 'PENDING' || stored.expiresAt <= at.toISOString()) throw new StepConflict(structuredClone(stored), undefined);
    stored.state = 'USED';
    stored.outcome = { result: this.answer, at: at.toISOString() };
    this.writes.push({ hash: link.hash, result: this.answer });
    return this.answer;
  }

  async start(subject: Submission): Promise<void> {
    const failure = this.startFailures.shift();
    if (failure) throw failure;
    this.started.push(subject.id);
  }
}

/** Proposal p-1, submitted at 10:00 WIB, and its pending confirmation link behind `confirmToken`. */
function aSetting(link: Partial<ConfirmLink> = {}, submission: Partial<Submission> = {}) {
  const store = new InMemoryLinks(aConfirmLink(link), aDecisionLink());
  const route = new InMemorySubmissions(store, { id: 'p-1', createdAt: '2027-02-01T03:00:00.000Z', ...submission });
  const deps = { store, clock: { now: () => now }, config };
  return { store, route, deps };
}

/** The anti-forgery value the page of `aConfirmLink()` carries when it was shown `agoMs` before now. */
const proofShown = (agoMs = 60_000, secret = aConfirmLink().pageSecret) => pageProof(secret, now.getTime() - agoMs);

const used = (result: 'confirmed' | 'refused'): Partial<ConfirmLink> => ({ state: 'USED', outcome: { result, at: '2027-02-01T04:00:00.000Z' } });

beforeEach(() => {
  for (const level of ['info', 'warn', 'error'] as const) vi.spyOn(logger, level).mockImplementation(() => undefined);
});

describe('pendingConfirmation', () => {
  const made = pendingConfirmation(config.LINK_SECRET, {}, { type: 'proposal', id: 'p-1' }, aConfirmLink().holder, 'Judul', now);

  it('stores only the hash of the token it mails, and the same submission gets the same token', () => {
    expect(made.link.hash).toBe(hashToken(made.token));
    expect(JSON.stringify(made.link)).not.toContain(made.token);
    expect(pendingConfirmation(config.LINK_SECRET, {}, { type: 'proposal', id: 'p-1' }, aConfirmLink().holder, 'Judul', now).token).toBe(made.token);
  });

  it('mints its token under the key version of the submission it confirms', () => {
    const keyring = { current: '2', keys: { '1': 'k'.repeat(32), '2': 'n'.repeat(32) } };
    const subject = { type: 'proposal', id: 'p-1' };
    expect(pendingConfirmation(keyring, { keyVersion: '2' }, subject, aConfirmLink().holder, 'Judul', now).token).toMatch(/^2\.[A-Za-z0-9_-]{43}$/);
    expect(pendingConfirmation(keyring, {}, subject, aConfirmLink().holder, 'Judul', now).token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('is open for a day, and the unconfirmed items are removed when that day ends', () => {
    expect(made.link).toMatchObject({ kind: 'confirm', state: 'PENDING', createdAt: now.toISOString(), expiresAt: '2027-02-02T05:00:00.000Z' });
    expect(made.ttl).toBe(now.getTime() / 1000 + CONFIRMATION_WINDOW_S);
  });
});

describe('isLapsed', () => {
  it('counts the window from the submission, to the second', () => {
    const createdAt = '2027-02-01T03:00:00.000Z';
    expect(isLapsed(createdAt, new Date('2027-02-02T02:59:59.999Z'))).toBe(false);
    expect(isLapsed(createdAt, new Date('2027-02-02T03:00:00.000Z'))).toBe(true);
  });
});

describe('findConfirmation (the page: it only reads)', () => {
  it('finds the pending link and its submission, with a page proof that the link itself accepts', async () => {
    const { route, deps } = aSetting();

    const found = await findConfirmation(confirmToken, route, 'id', deps);

    expect(found.link).toEqual(aConfirmLink());
    expect(found.subject).toEqual({ id: 'p-1', createdAt: '2027-02-01T03:00:00.000Z' });
    expect(isValidPageProof(aConfirmLink().pageSecret, found.proof, now.getTime(), 60_000)).toBe(true);
    expect(route.writes).toEqual([]);
  });

  it('answers 404 for a token that opens another kind of link', async () => {
    const { route, deps } = aSetting();

    const error = await rejectionOf(findConfirmation(decisionToken, route, 'en', deps));

    expect(error).toBeInstanceOf(NotFoundError);
    expect(statusOf(error)).toBe(404);
  });

  it.each(['', 'not a token!', 'a'.repeat(42), `${confirmToken}x`, '../confirm/x'])(
    'answers 404 for the malformed token %j, without reading the table',
    async (token) => {
      const { store, route, deps } = aSetting();

      const error = await rejectionOf(findConfirmation(token, route, 'id', deps));

      expect(error).toBeInstanceOf(NotFoundError);
      expect(store.reads).toBe(0);
    },
  );

  it('answers 404 for a well-formed token no link has', async () => {
    const { route, deps } = aSetting();

    expect(await rejectionOf(findConfirmation('b'.repeat(43), route, 'id', deps))).toBeInstanceOf(NotFoundError);
  });

  it('answers 410 once the link’s own window has passed, in the reader’s language', async () => {
    const { route, deps } = aSetting({ expiresAt: '2027-02-01T04:59:59.999Z' });

    const error = await rejectionOf(findConfirmation(confirmToken, route, 'en', deps));

    expect(error).toBeInstanceOf(GoneError);
    expect(statusOf(error)).toBe(410);
    expect((error as Error).message).toContain('one day');
  });

  it('answers 410 when the submission is more than a day old, whatever the link says', async () => {
    const { route, deps } = aSetting({ expiresAt: '2027-02-09T03:00:00.000Z' }, { createdAt: new Date(now.getTime() - 25 * HOUR_MS).toISOString() });

    const error = await rejectionOf(findConfirmation(confirmToken, route, 'id', deps));

    expect(error).toBeInstanceOf(GoneError);
    expect((error as Error).message).toContain('satu hari');
  });

  it('answers 410 for a pending link whose submission was already removed', async () => {
    const { route, deps } = aSetting();
    route.submissions.clear();

    expect(await rejectionOf(findConfirmation(confirmToken, route, 'id', deps))).toBeInstanceOf(GoneError);
  });

  it('still finds a link that was used, after its window, to say what the press did', async () => {
    const { route, deps } = aSetting({ ...used('confirmed'), expiresAt: '2027-01-31T00:00:00.000Z' }, { createdAt: '2027-01-30T00:00:00.000Z' });

    const found = await findConfirmation(confirmToken, route, 'id', deps);

    expect(found.link.state).toBe('USED');
  });
});

describe('confirmOnce (the button)', () => {
  it('confirms the submission once and starts its workflow', async () => {
    const { store, route, deps } = aSetting();

    const answer = await confirmOnce(confirmToken, proofShown(), { lang: 'id', headers: fromOwnPage }, route, deps);

    expect(answer.result).toBe('confirmed');
    expect(route.writes).toEqual([{ hash: aConfirmLink().hash, result: 'confirmed' }]);
    expect(route.started).toEqual(['p-1']);
    expect(store.links.get(aConfirmLink().hash)).toMatchObject({ state: 'USED', outcome: { result: 'confirmed', at: now.toISOString() } });
  });

  it.each([
    ['another site', { origin: 'https://evil.example' }],
    ['a look-alike of this site', { origin: 'https://sinergi.surakarta.go.id.evil.example' }],
    ['no Origin and a cross-site fetch', { 'sec-fetch-site': 'cross-site' }],
    ['Origin null from another site', { origin: 'null', 'sec-fetch-site': 'cross-site' }],
    ['no header at all', {}],
  ])('refuses a press from %s with 403, before reading or writing anything', async (_, headers: Record<string, string>) => {
    const { store, route, deps } = aSetting();

    const error = await rejectionOf(confirmOnce(confirmToken, proofShown(), { lang: 'id', headers }, route, deps));

    expect(error).toBeInstanceOf(ForbiddenError);
    expect(statusOf(error)).toBe(403);
    expect(store.reads).toBe(0);
    expect(route.writes).toEqual([]);
    expect(route.started).toEqual([]);
  });

  it('takes a press whose browser sent Origin null from the same site', async () => {
    const { route, deps } = aSetting();

    await confirmOnce(confirmToken, proofShown(), { lang: 'id', headers: { origin: 'null', 'sec-fetch-site': 'same-origin' } }, route, deps);

    expect(route.writes).toHaveLength(1);
  });

  it.each([
    ['no proof', ''],
    ['a forged proof', `${now.getTime()}.${'x'.repeat(43)}`],
    ["another link's proof", pageProof('page-secret-of-another-link', now.getTime() - 60_000)],
  ])('refuses %s with 403 before any write', async (_, proof) => {
    const { route, deps } = aSetting();

    const error = await rejectionOf(confirmOnce(confirmToken, proof, { lang: 'en', headers: fromOwnPage }, route, deps));

    expect(error).toBeInstanceOf(ForbiddenError);
    expect(route.writes).toEqual([]);
    expect(route.started).toEqual([]);
  });

  it('refuses a proof from a page shown more than a day ago with 403, and starts nothing', async () => {
    const { route, deps } = aSetting(used('confirmed'));

    const error = await rejectionOf(confirmOnce(confirmToken, proofShown(25 * HOUR_MS), { lang: 'en', headers: fromOwnPage }, route, deps));

    expect(error).toBeInstanceOf(ForbiddenError);
    expect(route.started).toEqual([]);
  });

  it('answers a second press on a confirmed link as confirmed, starting the workflow again and writing nothing', async () => {
    const { route, deps } = aSetting(used('confirmed'));

    const answer = await confirmOnce(confirmToken, proofShown(), { lang: 'id', headers: fromOwnPage }, route, deps);

    expect(answer.result).toBe('confirmed');
    expect(route.writes).toEqual([]);
    // Its execution is named after the submission: starting again is no second workflow.
    expect(route.started).toEqual(['p-1']);
  });

  it('starts nothing when the press refused the submission', async () => {
    const { route, deps } = aSetting();
    route.answer = 'refused';

    const answer = await confirmOnce(confirmToken, proofShown(), { lang: 'id', headers: fromOwnPage }, route, deps);

    expect(answer.result).toBe('refused');
    expect(route.writes).toEqual([{ hash: aConfirmLink().hash, result: 'refused' }]);
    expect(route.started).toEqual([]);
  });

  it('starts nothing on a second press of a refused link either', async () => {
    const { route, deps } = aSetting(used('refused'));

    const answer = await confirmOnce(confirmToken, proofShown(), { lang: 'id', headers: fromOwnPage }, route, deps);

    expect(answer.result).toBe('refused');
    expect(route.writes).toEqual([]);
    expect(route.started).toEqual([]);
  });

  it.each(['confirmed', 'refused'] as const)(
    'answers what the press that got there first did (%s), reading the link again, when its write meets that one',
    async (winner) => {
      const { store, route, deps } = aSetting();
      route.beforeWrite = () => {
        // Another press of the same button lands first.
        route.beforeWrite = () => undefined;
        Object.assign(store.links.get(aConfirmLink().hash)!, used(winner));
      };
      const readsBefore = store.reads;

      const answer = await confirmOnce(confirmToken, proofShown(), { lang: 'id', headers: fromOwnPage }, route, deps);

      expect(answer.result).toBe(winner);
      expect(answer.link.outcome).toEqual(used(winner).outcome);
      expect(store.reads).toBe(readsBefore + 2);
      expect(route.writes).toEqual([]);
      expect(route.started).toEqual(winner === 'confirmed' ? ['p-1'] : []);
    },
  );

  it('lets an error other than a conflict through unchanged, without trying again', async () => {
    const { route, deps } = aSetting();
    const down = Object.assign(new Error('down'), { name: 'InternalServerError' });
    route.beforeWrite = () => {
      throw down;
    };

    expect(await rejectionOf(confirmOnce(confirmToken, proofShown(), { lang: 'id', headers: fromOwnPage }, route, deps))).toBe(down);
    expect(route.started).toEqual([]);
  });

  it.each([
    ['id', 'Konfirmasi Anda sudah tersimpan'],
    ['en', 'Your confirmation is saved'],
  ] as const)('answers 503 in the reader’s language (%s) when the workflow cannot start, and keeps the confirmation', async (lang, message) => {
    const { store, route, deps } = aSetting();
    route.startFailures.push(Object.assign(new Error('Service is temporarily unavailable.'), { name: 'ServiceUnavailable' }));

    const error = await rejectionOf(confirmOnce(confirmToken, proofShown(), { lang, headers: fromOwnPage }, route, deps));

    expect(error).toBeInstanceOf(UnavailableError);
    expect(statusOf(error)).toBe(503);
    expect((error as Error).message).toContain(message);
    expect(store.links.get(aConfirmLink().hash)).toMatchObject({ state: 'USED', outcome: { result: 'confirmed' } });
    expect(route.started).toEqual([]);
  });

  it('starts the workflow on the next press after a start that failed, without a second confirmation', async () => {
    const { route, deps } = aSetting();
    route.startFailures.push(Object.assign(new Error('down'), { name: 'ServiceUnavailable' }));
    await rejectionOf(confirmOnce(confirmToken, proofShown(), { lang: 'id', headers: fromOwnPage }, route, deps));

    const answer = await confirmOnce(confirmToken, proofShown(), { lang: 'id', headers: fromOwnPage }, route, deps);

    expect(answer.result).toBe('confirmed');
    expect(route.writes).toHaveLength(1);
    expect(route.started).toEqual(['p-1']);
  });

  it('logs a start that failed without the token', async () => {
    const { route, deps } = aSetting();
    route.startFailures.push(Object.assign(new Error('down'), { name: 'ServiceUnavailable' }));

    await rejectionOf(confirmOnce(confirmToken, proofShown(), { lang: 'id', headers: fromOwnPage }, route, deps));

    expect(logger.error).toHaveBeenCalled();
    expect(JSON.stringify(vi.mocked(logger.error).mock.calls)).not.toContain(confirmToken);
  });
});

describe('the confirmation page', () => {
  const page = confirmPage({
    lang: 'id',
    link: aConfirmLink(),
    words: { what: { id: 'usulan kemitraan', en: 'partnership proposal' }, next: { id: 'Ditinjau.', en: 'Reviewed.' } },
    facts: [{ label: 'Judul usulan', value: aConfirmLink().title }],
    proof: 'the-page-proof',
  });
  const tags = (name: string) => [...page.matchAll(new RegExp(`<${name}\\b[^>]*>`, 'gi'))].map((match) => match[0]);

  it('asks for a box to be ticked that is not ticked already', () => {
    const boxes = tags('input').filter((tag) => /type="checkbox"/.test(tag));
    expect(boxes).toHaveLength(1);
    expect(boxes[0]).toContain('name="submitter"');
    expect(boxes[0]).toContain(`value="${SUBMITTER_TICKED}"`);
    expect(boxes[0]).not.toMatch(/\bchecked\b/);
  });

  it('has one button, the one that sends the form', () => {
    const buttons = tags('button');
    expect(buttons).toEqual(['<button type="submit">']);
    expect(tags('input').filter((tag) => /type="(submit|image|button)"/.test(tag))).toEqual([]);
  });

  it('carries the page proof in the form', () => {
    expect(tags('input')).toContain('<input type="hidden" name="proof" value="the-page-proof">');
  });

  it('posts to its own address only: no form sends anywhere else', () => {
    const forms = tags('form');
    expect(forms).toHaveLength(1);
    expect(forms[0]).toMatch(/method="post"/);
    for (const form of forms) expect(form).not.toMatch(/\b(form)?action=/i);
    for (const tag of [...tags('button'), ...tags('input')]) expect(tag).not.toMatch(/\bformaction=/i);
  });
});

describe('countConfirmationMail', () => {
  /** Hourly slots in memory: `limit` a client, per scope. */
  class InMemorySlots implements HourlySlots {
    readonly taken = new Map<string, number>();
    async takeHourlySlot(scope: string, client: string, limit: number): Promise<{ retryAfterSeconds: number } | undefined> {
      const key = `${scope}\n${client}`;
      const count = this.taken.get(key) ?? 0;
      if (count >= limit) return { retryAfterSeconds: 1_800 };
      this.taken.set(key, count + 1);
      return undefined;
    }
  }

  it('counts an address with a +tag and in capitals against the same slot as the plain address', async () => {
    const slots = new InMemorySlots();
    await countConfirmationMail(slots, 'a@surakarta.go.id', 1, now, 'en');

    const error = await rejectionOf(countConfirmationMail(slots, 'A+x@Surakarta.go.id', 1, now, 'en'));

    expect(error).toBeInstanceOf(TooManyRequestsError);
    expect(statusOf(error)).toBe(429);
    expect((error as TooManyRequestsError).retryAfterSeconds).toBe(1_800);
    expect([...slots.taken.keys()]).toEqual(['confirmation-mail\na@surakarta.go.id']);
  });

  it('keeps another address’s slot apart', async () => {
    const slots = new InMemorySlots();
    await countConfirmationMail(slots, 'a@surakarta.go.id', 1, now, 'en');

    await countConfirmationMail(slots, 'b@surakarta.go.id', 1, now, 'en');

    expect(slots.taken.size).toBe(2);
  });

  it('takes the one slot of the table for both spellings, keyed by a hash and never by the address', async () => {
    const ddb = mockClient(DynamoDBDocumentClient);
    ddb.on(UpdateCommand).resolves({});
    const repo = new ProposalRepository(DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'ap-southeast-3' })), 'sinergi-table');

    try {
      await countConfirmationMail(repo, 'A+x@Surakarta.go.id', 3, now, 'id');
      await countConfirmationMail(repo, 'a@surakarta.go.id', 3, now, 'id');
    } finally {
      ddb.restore();
    }

    const [first, second] = ddb.commandCalls(UpdateCommand).map((call) => call.args[0].input.Key);
    expect(first).toEqual(second);
    expect(first?.pk).toMatch(/^RATE#confirmation-mail#[0-9a-f]{64}$/);
    expect(JSON.stringify(first)).not.toMatch(/surakarta/i);
  });

  it('says in the reader’s language that nothing was stored and when to try again', async () => {
    const slots = new InMemorySlots();
    await countConfirmationMail(slots, 'a@surakarta.go.id', 1, now, 'id');

    const error = (await rejectionOf(countConfirmationMail(slots, 'a@surakarta.go.id', 1, now, 'id'))) as TooManyRequestsError;

    expect(error.message).toContain('Tidak ada yang disimpan');
    expect(error.message).toContain('30 menit');
  });
});
