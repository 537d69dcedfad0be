import { fromEnv } from '@aws-sdk/credential-provider-env';

/**
 * The credentials of every SDK client in a function, bundled in place of the SDK's default
 * chain (`@aws-sdk/credential-provider-node`, an esbuild alias set in SinergiFunction). Lambda
 * hands a function its role's credentials in the environment (AWS_ACCESS_KEY_ID,
 * AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN), the first place the default chain looks and the
 * only one it finds there; the chain's other providers (shared files, SSO, processes, the
 * container and instance metadata) are never reached in a function and weigh about 90 KiB in
 * each bundle. The local cloud sets the same variables for the functions it runs.
 */
export const defaultProvider = (init?: Parameters<typeof fromEnv>[0]) => fromEnv(init);
