import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseLinkSecret, withLinkSecret } from '../../shared/kernel/config.js';
import { aConfig, thrownBy } from '../support/fixtures.js';

const chain = aConfig().APPROVAL_CHAIN;

/** A complete environment for `aConfig()`, with any variable replaced or (as `undefined`) removed. */
function anEnvironment(overrides: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const config = aConfig();
  return {
    TABLE_NAME: config.TABLE_NAME,
    PROPOSAL_WORKFLOW_ARN: config.PROPOSAL_WORKFLOW_ARN,
    OFFER_WORKFLOW_ARN: config.OFFER_WORKFLOW_ARN,
    APPLICATION_WORKFLOW_ARN: config.APPLICATION_WORKFLOW_ARN,
    RESEARCH_WORKFLOW_ARN: config.RESEARCH_WORKFLOW_ARN,
    MILESTONE_WORKFLOW_ARN: config.MILESTONE_WORKFLOW_ARN,
    PUBLIC_BASE_URL: `${config.PUBLIC_BASE_URL}/`,
    SENDER_EMAIL: config.SENDER_EMAIL,
    LINK_SECRET_ARN: 'arn:aws:secretsmanager:ap-southeast-3:123456789012:secret:link-secret',
    APPROVAL_CHAIN: JSON.stringify(chain),
    ...overrides,
  };
}

/** The ConfigError `loadConfig` throws for an environment; fails the test when it throws none. */
function configErrorFor(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('parses a complete environment', () => {
    // Arrange
    const env = anEnvironment();

    // Act
    const config = loadConfig(env);

    // Assert
    expect(config.TABLE_NAME).toBe('sinergi-table');
    expect(config.PROPOSAL_WORKFLOW_ARN).toBe('arn:aws:states:ap-southeast-3:123456789012:stateMachine:proposal-review');
    expect(config.SENDER_EMAIL).toBe('noreply@sinergi.surakarta.go.id');
    expect(config.LINK_SECRET_ARN).toBe('arn:aws:secretsmanager:ap-southeast-3:123456789012:secret:link-secret');
    expect(config).not.toHaveProperty('LINK_SECRET');
    expect(config.APPROVAL_CHAIN).toEqual(chain);
  });

  it('removes the trailing slash of PUBLIC_BASE_URL, so paths can be appended', () => {
    expect(loadConfig(anEnvironment({ PUBLIC_BASE_URL: 'https://sinergi.surakarta.go.id/' })).PUBLIC_BASE_URL).toBe('https://sinergi.surakarta.go.id');
    expect(loadConfig(anEnvironment({ PUBLIC_BASE_URL: 'http://127.0.0.1:3000//' })).PUBLIC_BASE_URL).toBe('http://127.0.0.1:3000');
  });

  it('defaults MAX_REVIEW_ROUNDS to 3', () => {
    expect(loadConfig(anEnvironment()).MAX_REVIEW_ROUNDS).toBe(3);
  });

  it('reads MAX_REVIEW_ROUNDS as a number when set', () => {
    expect(loadConfig(anEnvironment({ MAX_REVIEW_ROUNDS: '5' })).MAX_REVIEW_ROUNDS).toBe(5);
  });

  it.each(['0', '1.5', 'many'])('refuses MAX_REVIEW_ROUNDS=%j, naming it', (value) => {
    expect(configErrorFor(anEnvironment({ MAX_REVIEW_ROUNDS: value })).message).toContain('MAX_REVIEW_ROUNDS');
  });

  it.each(['TABLE_NAME', 'PROPOSAL_WORKFLOW_ARN', 'PUBLIC_BASE_URL', 'SENDER_EMAIL', 'APPROVAL_CHAIN'])(
    'fails with a ConfigError naming a missing %s',
    (name) => {
      const error = configErrorFor(anEnvironment({ [name]: undefined }));

      expect(error.name).toBe('ConfigError');
      expect(error.message).toContain(`${name} is missing`);
    },
  );

  it('names every missing variable at once', () => {
    const error = configErrorFor(anEnvironment({ TABLE_NAME: undefined, SENDER_EMAIL: undefined }));

    expect(error.message).toContain('TABLE_NAME is missing');
    expect(error.message).toContain('SENDER_EMAIL is missing');
  });

  it('fails naming APPROVAL_CHAIN when it is not JSON', () => {
    const error = configErrorFor(anEnvironment({ APPROVAL_CHAIN: '[{role: coordinator' }));

    expect(error.message).toContain('APPROVAL_CHAIN');
    expect(error.message).toContain('must be JSON');
  });

  it('fails naming APPROVAL_CHAIN when it is JSON of the wrong shape', () => {
    expect(configErrorFor(anEnvironment({ APPROVAL_CHAIN: '[]' })).message).toContain('APPROVAL_CHAIN');
    expect(configErrorFor(anEnvironment({ APPROVAL_CHAIN: '[{"role":"coordinator"}]' })).message).toContain('APPROVAL_CHAIN');
  });

  it('loads without a link secret (functions that mint no links never see it)', () => {
    expect(loadConfig(anEnvironment({ LINK_SECRET_ARN: undefined })).LINK_SECRET_ARN).toBeUndefined();
  });
});

describe('withLinkSecret', () => {
  it('adds the secret read from the ARN in the environment', async () => {
    const reads: string[] = [];
    const config = await withLinkSecret(loadConfig(anEnvironment()), async (arn) => (reads.push(arn), 'x'.repeat(40)));

    expect(config.LINK_SECRET).toEqual({ current: '1', keys: { '1': 'x'.repeat(40) } });
    expect(reads).toEqual(['arn:aws:secretsmanager:ap-southeast-3:123456789012:secret:link-secret']);
  });

  it('fails naming LINK_SECRET_ARN when a function that mints links has none', async () => {
    await expect(withLinkSecret(loadConfig(anEnvironment({ LINK_SECRET_ARN: undefined })), async () => 'x'.repeat(40))).rejects.toThrow(
      'LINK_SECRET_ARN is missing',
    );
  });

  it('refuses a link secret shorter than 32 characters', async () => {
    await expect(withLinkSecret(loadConfig(anEnvironment()), async () => 'short')).rejects.toThrow(ConfigError);
  });
});

describe('parseLinkSecret', () => {
  const one = 'a'.repeat(40);
  const two = 'b'.repeat(40);

  it('reads the plain secret of before key versions as key version 1, the current one', () => {
    expect(parseLinkSecret(one)).toEqual({ current: '1', keys: { '1': one } });
  });

  it('reads a keyring: its keys by version and the one new subjects are created under', () => {
    expect(parseLinkSecret(JSON.stringify({ current: '2', keys: { '1': one, '2': two } }))).toEqual({ current: '2', keys: { '1': one, '2': two } });
  });

  it.each([
    ['not JSON', '{"current": "2",', 'is not JSON'],
    ['without keys', JSON.stringify({ current: '2' }), 'needs "current" and "keys"'],
    ['with a version that is not a number from 1', JSON.stringify({ current: 'v2', keys: { v2: two } }), 'needs "current" and "keys"'],
    ['whose current version has no key', JSON.stringify({ current: '3', keys: { '1': one, '2': two } }), 'no key of its current version 3'],
    ['with a key shorter than 32 characters', JSON.stringify({ current: '2', keys: { '1': 'short', '2': two } }), 'key of version 1 is shorter than 32'],
  ])('refuses a keyring %s, without naming any key', (_why, value, message) => {
    const error = thrownBy(() => parseLinkSecret(value)) as Error;

    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toContain(message);
    expect(error.message).not.toContain(two);
  });

  it('refuses a workflow ARN that is not an ARN', () => {
    expect(configErrorFor(anEnvironment({ PROPOSAL_WORKFLOW_ARN: 'proposal-review' })).message).toContain('PROPOSAL_WORKFLOW_ARN');
  });

  it('refuses an empty TABLE_NAME instead of defaulting it', () => {
    expect(configErrorFor(anEnvironment({ TABLE_NAME: '' })).message).toContain('TABLE_NAME');
  });
});
