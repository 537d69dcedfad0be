import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SESClient } from '@aws-sdk/client-ses';
import { SFNClient } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * One client of each kind per container, made on first use. Endpoints come from the SDK's
 * standard `AWS_ENDPOINT_URL_<SERVICE>` variables, so the same code reaches AWS or a local engine.
 */
let documentClient: DynamoDBDocumentClient | undefined;
let ses: SESClient | undefined;
let sfn: SFNClient | undefined;

export function dynamoDocumentClient(): DynamoDBDocumentClient {
  documentClient ??= DynamoDBDocumentClient.from(new DynamoDBClient({}), {
    marshallOptions: { removeUndefinedValues: true },
  });
  return documentClient;
}

export function sesClient(): SESClient {
  ses ??= new SESClient({});
  return ses;
}

export function sfnClient(): SFNClient {
  sfn ??= new SFNClient({});
  return sfn;
}
