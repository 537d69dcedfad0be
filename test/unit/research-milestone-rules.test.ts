import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../shared/kernel/errors.js';
import {
  checkExtension,
  coReviewOutcome,
  type ExtensionContext,
  escalateOverdueAt,
  isOverdue,
  opensAt,
  overdueFrom,
  type ReviewDecision,
  type ReviewDecisions,
  reminderPlan,
  reviewComments,
  roundLimitReached,
} from '../../shared/research/milestone-rules.js';
import { thrownBy } from '../support/fixtures.js';

/** An instant written in WIB, as an ISO instant in UTC. */
const wib = (dateTime: string) => new Date(`${dateTime}+07:00`).toISOString();

describe('opensAt', () => {
  it('opens 30 days before the due date, at 00:00 WIB', () => {
    expect(opensAt('2027-07-31')).toBe(wib('2027-07-01T00:00:00'));
    expect(opensAt('2027-07-31')).toBe('2027-06-30T17:00:00.000Z');
  });

  it('opens when the project is approved if that is later', () => {
    expect(opensAt('2027-03-20', 30, wib('2027-03-05T14:30:00'))).toBe(wib('2027-03-05T14:30:00'));
  });

  it('keeps the window when the approval came earlier', () => {
    expect(opensAt('2027-07-31', 30, wib('2027-03-05T14:30:00'))).toBe(wib('2027-07-01T00:00:00'));
  });

  it("takes the project's own number of days, counting back over a year's end and a leap day", () => {
    expect(opensAt('2028-01-15', 30)).toBe(wib('2027-12-16T00:00:00'));
    expect(opensAt('2028-03-01', 1)).toBe(wib('2028-02-29T00:00:00'));
    expect(opensAt('2027-03-01', 1)).toBe(wib('2027-02-28T00:00:00'));
    expect(opensAt('2027-07-31', 0)).toBe(wib('2027-07-31T00:00:00'));
  });

  it('refuses a due date that does not exist and a number of days that is not one', () => {
    expect(() => opensAt('2027-02-30')).toThrow(RangeError);
    expect(() => opensAt('2027-07-31', -1)).toThrow(RangeError);
    expect(() => opensAt('2027-07-31', 1.5)).toThrow(RangeError);
    expect(() => opensAt('2027-07-31', 30, 'yesterday')).toThrow(RangeError);
  });
});

describe('reminderPlan', () => {
  it('reminds 14, 7, 3 and 1 days before the due date and on it, each at 08:00 WIB', () => {
    expect(reminderPlan('2027-07-31', opensAt('2027-07-31'))).toEqual([
      { key: 'd-14', daysBefore: 14, at: wib('2027-07-17T08:00:00') },
      { key: 'd-7', daysBefore: 7, at: wib('2027-07-24T08:00:00') },
      { key: 'd-3', daysBefore: 3, at: wib('2027-07-28T08:00:00') },
      { key: 'd-1', daysBefore: 1, at: wib('2027-07-30T08:00:00') },
      { key: 'd-0', daysBefore: 0, at: wib('2027-07-31T08:00:00') },
    ]);
  });

  it('keeps only the reminders that lie ahead when the milestone opens', () => {
    const keys = (opens: string) => reminderPlan('2027-07-31', opens).map((r) => r.key);

    expect(keys(wib('2027-07-24T07:59:59'))).toEqual(['d-7', 'd-3', 'd-1', 'd-0']);
    expect(keys(wib('2027-07-24T08:00:00'))).toEqual(['d-3', 'd-1', 'd-0']);
    expect(keys(wib('2027-07-31T07:59:00'))).toEqual(['d-0']);
    expect(keys(wib('2027-07-31T08:00:00'))).toEqual([]);
  });

  it('sends the reminders of a milestone due on New Year on the right days of the old year', () => {
    expect(reminderPlan('2028-01-01', opensAt('2028-01-01')).map((r) => r.at)).toEqual([
      wib('2027-12-18T08:00:00'),
      wib('2027-12-25T08:00:00'),
      wib('2027-12-29T08:00:00'),
      wib('2027-12-31T08:00:00'),
      wib('2028-01-01T08:00:00'),
    ]);
    expect(reminderPlan('2028-01-01', opensAt('2028-01-01'))[3]?.at).toBe('2027-12-31T01:00:00.000Z');
  });

  it('counts back over the end of February, in a leap year and out of one', () => {
    expect(reminderPlan('2028-03-01', opensAt('2028-03-01')).find((r) => r.key === 'd-1')?.at).toBe(wib('2028-02-29T08:00:00'));
    expect(reminderPlan('2027-03-01', opensAt('2027-03-01')).find((r) => r.key === 'd-1')?.at).toBe(wib('2027-02-28T08:00:00'));
  });

  it('plans the remaining reminders again after an extension moves the due date', () => {
    const extendedOn = wib('2027-07-25T10:00:00');

    expect(reminderPlan('2027-08-20', extendedOn).map((r) => [r.key, r.at])).toEqual([
      ['d-14', wib('2027-08-06T08:00:00')],
      ['d-7', wib('2027-08-13T08:00:00')],
      ['d-3', wib('2027-08-17T08:00:00')],
      ['d-1', wib('2027-08-19T08:00:00')],
      ['d-0', wib('2027-08-20T08:00:00')],
    ]);
  });

  describe('for any due date and opening', () => {
    const DAY = 86_400_000;
    const firstDay = Date.parse('2027-01-01T00:00:00Z');
    const dueDate = fc.integer({ min: 0, max: 5 * 366 }).map((day) => new Date(firstDay + day * DAY).toISOString().slice(0, 10));
    /** An opening anywhere from 60 days before 00:00 WIB of the due date to two days after it, to the second. */
    const opening = (due: string) =>
      fc.integer({ min: -60 * 86_400, max: 2 * 86_400 }).map((s) => new Date(Date.parse(wib(`${due}T00:00:00`)) + s * 1000).toISOString());
    const dueAndOpening = dueDate.chain((due) => fc.tuple(fc.constant(due), opening(due)));

    it('lists at most five reminders, in strictly increasing time, all after the opening and none after the one on the due date', () => {
      fc.assert(
        fc.property(dueAndOpening, ([due, opens]) => {
          const plan = reminderPlan(due, opens);
          const times = plan.map((r) => Date.parse(r.at));
          const onTheDueDate = Date.parse(wib(`${due}T08:00:00`));

          expect(plan.length).toBeLessThanOrEqual(5);
          for (let i = 1; i < times.length; i++) expect(times[i]).toBeGreaterThan(times[i - 1]!);
          for (const t of times) {
            expect(t).toBeGreaterThan(Date.parse(opens));
            expect(t).toBeLessThanOrEqual(onTheDueDate);
          }
        }),
      );
    });

    it('gives each reminder its own key, and keeps every key and time when the milestone opens earlier', () => {
      fc.assert(
        fc.property(
          dueDate.chain((due) => fc.tuple(fc.constant(due), opening(due), opening(due))),
          ([due, a, b]) => {
            const [earlier, later] = a <= b ? [a, b] : [b, a];
            const early = reminderPlan(due, earlier);
            const late = reminderPlan(due, later);

            expect(new Set(early.map((r) => r.key)).size).toBe(early.length);
            expect(early.slice(early.length - late.length)).toEqual(late);
          },
        ),
      );
    });

    it('sends every reminder at 08:00 WIB', () => {
      fc.assert(
        fc.property(dueAndOpening, ([due, opens]) => {
          for (const reminder of reminderPlan(due, opens)) expect(reminder.at.slice(11)).toBe('01:00:00.000Z');
        }),
      );
    });
  });
});

describe('overdue', () => {
  it('begins at 00:00 WIB the day after the due date', () => {
    expect(overdueFrom('2027-07-31')).toBe(wib('2027-08-01T00:00:00'));
    expect(overdueFrom('2027-07-31')).toBe('2027-07-31T17:00:00.000Z');
  });

  it('is not overdue at 23:59 WIB on the due date, and is at 00:00 WIB the next day', () => {
    expect(isOverdue('2027-07-31', new Date(wib('2027-07-31T23:59:59.999')))).toBe(false);
    expect(isOverdue('2027-07-31', new Date(wib('2027-08-01T00:00:00')))).toBe(true);
  });

  it('goes by the clock in Surakarta: overdue at 17:00 UTC, while UTC is still on the due date', () => {
    expect(isOverdue('2027-07-31', new Date('2027-07-31T16:59:59Z'))).toBe(false);
    expect(isOverdue('2027-07-31', new Date('2027-07-31T17:00:00Z'))).toBe(true);
  });

  it('crosses the end of the month and of the year in WIB', () => {
    expect(overdueFrom('2027-02-28')).toBe(wib('2027-03-01T00:00:00'));
    expect(overdueFrom('2028-02-28')).toBe(wib('2028-02-29T00:00:00'));
    expect(overdueFrom('2027-12-31')).toBe(wib('2028-01-01T00:00:00'));
    expect(isOverdue('2027-12-31', new Date(wib('2027-12-31T23:59:00')))).toBe(false);
    expect(isOverdue('2027-12-31', new Date(wib('2028-01-01T00:00:00')))).toBe(true);
  });

  it('is escalated a week after it became overdue, also across a year end', () => {
    expect(escalateOverdueAt('2027-07-31')).toBe(wib('2027-08-08T00:00:00'));
    expect(escalateOverdueAt('2027-12-28')).toBe(wib('2028-01-05T00:00:00'));
  });

  it('refuses a due date that does not exist', () => {
    expect(() => overdueFrom('2027-02-29')).toThrow(RangeError);
    expect(() => isOverdue('2027-13-01', new Date())).toThrow(RangeError);
  });
});

describe('checkExtension', () => {
  /** The progress report, due 31 July, of a project that ends 15 December; the final report is due 10 December. */
  const context = { today: '2027-07-25', currentDueDate: '2027-07-31', nextDueDate: '2027-12-10', projectEndDate: '2027-12-15' };
  const request = (newDueDate: unknown, reason: unknown = 'Responden survei baru terkumpul separuh.') => ({ newDueDate, reason });
  const issuesOf = (body: unknown, ctx: ExtensionContext = context, lang: 'id' | 'en' = 'en') => {
    const error = thrownBy(() => checkExtension(body, ctx, lang));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).lang).toBe(lang);
    return (error as ValidationError).issues;
  };

  it('takes a new date before the next milestone, with the reason trimmed', () => {
    expect(checkExtension(request('2027-08-31', '  Data belum lengkap.  '), context, 'id')).toEqual({
      newDueDate: '2027-08-31',
      reason: 'Data belum lengkap.',
    });
    expect(checkExtension(request('2027-12-09'), context, 'en').newDueDate).toBe('2027-12-09');
  });

  it('refuses a new date that is not after today, in both languages', () => {
    const overdue = { ...context, today: '2027-08-05' };

    expect(issuesOf(request('2027-08-05'), overdue, 'en')).toEqual([{ path: 'newDueDate', message: 'The new due date must be after today (2027-08-05).' }]);
    expect(issuesOf(request('2027-08-05'), overdue, 'id')).toEqual([{ path: 'newDueDate', message: 'Tenggat baru harus setelah hari ini (2027-08-05).' }]);
    expect(checkExtension(request('2027-08-06'), overdue, 'en').newDueDate).toBe('2027-08-06');
  });

  it('refuses a new date that gives no more time than the current one', () => {
    expect(issuesOf(request('2027-07-31'), context, 'en')).toEqual([
      { path: 'newDueDate', message: 'The new due date must be after the current due date (2027-07-31).' },
    ]);
    expect(issuesOf(request('2027-07-28'), context, 'id')).toEqual([
      { path: 'newDueDate', message: 'Tenggat baru harus setelah tenggat saat ini (2027-07-31).' },
    ]);
  });

  it("refuses a new date on or after the next milestone's", () => {
    expect(issuesOf(request('2027-12-10'), context, 'en')).toEqual([
      { path: 'newDueDate', message: "The new due date must be before the next milestone's due date (2027-12-10)." },
    ]);
    expect(issuesOf(request('2027-12-10'), context, 'id')).toEqual([
      { path: 'newDueDate', message: 'Tenggat baru harus sebelum tenggat tahap berikutnya (2027-12-10).' },
    ]);
  });

  it("lets the last milestone move to the project's last day, and no further", () => {
    const finalReport = { today: '2027-12-01', currentDueDate: '2027-12-10', projectEndDate: '2027-12-15' };

    expect(checkExtension(request('2027-12-15'), finalReport, 'en').newDueDate).toBe('2027-12-15');
    expect(issuesOf(request('2027-12-16'), finalReport, 'en')).toEqual([
      { path: 'newDueDate', message: "The new due date cannot be after the project's end (2027-12-15)." },
    ]);
    expect(issuesOf(request('2027-12-16'), finalReport, 'id')).toEqual([
      { path: 'newDueDate', message: 'Tenggat baru tidak boleh setelah akhir proyek (2027-12-15).' },
    ]);
  });

  it('asks for a reason', () => {
    expect(issuesOf({ newDueDate: '2027-08-31' }, context, 'en')).toEqual([{ path: 'reason', message: 'This field is required.' }]);
    expect(issuesOf(request('2027-08-31', '   '), context, 'id')).toEqual([{ path: 'reason', message: 'Wajib diisi.' }]);
  });

  it('refuses a date that does not exist, and names every problem at once', () => {
    expect(issuesOf(request('2027-09-31'), context, 'en')).toEqual([{ path: 'newDueDate', message: 'Must be a real date as YYYY-MM-DD.' }]);
    expect(issuesOf(request('2028-01-05', ''), context, 'en')).toEqual([
      { path: 'reason', message: 'This field is required.' },
      { path: 'newDueDate', message: "The new due date cannot be after the project's end (2027-12-15)." },
      { path: 'newDueDate', message: "The new due date must be before the next milestone's due date (2027-12-10)." },
    ]);
  });

  it('refuses a body that is not an extension request', () => {
    expect(issuesOf(null, context, 'en')).toEqual([{ path: '', message: 'Must be an object.' }]);
    expect(issuesOf({ ...request('2027-08-31'), approved: true }, context, 'en')).toEqual([{ path: '', message: 'Unknown field(s): approved.' }]);
  });
});

describe('coReviewOutcome', () => {
  const approve = (at: string, comment?: string): ReviewDecision => ({ action: 'approve', at: wib(at), ...(comment ? { comment } : {}) });
  const revise = (at: string, comment = 'Lengkapi metode sampling.'): ReviewDecision => ({ action: 'revise', at: wib(at), comment });
  const monday = '2027-08-02T09:00:00';
  const tuesday = '2027-08-03T09:00:00';

  describe('with all', () => {
    it('is approved when both approve, and pending while one has not decided', () => {
      expect(coReviewOutcome('all', { coordinator: approve(monday), coReviewer: approve(tuesday) })).toBe('approved');
      expect(coReviewOutcome('all', { coordinator: approve(monday) })).toBe('pending');
      expect(coReviewOutcome('all', {})).toBe('pending');
    });

    it('waits for the other decision before sending a revision back, so the lead gets both comments at once', () => {
      expect(coReviewOutcome('all', { coReviewer: revise(monday) })).toBe('pending');
      expect(coReviewOutcome('all', { coReviewer: revise(monday), coordinator: approve(tuesday) })).toBe('revision');
      expect(coReviewOutcome('all', { coReviewer: revise(monday), coordinator: revise(tuesday) })).toBe('revision');
    });

    it("sends a revision back once the other's step has expired", () => {
      expect(coReviewOutcome('all', { coordinator: revise(monday), coReviewer: 'expired' })).toBe('revision');
    });

    it('does not take an expired step for an approval', () => {
      expect(coReviewOutcome('all', { coordinator: approve(monday), coReviewer: 'expired' })).toBe('pending');
      expect(coReviewOutcome('all', { coordinator: 'expired', coReviewer: 'expired' })).toBe('pending');
    });
  });

  describe('with any', () => {
    it('takes the first decision, whatever comes after it', () => {
      expect(coReviewOutcome('any', { coReviewer: approve(monday) })).toBe('approved');
      expect(coReviewOutcome('any', { coordinator: revise(tuesday), coReviewer: approve(monday) })).toBe('approved');
      expect(coReviewOutcome('any', { coordinator: revise(monday), coReviewer: approve(tuesday) })).toBe('revision');
    });

    it('is pending until someone decides; an expired step decides nothing', () => {
      expect(coReviewOutcome('any', {})).toBe('pending');
      expect(coReviewOutcome('any', { coordinator: 'expired' })).toBe('pending');
      expect(coReviewOutcome('any', { coordinator: 'expired', coReviewer: revise(tuesday) })).toBe('revision');
    });

    it("counts the coordinator's decision first when both come at the same instant", () => {
      expect(coReviewOutcome('any', { coReviewer: approve(monday), coordinator: revise(monday) })).toBe('revision');
      expect(coReviewOutcome('any', { coReviewer: revise(monday), coordinator: approve(monday) })).toBe('approved');
    });
  });

  describe('for any two decisions', () => {
    const instant = fc.integer({ min: 0, max: 30 * 86_400 }).map((s) => new Date(Date.parse('2027-08-01T00:00:00Z') + s * 1000).toISOString());
    const decided = fc.record({
      action: fc.constantFrom('approve' as const, 'revise' as const),
      at: instant,
      comment: fc.option(fc.string(), { nil: undefined }),
    });
    const decision: fc.Arbitrary<ReviewDecision | undefined> = fc.oneof(decided, fc.constant('expired' as const), fc.constant(undefined));
    const both = (coordinator: ReviewDecision | undefined, coReviewer: ReviewDecision | undefined): ReviewDecisions => ({
      ...(coordinator === undefined ? {} : { coordinator }),
      ...(coReviewer === undefined ? {} : { coReviewer }),
    });
    const withAt = (d: ReviewDecision | undefined, at: string) => (d === undefined || d === 'expired' ? d : { ...d, at });

    it('gives an all outcome that depends neither on who decided first nor on which reviewer took which decision', () => {
      fc.assert(
        fc.property(decision, decision, instant, instant, (a, b, first, second) => {
          const outcome = coReviewOutcome('all', both(withAt(a, first), withAt(b, second)));

          expect(coReviewOutcome('all', both(withAt(a, second), withAt(b, first)))).toBe(outcome);
          expect(coReviewOutcome('all', both(withAt(b, first), withAt(a, second)))).toBe(outcome);
        }),
      );
    });

    it('decides an any outcome by the earliest decision, which a later one never changes', () => {
      fc.assert(
        fc.property(decided, decided, (a, b) => {
          fc.pre(a.at !== b.at);
          const [earliest] = a.at < b.at ? [a, b] : [b, a];
          const expected = earliest.action === 'approve' ? 'approved' : 'revision';

          expect(coReviewOutcome('any', { coordinator: a, coReviewer: b })).toBe(expected);
          expect(coReviewOutcome('any', { coordinator: b, coReviewer: a })).toBe(expected);
          expect(coReviewOutcome('any', earliest === a ? { coordinator: a } : { coReviewer: b })).toBe(expected);
        }),
      );
    });

    it('never approves an all review unless both approved', () => {
      fc.assert(
        fc.property(decision, decision, (a, b) => {
          const approvedBoth = [a, b].every((d) => d !== undefined && d !== 'expired' && d.action === 'approve');
          expect(coReviewOutcome('all', both(a, b)) === 'approved').toBe(approvedBoth);
        }),
      );
    });
  });
});

describe('reviewComments', () => {
  const decisions: ReviewDecisions = {
    coReviewer: { action: 'revise', comment: ' Tambahkan data triwulan III. ', at: wib('2027-08-03T09:00:00') },
    coordinator: { action: 'revise', comment: 'Lengkapi lampiran SPTB.', at: wib('2027-08-02T09:00:00') },
  };

  it('sends back both comments of an all review, earliest first', () => {
    expect(reviewComments('all', decisions)).toEqual([
      { reviewer: 'coordinator', comment: 'Lengkapi lampiran SPTB.', at: wib('2027-08-02T09:00:00') },
      { reviewer: 'coReviewer', comment: 'Tambahkan data triwulan III.', at: wib('2027-08-03T09:00:00') },
    ]);
  });

  it('sends back only the deciding comment of an any review', () => {
    expect(reviewComments('any', decisions).map((c) => c.reviewer)).toEqual(['coordinator']);
    expect(reviewComments('any', { coordinator: 'expired' })).toEqual([]);
  });
});

describe('roundLimitReached', () => {
  it('leaves the first three rounds to both reviewers', () => {
    expect([1, 2, 3].map(roundLimitReached)).toEqual([false, false, false]);
  });

  it('leaves the decision to the coordinator alone after three rounds', () => {
    expect(roundLimitReached(4)).toBe(true);
    expect(roundLimitReached(5)).toBe(true);
  });
});
