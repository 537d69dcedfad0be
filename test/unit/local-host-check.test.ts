import { describe, expect, it } from 'vitest';
import { isLoopbackHost } from '../../infra/local/host-check.js';

describe('isLoopbackHost (the Host check of every local server)', () => {
  it.each(['127.0.0.1:8005', 'localhost:8005', 'LocalHost:8005'])('accepts %s on port 8005', (host) => {
    expect(isLoopbackHost(host, 8005)).toBe(true);
  });

  it.each([
    ['a name of its own (DNS rebinding)', 'evil.example:8005'],
    ['a loopback name on another port', '127.0.0.1:8006'],
    ['localhost on another port', 'localhost:80'],
    ['no port on a port that is not 80', '127.0.0.1'],
    ['a name that only starts like localhost', 'localhost.evil.example:8005'],
    ['a name that ends like localhost', 'evil-localhost:8005'],
    ['localhost with a trailing dot', 'localhost.:8005'],
    ['an address of the machine that is not a loopback one', '192.0.2.2:8005'],
    ['another loopback address', '127.0.0.2:8005'],
    ['IPv6 loopback, where no local server listens', '[::1]:8005'],
    ['user information before the name', 'x@127.0.0.1:8005'],
    ['an empty Host', ''],
  ])('refuses %s (%s)', (_why, host) => {
    expect(isLoopbackHost(host, 8005)).toBe(false);
  });

  it('refuses a request with no Host at all', () => {
    expect(isLoopbackHost(undefined, 8005)).toBe(false);
  });

  it('accepts a loopback name without a port only on port 80, where a browser leaves the port out', () => {
    expect(isLoopbackHost('localhost', 80)).toBe(true);
    expect(isLoopbackHost('127.0.0.1', 80)).toBe(true);
    expect(isLoopbackHost('localhost:80', 80)).toBe(true);
    expect(isLoopbackHost('localhost', 8080)).toBe(false);
  });
});
