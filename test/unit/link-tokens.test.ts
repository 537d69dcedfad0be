import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ForbiddenError } from '../../shared/kernel/errors.js';
import { assertOpen, assertSameOrigin, LinkClosedError, LinkUsedError } from '../../shared/kernel/steps/link-errors.js';
import { hashToken, isValidPageProof, isWellFormedToken, mintToken, pageProof } from '../../shared/kernel/steps/tokens.js';
import { aDecisionLink, anOutcome, thrownBy } from '../support/fixtures.js';

const secret = { current: '1', keys: { '1': 'link-secret-0123456789abcdef-0123456789' } };
const stepId = 'p-1:r1:l1:primary';

describe('mintToken', () => {
  it('makes a token of 43 base64url characters (256 bits, well over 128)', () => {
    const token = mintToken(secret, {}, 'decision', stepId);

    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
  });

  it('mints the same token again for the same secret, purpose and step', () => {
    expect(mintToken(secret, {}, 'decision', stepId)).toBe(mintToken(secret, {}, 'decision', stepId));
  });

  it('mints different tokens for different purposes of the same step', () => {
    const tokens = new Set([mintToken(secret, {}, 'decision', stepId), mintToken(secret, {}, 'track', stepId), mintToken(secret, {}, 'edit', stepId)]);

    expect(tokens.size).toBe(3);
  });

  it('mints different tokens for different steps', () => {
    expect(mintToken(secret, {}, 'decision', 'p-1:r1:l1:primary')).not.toBe(mintToken(secret, {}, 'decision', 'p-1:r1:l1:backup'));
  });

  it('mints different tokens under a different secret', () => {
    const other = { current: '1', keys: { '1': `${secret.keys['1']}-other` } };

    expect(mintToken(secret, {}, 'decision', stepId)).not.toBe(mintToken(other, {}, 'decision', stepId));
  });
});

describe('mintToken with key versions (a rotated link secret)', () => {
  const rotated = { current: '2', keys: { '1': secret.keys['1'], '2': 'the-second-link-key-0123456789abcdef-01' } };

  it('mints a subject made before key versions (or under version 1) exactly as before: no version in the token', () => {
    const before = mintToken(secret, {}, 'decision', stepId);

    expect(mintToken(rotated, {}, 'decision', stepId)).toBe(before);
    expect(mintToken(rotated, { keyVersion: '1' }, 'decision', stepId)).toBe(before);
  });

  it("mints a later version's token with the version in front, under that version's key", () => {
    const token = mintToken(rotated, { keyVersion: '2' }, 'decision', stepId);

    expect(token).toMatch(/^2\.[A-Za-z0-9_-]{43}$/);
    expect(token.slice(2)).not.toBe(mintToken(secret, {}, 'decision', stepId));
    expect(mintToken(rotated, { keyVersion: '2' }, 'decision', stepId)).toBe(token);
    expect(isWellFormedToken(token)).toBe(true);
  });

  it('refuses to mint under a version the secret no longer has, naming the version and no key', () => {
    const error = thrownBy(() => mintToken(secret, { keyVersion: '2' }, 'decision', stepId)) as Error;

    expect(error.message).toBe('The link secret has no key of version 2');
  });
});

describe('hashToken', () => {
  it('is the SHA-256 of the token, in hex', () => {
    const token = mintToken(secret, {}, 'track', 'p-1');

    const hash = hashToken(token);

    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).toBe(createHash('sha256').update(token).digest('hex'));
  });

  it('does not contain the token itself', () => {
    const token = mintToken(secret, {}, 'track', 'p-1');

    expect(hashToken(token)).not.toContain(token);
    expect(hashToken(token)).not.toBe(token);
  });
});

describe('isWellFormedToken', () => {
  it('accepts a minted token', () => {
    expect(isWellFormedToken(mintToken(secret, {}, 'edit', stepId))).toBe(true);
  });

  it.each([
    ['too short', 'a'.repeat(42)],
    ['too long', 'a'.repeat(44)],
    ['with standard base64 characters', `${'a'.repeat(41)}+/`],
    ['with padding', `${'a'.repeat(42)}=`],
    ['with a path separator', `${'a'.repeat(20)}/../${'a'.repeat(19)}`],
    ['empty', ''],
    ['with version 1 in front (version 1 tokens carry none)', `1.${'a'.repeat(43)}`],
    ['with a version that has no digits or starts with 0', `.${'a'.repeat(43)}`],
    ['with version 02', `02.${'a'.repeat(43)}`],
    ['with a version of five digits', `10000.${'a'.repeat(43)}`],
  ])('refuses a token %s', (_why, token) => {
    expect(isWellFormedToken(token)).toBe(false);
  });
});

describe('pageProof / isValidPageProof', () => {
  const pageSecret = 'page-secret-of-one-link';
  const now = Date.parse('2027-02-01T03:00:00Z');
  const maxAge = 24 * 3_600_000;

  it('accepts a proof issued just now', () => {
    const proof = pageProof(pageSecret, now);

    expect(isValidPageProof(pageSecret, proof, now, maxAge)).toBe(true);
  });

  it('accepts a proof exactly as old as the maximum age', () => {
    const proof = pageProof(pageSecret, now - maxAge);

    expect(isValidPageProof(pageSecret, proof, now, maxAge)).toBe(true);
  });

  it('refuses a proof older than the maximum age', () => {
    const proof = pageProof(pageSecret, now - maxAge - 1);

    expect(isValidPageProof(pageSecret, proof, now, maxAge)).toBe(false);
  });

  it('tolerates a little clock skew but refuses a proof from more than 60 s in the future', () => {
    expect(isValidPageProof(pageSecret, pageProof(pageSecret, now + 60_000), now, maxAge)).toBe(true);
    expect(isValidPageProof(pageSecret, pageProof(pageSecret, now + 60_001), now, maxAge)).toBe(false);
  });

  it('refuses a proof signed with another page secret', () => {
    const proof = pageProof('page-secret-of-another-link', now);

    expect(isValidPageProof(pageSecret, proof, now, maxAge)).toBe(false);
  });

  it('refuses a proof whose time was changed', () => {
    const [, mac] = pageProof(pageSecret, now - maxAge - 5_000).split('.');

    expect(isValidPageProof(pageSecret, `${now}.${mac}`, now, maxAge)).toBe(false);
  });

  it('refuses a proof whose signature was changed', () => {
    const proof = pageProof(pageSecret, now);
    const at = proof.length - 10;
    const flipped = proof[at] === 'A' ? 'B' : 'A';

    expect(isValidPageProof(pageSecret, `${proof.slice(0, at)}${flipped}${proof.slice(at + 1)}`, now, maxAge)).toBe(false);
  });

  it.each(['', 'nonsense', `${now}`, `${now}.`, `abc.${'a'.repeat(43)}`, `${now}.${'a'.repeat(42)}`, `${now}.${'a'.repeat(43)}.extra`])(
    'refuses a malformed proof %j',
    (proof) => {
      expect(isValidPageProof(pageSecret, proof, now, maxAge)).toBe(false);
    },
  );
});

describe('assertOpen', () => {
  const now = new Date('2027-02-02T03:00:00.000Z');

  it('lets a pending link before its expiry through', () => {
    expect(() => assertOpen(aDecisionLink(), now, 'id')).not.toThrow();
  });

  it('refuses a used link with the outcome, to say who decided what', () => {
    const outcome = anOutcome({ decidedAt: '2027-02-01T05:00:00.000Z' });

    const error = thrownBy(() => assertOpen(aDecisionLink({ state: 'USED', outcome }), now, 'en'));

    expect(error).toBeInstanceOf(LinkUsedError);
    expect((error as LinkUsedError).outcome).toEqual(outcome);
    expect((error as LinkUsedError).kind).toBe('conflict');
    expect((error as LinkUsedError).message).toBe('This link has already been used.');
  });

  it('refuses a superseded link as closed, saying it was replaced', () => {
    const error = thrownBy(() => assertOpen(aDecisionLink({ state: 'SUPERSEDED' }), now, 'id'));

    expect(error).toBeInstanceOf(LinkClosedError);
    expect((error as LinkClosedError).reason).toBe('superseded');
    expect((error as LinkClosedError).kind).toBe('gone');
    expect((error as LinkClosedError).message).toBe('Tautan ini sudah digantikan oleh tautan yang lebih baru.');
  });

  it('refuses an expired link as closed', () => {
    const error = thrownBy(() => assertOpen(aDecisionLink({ state: 'EXPIRED' }), now, 'en'));

    expect(error).toBeInstanceOf(LinkClosedError);
    expect((error as LinkClosedError).reason).toBe('expired');
    expect((error as LinkClosedError).message).toBe('This link has expired.');
  });

  it('refuses a pending link whose expiry has passed, as expired', () => {
    const error = thrownBy(() => assertOpen(aDecisionLink({ expiresAt: '2027-02-02T02:59:59.999Z' }), now, 'id'));

    expect(error).toBeInstanceOf(LinkClosedError);
    expect((error as LinkClosedError).reason).toBe('expired');
  });

  it('refuses a pending link at the very moment it expires', () => {
    expect(() => assertOpen(aDecisionLink({ expiresAt: now.toISOString() }), now, 'id')).toThrow(LinkClosedError);
  });
});

describe('assertSameOrigin', () => {
  const base = 'https://sinergi.surakarta.go.id/';

  it('accepts a POST from our own origin', () => {
    expect(() => assertSameOrigin({ origin: 'https://sinergi.surakarta.go.id' }, base, 'id')).not.toThrow();
  });

  it('refuses a POST from another origin, even with a same-origin fetch header', () => {
    const error = thrownBy(() => assertSameOrigin({ origin: 'https://evil.example', 'sec-fetch-site': 'same-origin' }, base, 'en'));

    expect(error).toBeInstanceOf(ForbiddenError);
    expect((error as ForbiddenError).message).toContain('did not come from a Sinergi page');
  });

  it('refuses a lookalike origin on another scheme or port', () => {
    expect(() => assertSameOrigin({ origin: 'http://sinergi.surakarta.go.id' }, base, 'id')).toThrow(ForbiddenError);
    expect(() => assertSameOrigin({ origin: 'https://sinergi.surakarta.go.id:8443' }, base, 'id')).toThrow(ForbiddenError);
  });

  it('accepts "Origin: null" only when the fetch metadata says same-origin', () => {
    expect(() => assertSameOrigin({ origin: 'null', 'sec-fetch-site': 'same-origin' }, base, 'id')).not.toThrow();
    expect(() => assertSameOrigin({ origin: 'null', 'sec-fetch-site': 'cross-site' }, base, 'id')).toThrow(ForbiddenError);
    expect(() => assertSameOrigin({ origin: 'null' }, base, 'id')).toThrow(ForbiddenError);
  });

  it('refuses a POST with neither Origin nor fetch metadata', () => {
    const error = thrownBy(() => assertSameOrigin({}, base, 'id'));

    expect(error).toBeInstanceOf(ForbiddenError);
    expect((error as ForbiddenError).message).toContain('tidak berasal dari halaman Sinergi');
  });
});
