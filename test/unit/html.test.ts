import { describe, expect, it } from 'vitest';
import { html, join, multiline, SafeHtml, trusted } from '../../shared/kernel/pages/html.js';

const render = (markup: SafeHtml) => markup.toString();

describe('html`…`', () => {
  it('escapes the five characters that can break out of text or attributes', () => {
    expect(render(html`${`<a href="x">Tom & Jerry's</a>`}`)).toBe('&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;');
  });

  it('escapes a value alike in text and in a quoted attribute, and keeps the literal markup as written', () => {
    const typed = `"><script>alert('x')</script>&`;
    expect(render(html`<p title="${typed}">${typed}</p>`)).toBe(
      '<p title="&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;">&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;</p>',
    );
  });

  it('turns undefined, null and false into nothing and numbers into text', () => {
    expect(render(html`${undefined}`)).toBe('');
    expect(render(html`${null}`)).toBe('');
    expect(render(html`[${false}]`)).toBe('[]');
    expect(render(html`${42}`)).toBe('42');
    expect(render(html`${0}`)).toBe('0');
  });

  it('puts markup made by html`…` in as it is, without escaping it twice', () => {
    const inner = html`<strong>${'Tom & Jerry'}</strong>`;
    expect(render(html`<p>${inner}</p>`)).toBe('<p><strong>Tom &amp; Jerry</strong></p>');
    expect(render(html`<div>${html`<p>${inner}</p>`}</div>`)).toBe('<div><p><strong>Tom &amp; Jerry</strong></p></div>');
  });

  it('joins a list without a separator, escaping each item that is not markup', () => {
    expect(render(html`<ul>${['<li>typed</li>', html`<li>${'a<b'}</li>`, [html`<li>x</li>`, '&']]}</ul>`)).toBe(
      '<ul>&lt;li&gt;typed&lt;/li&gt;<li>a&lt;b</li><li>x</li>&amp;</ul>',
    );
    expect(render(html`<ul>${[]}</ul>`)).toBe('<ul></ul>');
  });

  it('does not take an object for markup because it looks like one', () => {
    const lookalike = { toString: () => '<script>alert(1)</script>' };
    expect(render(html`${lookalike as never}`)).toBe('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('cannot be forged with the constructor', () => {
    expect(() => new SafeHtml('<script>alert(1)</script>', Symbol('SafeHtml'))).toThrow(TypeError);
  });

  it('renders as its markup wherever a string is wanted', () => {
    expect(`${html`<b>${'<'}</b>`}`).toBe('<b>&lt;</b>');
    expect(String(html`<i></i>`)).toBe('<i></i>');
  });
});

describe('join', () => {
  it('puts the separator between items, escaping text and keeping markup', () => {
    expect(render(join(['a<b', html`<br>`, 'c'], ' & '))).toBe('a&lt;b &amp; <br> &amp; c');
    expect(render(join([html`<li>1</li>`, html`<li>2</li>`], html`\n`))).toBe('<li>1</li>\n<li>2</li>');
    expect(render(join([], ', '))).toBe('');
  });
});

describe('multiline', () => {
  it('escapes the text and keeps each kind of line break as <br>', () => {
    expect(render(multiline('<b>one</b>\ntwo\r\nthree\rfour'))).toBe('&lt;b&gt;one&lt;/b&gt;<br>two<br>three<br>four');
  });
});

describe('trusted', () => {
  it('takes markup the code wrote as it is', () => {
    expect(render(html`<p>${trusted('<abbr title="Jam pelajaran">JP</abbr>')}</p>`)).toBe('<p><abbr title="Jam pelajaran">JP</abbr></p>');
  });
});
