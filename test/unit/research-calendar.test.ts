import fc from 'fast-check';
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import type { Language } from '../../shared/kernel/i18n.js';
import { foldLine, icalText, milestoneUid, type ProjectCalendarInput, projectCalendar } from '../../shared/research/calendar.js';
import { aMilestoneView as aMilestone, anExtension } from '../support/research-fixtures.js';

// Calendar clients read these as TEXT (RFC 7986 §5.1, and RFC 5545 §3.8.8.2 for an X- property); ical.js knows none of them.
for (const name of ['name', 'x-wr-calname', 'x-wr-caldesc']) ICAL.design.icalendar.property[name] = { defaultType: 'text' };

const tricky = 'Laporan akhir; luaran, "uji" — é ü 日本\nbaris kedua\\selesai 🎓';

function anInput(overrides: Partial<ProjectCalendarInput> = {}): ProjectCalendarInput {
  return {
    projectId: 'prj-01HZX',
    title: 'Digitalisasi layanan kependudukan',
    institution: 'Universitas Sebelas Maret',
    projectUrl: 'https://sinergi.surakarta.go.id/projects/tok-123',
    milestones: [
      aMilestone(),
      aMilestone({ number: 2, kind: 'progress', title: 'Laporan kemajuan', dueDate: '2027-06-30', status: 'PLANNED' }),
      aMilestone({ number: 3, kind: 'final', title: 'Laporan akhir', dueDate: '2027-12-31', status: 'PLANNED' }),
    ],
    lang: 'id',
    now: new Date('2027-02-10T03:04:05.678Z'),
    ...overrides,
  };
}

/** The feed as a calendar client reads it. */
function parsed(feed: string) {
  return new ICAL.Component(ICAL.parse(feed));
}

function events(feed: string) {
  return parsed(feed).getAllSubcomponents('vevent');
}

function onlyEvent(feed: string) {
  const [event, ...rest] = events(feed);
  expect(rest).toHaveLength(0);
  return event!;
}

const value = (component: ICAL.Component, name: string) => component.getFirstPropertyValue(name);
const dateOf = (component: ICAL.Component, name: string) => {
  const time = value(component, name) as ICAL.Time;
  return { isDate: time.isDate, date: time.toString() };
};

/** The feed's physical lines, as bytes: what the 75-octet limit is about. */
function physicalLines(feed: string): Buffer[] {
  const bytes = Buffer.from(feed, 'utf8');
  const lines: Buffer[] = [];
  let start = 0;
  for (let i = 0; i < bytes.length - 1; i++)
    if (bytes[i] === 0x0d && bytes[i + 1] === 0x0a) {
      lines.push(bytes.subarray(start, i));
      start = i + 2;
    }
  expect(start).toBe(bytes.length);
  return lines;
}

describe('projectCalendar', () => {
  it('is a published Gregorian calendar named after the project and re-read daily', () => {
    const calendar = parsed(projectCalendar(anInput()));

    expect(calendar.name).toBe('vcalendar');
    expect(value(calendar, 'version')).toBe('2.0');
    expect(value(calendar, 'prodid')).toBe('-//BKPSDM Kota Surakarta//Sinergi//ID');
    expect(value(calendar, 'calscale')).toBe('GREGORIAN');
    expect(value(calendar, 'method')).toBe('PUBLISH');
    expect(value(calendar, 'x-wr-calname')).toBe('Digitalisasi layanan kependudukan');
    expect((value(calendar, 'refresh-interval') as ICAL.Duration).toSeconds()).toBe(86_400);
    expect(calendar.getFirstProperty('refresh-interval')?.type).toBe('duration');
    expect(String(value(calendar, 'x-published-ttl'))).toBe('P1D');
  });

  it('has one all-day event per milestone, on its due date and ending the next day', () => {
    const feed = projectCalendar(
      anInput({
        milestones: [
          aMilestone({ number: 1, dueDate: '2027-03-01' }),
          aMilestone({ number: 2, kind: 'progress', dueDate: '2028-02-28' }),
          aMilestone({ number: 3, kind: 'final', dueDate: '2028-12-31' }),
        ],
      }),
    );

    const all = events(feed);
    expect(all.map((e) => value(e, 'uid'))).toEqual([
      'project-prj-01HZX-milestone-1@sinergi.bkpsdm.surakarta.go.id',
      'project-prj-01HZX-milestone-2@sinergi.bkpsdm.surakarta.go.id',
      'project-prj-01HZX-milestone-3@sinergi.bkpsdm.surakarta.go.id',
    ]);
    expect(all.map((e) => [dateOf(e, 'dtstart'), dateOf(e, 'dtend')])).toEqual([
      [
        { isDate: true, date: '2027-03-01' },
        { isDate: true, date: '2027-03-02' },
      ],
      [
        { isDate: true, date: '2028-02-28' },
        { isDate: true, date: '2028-02-29' },
      ],
      [
        { isDate: true, date: '2028-12-31' },
        { isDate: true, date: '2029-01-01' },
      ],
    ]);
    expect(feed).toContain('\r\nDTSTART;VALUE=DATE:20280228\r\nDTEND;VALUE=DATE:20280229\r\n');
  });

  it('stamps every event with the time the feed was made, in UTC', () => {
    const feed = projectCalendar(anInput());

    for (const event of events(feed)) {
      const stamp = value(event, 'dtstamp') as ICAL.Time;
      expect(stamp.zone?.tzid).toBe('UTC');
      expect(stamp.toJSDate().toISOString()).toBe('2027-02-10T03:04:05.000Z');
    }
    expect(feed).toContain('\r\nDTSTAMP:20270210T030405Z\r\n');
  });

  it('keeps commas, semicolons, quotes, backslashes, line breaks and non-ASCII characters as they were written', () => {
    const feed = projectCalendar(anInput({ title: tricky, institution: 'Univ. A, B; C', milestones: [aMilestone({ title: tricky })] }));

    const event = onlyEvent(feed);
    expect(value(event, 'summary')).toBe(`Tenggat: ${tricky}`);
    expect(value(parsed(feed), 'x-wr-calname')).toBe(tricky);
    expect(value(parsed(feed), 'name')).toBe(tricky);
    expect(value(parsed(feed), 'x-wr-caldesc')).toBe('Tenggat tahap penelitian — Univ. A, B; C');
    expect(value(event, 'description')).toContain(`Proyek: ${tricky} — Univ. A, B; C`);
    expect(feed.replace(/\r\n /g, '')).toContain('\r\nSUMMARY:Tenggat: Laporan akhir\\; luaran\\, "uji" — é ü 日本\\nbaris kedua\\\\selesai 🎓\r\n');
  });

  it('describes the milestone: its kind, status, overdue mark, project and link', () => {
    const feed = projectCalendar(anInput({ milestones: [aMilestone({ number: 2, kind: 'progress', status: 'OPEN', overdue: true })] }));

    const event = onlyEvent(feed);
    expect(value(event, 'description')).toBe(
      [
        'Tahap 2: Laporan kemajuan',
        'Status: Dibuka — Terlambat',
        'Proyek: Digitalisasi layanan kependudukan — Universitas Sebelas Maret',
        'https://sinergi.surakarta.go.id/projects/tok-123',
      ].join('\n'),
    );
    expect(value(event, 'url')).toBe('https://sinergi.surakarta.go.id/projects/tok-123');
    expect(value(event, 'transp')).toBe('TRANSPARENT');
  });

  it('reminds the day before a milestone the lead still has to deliver', () => {
    const feed = projectCalendar(anInput({ milestones: [aMilestone({ title: 'Rencana; rinci', status: 'OPEN' })] }));

    const alarms = onlyEvent(feed).getAllSubcomponents('valarm');
    expect(alarms).toHaveLength(1);
    const trigger = value(alarms[0]!, 'trigger') as ICAL.Duration;
    expect(trigger.isNegative).toBe(true);
    expect(trigger.toSeconds()).toBe(-86_400);
    expect(value(alarms[0]!, 'action')).toBe('DISPLAY');
    expect(value(alarms[0]!, 'description')).toBe('Besok tenggat: Rencana; rinci');
  });

  it('does not remind of a milestone submitted, in review, approved or not accepted', () => {
    const statuses = ['PLANNED', 'OPEN', 'REVISION_REQUESTED', 'SUBMITTED', 'IN_REVIEW', 'APPROVED', 'NOT_ACCEPTED'] as const;
    const milestones = statuses.map((status, i) => aMilestone({ number: i + 1, status, dueDate: `2027-0${i + 1}-15` }));

    const reminded = events(projectCalendar(anInput({ milestones }))).map((e) => e.getAllSubcomponents('valarm').length);

    expect(reminded).toEqual([1, 1, 1, 0, 0, 0, 0]);
  });

  it('moves an extended milestone under the same UID, one SEQUENCE higher per approved extension', () => {
    const original = aMilestone({ number: 2, kind: 'progress', dueDate: '2027-06-30' });
    const once = { ...original, dueDate: '2027-07-15', extensions: [anExtension(), anExtension({ number: 2, status: 'REFUSED', newDueDate: '2027-07-30' })] };
    const twice = {
      ...once,
      dueDate: '2027-07-25',
      extensions: [
        ...once.extensions,
        anExtension({ number: 3, previousDueDate: '2027-07-15', newDueDate: '2027-07-25' }),
        anExtension({ number: 4, status: 'PENDING' }),
      ],
    };

    const [before, after, later] = [original, once, twice].map((m) => onlyEvent(projectCalendar(anInput({ milestones: [m] }))));

    expect([before, after, later].map((e) => value(e!, 'uid'))).toEqual(Array(3).fill(milestoneUid('prj-01HZX', 2)));
    expect([before, after, later].map((e) => value(e!, 'sequence'))).toEqual([0, 1, 2]);
    expect([before, after, later].map((e) => dateOf(e!, 'dtstart').date)).toEqual(['2027-06-30', '2027-07-15', '2027-07-25']);
    expect(value(later!, 'description')).toContain(
      'Tenggat diperpanjang dari 30 Juni 2027 ke 15 Juli 2027\nTenggat diperpanjang dari 15 Juli 2027 ke 25 Juli 2027',
    );
  });

  it('folds a long line at 75 octets without splitting a character, and unfolds to the original', () => {
    const title = `${'Kajian kebijakan pelayanan publik — é ü 日本 🎓; '.repeat(12)}akhir`;
    const feed = projectCalendar(anInput({ milestones: [aMilestone({ title })] }));

    const lines = physicalLines(feed);
    const fatal = new TextDecoder('utf-8', { fatal: true });
    for (const line of lines) {
      expect(line.length).toBeLessThanOrEqual(75);
      expect(() => fatal.decode(line)).not.toThrow();
    }
    const summary = lines.findIndex((line) => line.toString().startsWith('SUMMARY:'));
    expect(lines[summary + 1]!.toString()).toMatch(/^ \S/);
    expect(lines.length).toBeGreaterThan(feed.split('\r\n').filter((l) => !l.startsWith(' ')).length);
    expect(value(onlyEvent(feed), 'summary')).toBe(`Tenggat: ${title}`);
    expect(feed.replace(/\r\n /g, '')).toContain(`SUMMARY:Tenggat: ${icalText(title)}\r\n`);
  });

  it('ends every line with CRLF, the last one too, and nothing after it', () => {
    const feed = projectCalendar(anInput({ milestones: [aMilestone({ title: `a\nb\r\nc\rd ${'x'.repeat(200)}` })] }));

    expect(feed.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    expect(feed.endsWith('\r\nEND:VCALENDAR\r\n')).toBe(true);
    expect(feed.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect(feed).not.toContain('\r\n\r\n');
  });

  it.each<[Language, string, string, string]>([
    ['id', 'Tenggat: Laporan akhir', 'Status: Direncanakan', 'Besok tenggat: Laporan akhir'],
    ['en', 'Due: Laporan akhir', 'Status: Planned', 'Due tomorrow: Laporan akhir'],
  ])('speaks the member’s language (%s)', (lang, summary, status, reminder) => {
    const feed = projectCalendar(anInput({ lang, milestones: [aMilestone({ kind: 'final', title: 'Laporan akhir', status: 'PLANNED' })] }));

    const event = onlyEvent(feed);
    expect(value(event, 'summary')).toBe(summary);
    expect(value(event, 'description')).toContain(status);
    expect(value(event, 'description')).toContain(lang === 'id' ? 'Tahap 1: Laporan akhir' : 'Milestone 1: Final report');
    expect(value(event.getFirstSubcomponent('valarm')!, 'description')).toBe(reminder);
    expect(value(parsed(feed), 'prodid')).toBe(`-//BKPSDM Kota Surakarta//Sinergi//${lang.toUpperCase()}`);
  });

  it('writes an extension and an overdue milestone in English', () => {
    const milestone = aMilestone({ number: 2, kind: 'progress', dueDate: '2027-07-15', overdue: true, extensions: [anExtension()] });

    const description = value(onlyEvent(projectCalendar(anInput({ lang: 'en', milestones: [milestone] }))), 'description');

    expect(description).toContain('Status: Open — Overdue');
    expect(description).toContain('Due date extended from 30 June 2027 to 15 July 2027');
    expect(description).toContain('Project: Digitalisasi layanan kependudukan — Universitas Sebelas Maret');
  });

  it('round-trips any title, and keeps every physical line within 75 octets', () => {
    const special = fc.constantFrom('\n', ';', ',', '\\', '"', ':', 'é', '日本', '🎓', '👩🏽‍🔬');
    const title = fc
      .array(fc.oneof(special, fc.string({ unit: 'grapheme', maxLength: 8 })), { maxLength: 60 })
      .map((parts) => parts.join(''))
      // Control characters other than the line break are left out of a TEXT value, as icalText's own test shows.
      .filter((text) => Array.from(text).every((c) => c === '\n' || (c >= ' ' && c !== '\u007f')));
    fc.assert(
      fc.property(title, (text) => {
        const feed = projectCalendar(anInput({ milestones: [aMilestone({ title: text })] }));
        expect(value(onlyEvent(feed), 'summary')).toBe(`Tenggat: ${text}`);
        for (const line of physicalLines(feed)) expect(line.length).toBeLessThanOrEqual(75);
      }),
    );
  });

  it('refuses a due date that does not exist and a project URL that is not one', () => {
    expect(() => projectCalendar(anInput({ milestones: [aMilestone({ dueDate: '2027-02-30' })] }))).toThrow(RangeError);
    expect(() => projectCalendar(anInput({ projectUrl: '/projects/tok-123' }))).toThrow(TypeError);
  });
});

describe('icalText', () => {
  it('escapes backslash, semicolon and comma, writes line breaks as \\n, and leaves out control characters', () => {
    expect(icalText('a\\b;c,d\ne\r\nf\rg')).toBe('a\\\\b\\;c\\,d\\ne\\nf\\ng');
    expect(icalText('tab\tbell\u0007del\u007f: "ok"')).toBe('tab\tbelldel: "ok"');
  });
});

describe('foldLine', () => {
  it('leaves a line of 75 octets as it is and folds the 76th onto a line starting with a space', () => {
    expect(foldLine('x'.repeat(75))).toBe('x'.repeat(75));
    expect(foldLine('x'.repeat(76))).toBe(`${'x'.repeat(75)}\r\n x`);
    expect(foldLine('x'.repeat(75 + 74 + 1))).toBe(`${'x'.repeat(75)}\r\n ${'x'.repeat(74)}\r\n x`);
  });

  it('moves a character that would cross the limit to the next line whole', () => {
    expect(foldLine(`${'x'.repeat(73)}日`)).toBe(`${'x'.repeat(73)}\r\n 日`);
    expect(foldLine(`${'x'.repeat(72)}日`)).toBe(`${'x'.repeat(72)}日`);
    expect(foldLine(`${'x'.repeat(74)}🎓`)).toBe(`${'x'.repeat(74)}\r\n 🎓`);
  });

  it('keeps an escape on one line', () => {
    expect(foldLine(`${'x'.repeat(74)}\\n`)).toBe(`${'x'.repeat(74)}\r\n \\n`);
  });
});
