import { readSecretString } from '../../shared/kernel/adapters/secrets-manager.js';
import { type Config, loadConfig, withLinkSecret } from '../../shared/kernel/config.js';

/** The configuration of a function that mints links: the environment, then the secret, once per container. */
export function configWithLinkSecret(): Promise<Config> {
  return withLinkSecret(loadConfig(), readSecretString);
}
