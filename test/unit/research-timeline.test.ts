import { describe, expect, it } from 'vitest';
import { type MilestoneTimelineInput, milestoneTimeline } from '../../shared/research/timeline.js';
import { aMilestoneView as aMilestone, anExtension } from '../support/research-fixtures.js';

const markup = '<script>alert(1)</script>';
const escapedMarkup = '&lt;script&gt;alert(1)&lt;/script&gt;';

/** A year-long project (364 days from its first to its last day) with a milestone on either end and one in the middle. */
function anInput(overrides: Partial<MilestoneTimelineInput> = {}): MilestoneTimelineInput {
  return {
    startDate: '2027-01-01',
    endDate: '2027-12-31',
    today: '2027-04-15',
    lang: 'id',
    milestones: [
      aMilestone({ number: 1, kind: 'plan', title: 'Rencana', dueDate: '2027-01-01', status: 'APPROVED' }),
      aMilestone({ number: 2, kind: 'progress', title: 'Kemajuan', dueDate: '2027-07-02', status: 'OPEN', overdue: true }),
      aMilestone({ number: 3, kind: 'output', title: 'Luaran', dueDate: '2027-09-30', status: 'NOT_ACCEPTED', round: 4 }),
      aMilestone({ number: 4, kind: 'final', title: 'Laporan akhir', dueDate: '2027-12-31', status: 'PLANNED' }),
    ],
    ...overrides,
  };
}

const render = (input: MilestoneTimelineInput) => milestoneTimeline(input).toString();
const svgOf = (page: string) => page.match(/<svg class="timeline"[\s\S]*?<\/svg>\n/)?.[0] ?? '';
const listOf = (page: string) => page.match(/<ol [\s\S]*<\/ol>/)?.[0] ?? '';

/** The milestone markers of the drawing, in the order drawn. */
function markers(page: string) {
  return [
    ...svgOf(page).matchAll(
      /<g class="milestone ([^"]+)" data-milestone="(\d+)" data-due="([^"]+)" transform="translate\(([\d.]+),([\d.]+)\)">([\s\S]*?)<\/g>(?=\n|<\/svg>)/g,
    ),
  ].map(([, classes, number, due, x, y, inner]) => ({ classes: classes!.split(' '), number: Number(number), due, x: Number(x), y: Number(y), inner: inner! }));
}

/** The list's items, in order. */
const items = (page: string) => [...listOf(page).matchAll(/<li [^>]*>([\s\S]*?)<\/li>/g)].map(([item]) => item);

const todayMarker = (page: string) => svgOf(page).match(/<g class="today" data-date="([^"]+)"><line x1="([\d.]+)"/);

describe('milestoneTimeline', () => {
  it('is an image with its own title and description, named by them, then the ordered list', () => {
    const page = render(anInput());

    expect(page).toMatch(/^<div class="milestone-timeline">\n<svg /);
    expect(svgOf(page)).toMatch(/^<svg class="timeline" role="img" aria-labelledby="timeline-title timeline-desc" viewBox="0 0 720 124"/);
    expect(page).toContain('<title id="timeline-title">Lini masa tahap proyek</title>');
    expect(page).toMatch(
      /<desc id="timeline-desc">Proyek berlangsung dari 1 Januari 2027 sampai 31 Desember 2027, dengan 4 tahap: 1 disetujui, 1 terlambat\. Hari ini: 15 April 2027\./,
    );
    expect(page.indexOf('</svg>')).toBeLessThan(page.indexOf('<ol '));
    expect(page).not.toMatch(/<script|NaN|undefined|Infinity/);
  });

  it('takes an id prefix, so two timelines on a page keep their ids apart', () => {
    const page = render(anInput({ idPrefix: 'project "2"' }));

    expect(page).toContain('aria-labelledby="project-2-title project-2-desc"');
    expect(page).toContain('<title id="project-2-title">');
    expect(page).toContain('<desc id="project-2-desc">');
    expect(page).toContain('<li id="project-2-m1"');
  });

  it('places one marker per milestone, in order, at a position proportional to its due date', () => {
    const drawn = markers(render(anInput()));

    expect(drawn.map((m) => m.number)).toEqual([1, 2, 3, 4]);
    expect(drawn.map((m) => m.due)).toEqual(['2027-01-01', '2027-07-02', '2027-09-30', '2027-12-31']);
    // The axis runs from x = 28 (the first day) to x = 692 (the last); 2 July is day 182 of 364.
    expect(drawn.map((m) => m.x)).toEqual([28, 360, 28 + Math.round((272 / 364) * 664 * 10) / 10, 692]);
    expect(new Set(drawn.map((m) => m.y))).toEqual(new Set([58]));
    for (let i = 1; i < drawn.length; i++) expect(drawn[i]!.x).toBeGreaterThan(drawn[i - 1]!.x);
  });

  it('draws the milestones in the order of their numbers whatever order they come in', () => {
    const input = anInput();
    const drawn = markers(render({ ...input, milestones: [...input.milestones].reverse() }));

    expect(drawn.map((m) => m.number)).toEqual([1, 2, 3, 4]);
  });

  it('draws a project of one day with its milestone and today in the middle', () => {
    const page = render(
      anInput({ startDate: '2027-05-05', endDate: '2027-05-05', today: '2027-05-05', milestones: [aMilestone({ kind: 'final', dueDate: '2027-05-05' })] }),
    );

    expect(markers(page).map((m) => m.x)).toEqual([360]);
    expect(todayMarker(page)?.[2]).toBe('360');
    expect(page).not.toMatch(/NaN|Infinity/);
  });

  it('marks today only while the project runs, its first and last days included', () => {
    const at = (today: string) => todayMarker(render(anInput({ today })));

    expect(at('2026-12-31')).toBeNull();
    expect(at('2028-01-01')).toBeNull();
    expect(at('2027-01-01')?.slice(1)).toEqual(['2027-01-01', '28']);
    expect(at('2027-07-02')?.slice(1)).toEqual(['2027-07-02', '360']);
    expect(at('2027-12-31')?.slice(1)).toEqual(['2027-12-31', '692']);
    expect(svgOf(render(anInput({ today: '2026-12-31' })))).not.toContain('Hari ini');
  });

  it('tells the statuses apart by shape, not colour alone, and shows the same shape beside each list item', () => {
    const page = render(anInput());
    const drawn = markers(page);
    const shapeOf = (inner: string) =>
      inner
        .replace(/<title>[\s\S]*?<\/title>/, '')
        .replace(/<text[\s\S]*?<\/text>/g, '')
        .replace(/ (fill|stroke)="[^"]*"/g, '');

    expect(drawn.map((m) => m.classes[0])).toEqual(['approved', 'active', 'not-accepted', 'planned']);
    const shapes = drawn.map((m) => shapeOf(m.inner.replace(/<circle r="12.5"[^>]*\/><g transform="translate\(0,22\)">[\s\S]*?<\/g>/, '')));
    expect(new Set(shapes).size).toBe(4);
    expect(drawn[0]!.inner).toMatch(/<circle r="8" [^>]*\/><path /);
    expect(drawn[1]!.inner).toContain('<path d="M0,-9 L9,0 L0,9 L-9,0 Z"');
    expect(drawn[2]!.inner).toContain('<rect ');
    expect(drawn[3]!.inner).toMatch(/<circle r="7" fill="#fff"/);
    items(page).forEach((item, i) => {
      expect(item).toContain('<svg class="marker-key"');
      expect(shapeOf(item.match(/<svg class="marker-key"[^>]*>([\s\S]*?)<\/svg>/)![1]!)).toBe(shapes[i]);
    });
  });

  it('marks an overdue milestone in the drawing and in the list', () => {
    const page = render(anInput());
    const drawn = markers(page);

    expect(drawn.map((m) => m.classes.includes('overdue'))).toEqual([false, true, false, false]);
    expect(drawn[1]!.inner).toContain('<text y="3.6" text-anchor="middle" font-size="8" font-weight="700" fill="#fff">!</text>');
    expect(drawn[0]!.inner).not.toContain('>!<');
    expect(drawn[1]!.inner).toContain('<title>2. Kemajuan — Tenggat 2 Juli 2027 — Dibuka, Terlambat</title>');
    expect(items(page).map((item) => item.includes('<strong class="badge overdue">Terlambat</strong>'))).toEqual([false, true, false, false]);
  });

  it('lists every milestone in order: number, title, kind, due date, status, round after the first, approved extensions', () => {
    const input = anInput();
    input.milestones[1] = {
      ...input.milestones[1]!,
      extensions: [
        anExtension({ previousDueDate: '2027-06-15', newDueDate: '2027-06-25' }),
        anExtension({ number: 2, status: 'REFUSED', previousDueDate: '2027-06-25', newDueDate: '2027-08-01' }),
        anExtension({ number: 3, previousDueDate: '2027-06-25', newDueDate: '2027-07-02' }),
        anExtension({ number: 4, status: 'PENDING', previousDueDate: '2027-07-02', newDueDate: '2027-07-20' }),
      ],
    };
    const listed = items(render(input));

    expect(listed).toHaveLength(4);
    expect(listed[0]).toContain('<strong>Tahap 1: Rencana</strong> <span class="muted">(Rencana penelitian)</span>');
    expect(listed[0]).toContain('Tenggat <time datetime="2027-01-01">1 Januari 2027</time> · <span class="badge APPROVED">Disetujui</span>');
    expect(listed[1]).toContain('<strong>Tahap 2: Kemajuan</strong> <span class="muted">(Laporan kemajuan)</span>');
    expect(listed[1]).toContain('<span class="badge OPEN">Dibuka</span>');
    expect(listed[1]).toContain(
      '<br>diperpanjang dari <time datetime="2027-06-15">15 Juni 2027</time> ke <time datetime="2027-06-25">25 Juni 2027</time>; diperpanjang dari <time datetime="2027-06-25">25 Juni 2027</time> ke <time datetime="2027-07-02">2 Juli 2027</time></li>',
    );
    expect(listed[1]).not.toContain('2027-08-01');
    expect(listed[1]).not.toContain('2027-07-20');
    expect(listed[2]).toContain('<span class="badge NOT_ACCEPTED">Tidak diterima</span> · Putaran 4');
    expect(listed[3]).toContain('<strong>Tahap 4: Laporan akhir</strong> <span class="muted">(Laporan akhir)</span>');
    expect(listed[3]).toContain('<span class="badge PLANNED">Direncanakan</span>');
    expect(listed.filter((item) => item.includes('Putaran'))).toHaveLength(1);
    expect(listed.filter((item) => item.includes('diperpanjang'))).toHaveLength(1);
  });

  it('escapes what people wrote, in the drawing and in the list', () => {
    const page = render(anInput({ milestones: [aMilestone({ title: markup }), aMilestone({ number: 2, title: 'A & "B"', dueDate: '2027-06-01' })] }));

    expect(page).not.toContain(markup);
    expect(page).not.toContain('<script');
    expect(markers(page)[0]!.inner).toContain(`<title>1. ${escapedMarkup} — `);
    expect(items(page)[0]).toContain(`<strong>Tahap 1: ${escapedMarkup}</strong>`);
    expect(items(page)[1]).toContain('<strong>Tahap 2: A &amp; &quot;B&quot;</strong>');
  });

  it('speaks English', () => {
    const page = render(anInput({ lang: 'en' }));

    expect(page).toContain('<title id="timeline-title">Project milestone timeline</title>');
    expect(page).toContain(
      '<desc id="timeline-desc">The project runs from 1 January 2027 to 31 December 2027, with 4 milestones: 1 approved, 1 overdue. Today: 15 April 2027. The list below gives the details.</desc>',
    );
    expect(svgOf(page)).toContain('>Today</text>');
    expect(markers(page)[1]!.inner).toContain('<title>2. Kemajuan — Due 2 July 2027 — Open, Overdue</title>');
    const listed = items(page);
    expect(listed[1]).toContain('<strong>Milestone 2: Kemajuan</strong> <span class="muted">(Progress report)</span>');
    expect(listed[1]).toContain('<strong class="badge overdue">Overdue</strong>');
    expect(listed[2]).toContain('<span class="badge NOT_ACCEPTED">Not accepted</span> · Round 4');
    expect(items(render(anInput({ lang: 'en', milestones: [aMilestone({ dueDate: '2027-07-15', extensions: [anExtension()] })] })))[0]).toContain(
      'extended from <time datetime="2027-06-30">30 June 2027</time> to <time datetime="2027-07-15">15 July 2027</time>',
    );
  });

  it('refuses dates that do not exist and a project that ends before it starts', () => {
    expect(() => render(anInput({ startDate: '2027-02-30' }))).toThrow(RangeError);
    expect(() => render(anInput({ today: 'today' }))).toThrow(RangeError);
    expect(() => render(anInput({ milestones: [aMilestone({ dueDate: '2027-13-01' })] }))).toThrow(RangeError);
    expect(() => render(anInput({ startDate: '2027-06-01', endDate: '2027-05-31' }))).toThrow(RangeError);
  });
});
