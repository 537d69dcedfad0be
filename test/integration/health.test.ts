import { describe, expect, inject, it } from 'vitest';

const apiUrl = inject('apiUrl');

describe('the health check on the local cloud', () => {
  it('answers GET /health with 200 and {"status":"ok"}, without any token', async () => {
    const res = await fetch(`${apiUrl}/health`);

    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('answers HEAD /health with 200 and no body', async () => {
    const res = await fetch(`${apiUrl}/health`, { method: 'HEAD' });

    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
  });
});
