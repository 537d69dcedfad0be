import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

/** One Secrets Manager client per container, made on first use (see dynamodb-client.ts). */
let client: SecretsManagerClient | undefined;

/** The text of a secret. */
export async function readSecretString(arn: string): Promise<string> {
  client ??= new SecretsManagerClient({});
  const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId: arn }));
  if (!SecretString) throw new Error('The secret has no text value');
  return SecretString;
}
