import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openTaskToken, SealError, sealTaskToken } from '../../shared/kernel/steps/task-token-seal.js';
import { mintToken } from '../../shared/kernel/steps/tokens.js';
import { thrownBy } from '../support/fixtures.js';

const secret = { current: '1', keys: { '1': 'link-secret-0123456789abcdef-0123456789' } };
const linkToken = mintToken(secret, {}, 'decision', 'p-1:r1:l1:primary');
/** Shaped like a Step Functions task token: long, base64. */
const taskToken = randomBytes(300).toString('base64');

describe('sealTaskToken', () => {
  it('keeps nothing of the task token in plain text, and opens with the link token again', () => {
    const sealed = sealTaskToken(taskToken, linkToken);

    expect(sealed).toMatch(/^gcm1\.[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain(taskToken.slice(0, 16));
    expect(openTaskToken(sealed, linkToken)).toBe(taskToken);
  });

  it('seals the same task token differently each time (a fresh IV), each opening to it', () => {
    const [a, b] = [sealTaskToken(taskToken, linkToken), sealTaskToken(taskToken, linkToken)];

    expect(a).not.toBe(b);
    expect([openTaskToken(a, linkToken), openTaskToken(b, linkToken)]).toEqual([taskToken, taskToken]);
  });
});

describe('openTaskToken', () => {
  it("refuses to open with another link's token", () => {
    const sealed = sealTaskToken(taskToken, linkToken);
    const otherLink = mintToken(secret, {}, 'decision', 'p-1:r1:l1:backup');

    expect(thrownBy(() => openTaskToken(sealed, otherLink))).toBeInstanceOf(SealError);
  });

  it('refuses a sealed value that was altered anywhere: IV, text or tag', () => {
    const sealed = sealTaskToken(taskToken, linkToken);
    const bytes = Buffer.from(sealed.slice('gcm1.'.length), 'base64url');

    for (const at of [0, 20, bytes.length - 1]) {
      const altered = Buffer.from(bytes);
      altered[at]! ^= 0x01;
      expect(
        thrownBy(() => openTaskToken(`gcm1.${altered.toString('base64url')}`, linkToken)),
        `byte ${at}`,
      ).toBeInstanceOf(SealError);
    }
    expect(thrownBy(() => openTaskToken(`gcm1.${bytes.subarray(0, 20).toString('base64url')}`, linkToken))).toBeInstanceOf(SealError);
  });

  it('answers the plain task token of a link stored before task tokens were sealed as it is', () => {
    expect(openTaskToken(taskToken, linkToken)).toBe(taskToken);
  });
});
