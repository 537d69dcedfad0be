import { createServer, type Server } from 'node:http';
import { hostChecked } from './host-check.js';

/**
 * Answers the one Secrets Manager call the functions make, GetSecretValue (AWS JSON 1.1), for
 * the secrets of the template, with values the local cloud holds. Listens on 127.0.0.1 only,
 * and refuses (421) a request whose `Host` is not 127.0.0.1 or localhost on its port.
 */
export async function startLocalSecretsManager(secrets: Map<string, string>, port = 0): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer(
    hostChecked((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const answer = (status: number, body: unknown, type?: string) => {
          res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', ...(type ? { 'x-amzn-errortype': type } : {}) });
          res.end(JSON.stringify(body));
        };
        const target = String(req.headers['x-amz-target'] ?? '');
        if (target !== 'secretsmanager.GetSecretValue')
          return answer(400, { __type: 'UnknownOperationException', message: `${target} is not served locally` }, 'UnknownOperationException');
        let secretId = '';
        try {
          secretId = String((JSON.parse(Buffer.concat(chunks).toString('utf8')) as { SecretId?: unknown }).SecretId ?? '');
        } catch {
          return answer(400, { __type: 'SerializationException', message: 'Malformed request' }, 'SerializationException');
        }
        const value = secrets.get(secretId);
        if (value === undefined)
          return answer(400, { __type: 'ResourceNotFoundException', message: "Secrets Manager can't find the specified secret." }, 'ResourceNotFoundException');
        answer(200, { ARN: secretId, Name: secretId.split(':').pop(), SecretString: value, VersionId: 'local', VersionStages: ['AWSCURRENT'], CreatedDate: 0 });
      });
    }),
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const { port: bound } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${bound}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
