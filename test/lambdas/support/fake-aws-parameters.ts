import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeAwsParameters {
  /** AWS_ENDPOINT_URL_SSM and AWS_ENDPOINT_URL_SECRETS_MANAGER for the SDK clients under test. */
  env: Record<string, string>;
  /** Adds or replaces an SSM parameter (full name, e.g. `/switchboard/test/REDIS_URL`). */
  putParameter(name: string, value: string): void;
  /** Adds a secret and returns its ARN. */
  putSecret(name: string, value: string): string;
  /** Gives an existing secret a new value, as a rotation does. */
  rotateSecret(arn: string, value: string): void;
  /** Names of the API operations received, in order (`AmazonSSM.GetParametersByPath`, …). */
  calls: string[];
  close(): Promise<void>;
}

const PAGE_SIZE = 10; // GetParametersByPath's maximum page: exercises the client's pagination

/**
 * SSM Parameter Store and Secrets Manager on 127.0.0.1, speaking the AWS JSON 1.1
 * protocol the real SDK clients use (GetParametersByPath with paging,
 * GetParameters, GetSecretValue), so the settings loader runs unchanged. No
 * emulator for either service runs on this machine, and the loader's behaviour
 * is in the client calls, not in the services.
 */
export async function startFakeAwsParameters(): Promise<FakeAwsParameters> {
  const parameters = new Map<string, string>();
  const secrets = new Map<string, { name: string; value: string }>();
  const calls: string[] = [];

  const server: Server = createServer((req, res) => {
    void handle(req, res).catch((err: Error) => reply(res, 500, { __type: 'InternalFailure', message: err.message }));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const target = String(req.headers['x-amz-target'] ?? '');
    calls.push(target);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const input = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
    switch (target) {
      case 'AmazonSSM.GetParametersByPath': {
        const path = String(input.Path).replace(/\/?$/, '/');
        const names = [...parameters.keys()].filter((n) => n.startsWith(path) && (input.Recursive || !n.slice(path.length).includes('/'))).sort();
        const start = Number(input.NextToken ?? 0);
        const page = names.slice(start, start + PAGE_SIZE);
        const next = start + PAGE_SIZE < names.length ? String(start + PAGE_SIZE) : undefined;
        return reply(res, 200, { Parameters: page.map((Name) => ({ Name, Type: 'String', Value: parameters.get(Name), Version: 1 })), NextToken: next });
      }
      case 'AmazonSSM.GetParameters': {
        const names = (input.Names as string[]) ?? [];
        return reply(res, 200, {
          Parameters: names.filter((n) => parameters.has(n)).map((Name) => ({ Name, Type: 'String', Value: parameters.get(Name), Version: 1 })),
          InvalidParameters: names.filter((n) => !parameters.has(n)),
        });
      }
      case 'secretsmanager.GetSecretValue': {
        const secret = secrets.get(String(input.SecretId));
        if (!secret) return reply(res, 400, { __type: 'ResourceNotFoundException', message: "Secrets Manager can't find the specified secret." });
        return reply(res, 200, { ARN: input.SecretId, Name: secret.name, SecretString: secret.value, VersionId: 'v1', VersionStages: ['AWSCURRENT'] });
      }
      default:
        return reply(res, 400, { __type: 'UnknownOperationException', message: `Unsupported: ${target}` });
    }
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let secretCount = 0;
  return {
    env: { AWS_ENDPOINT_URL_SSM: endpoint, AWS_ENDPOINT_URL_SECRETS_MANAGER: endpoint },
    putParameter: (name, value) => void parameters.set(name, value),
    putSecret: (name, value) => {
      const arn = `arn:aws:secretsmanager:us-west-2:000000000000:secret:${name}-${String(++secretCount).padStart(6, '0')}`;
      secrets.set(arn, { name, value });
      return arn;
    },
    rotateSecret: (arn, value) => {
      const secret = secrets.get(arn);
      if (!secret) throw new Error(`No secret ${arn}`);
      secret.value = value;
    },
    calls,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
  res.end(JSON.stringify(body));
}
