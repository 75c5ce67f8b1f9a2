import { isDeepStrictEqual } from 'node:util';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { MODULE_REGISTRY, QUEUE_NAMES, scheduledTasks, type RegistryEntry } from '#switchboard/registry';
import { SETTING_KEYS, SETTINGS } from '../../libs/config/src/settings.js';
import { RUNTIME_ENV_NAMES } from '../lib/config/function-env.js';
import { STAGES } from '../lib/config/stages.js';
import type { NestFunction } from '../lib/constructs/nest-function.js';
import type { SwitchboardStage } from '../lib/switchboard-stage.js';
import { pascal } from '../lib/stacks/api-stack.js';
import { logicalId, resourcesOf, synthesize, template, type Synthesized } from './support/synth.js';

// One line added to the registry must add a function and its routes, with nothing else changed.
const ADDED: RegistryEntry = {
  name: 'widgets',
  lib: 'widgets',
  prefixes: ['/v1/widgets', '/v1/widget-types'],
  auth: 'jwt',
  consumes: [],
  produces: ['call-events'],
  permissions: ['widgets:read'],
  schedules: [{ name: 'widgets-sweeper', everyMinutes: 5, produces: [] }],
};
const REGISTRY = [...MODULE_REGISTRY, ADDED];

let app: Synthesized;
let api: Template;
let stack: SwitchboardStage;

beforeAll(() => {
  app = synthesize({ stages: ['development'], registry: REGISTRY, baseline: false });
  stack = app.stages.development!;
  api = template(stack.api);
});

const routes = () => Object.values(resourcesOf(api, 'AWS::ApiGatewayV2::Route')).map((r) => r.Properties);
const fnId = (name: string) => logicalId(stack.api.functions.get(name)!.function);
const aliasId = (name: string) => logicalId(stack.api.functions.get(name)!.alias);
const roleOf = (fn: NestFunction) => logicalId(fn.function.role!);

it('synthesizes nag-clean with the added entry', () => {
  expect(app.violations).toEqual([]);
  expect(app.error).toBeUndefined();
});

describe.each(REGISTRY.map((e) => [e.name, e] as const))('registry entry %s', (name, entry) => {
  it('gets one nodejs24.x ARM64 function from its bundle, traced, with a KMS-encrypted environment', () => {
    const fn = resourcesOf(api, 'AWS::Lambda::Function')[fnId(name)].Properties;
    expect(fn).toMatchObject({
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      TracingConfig: { Mode: 'Active' },
      KmsKeyArn: expect.anything(),
      ReservedConcurrentExecutions: 10,
      VpcConfig: expect.anything(),
    });
    expect(fn.KmsKeyArn).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^FunctionEnvKey/), 'Arn'] });
    expect(fn.LoggingConfig.LogGroup).toEqual({ Ref: expect.stringMatching(new RegExp(`^${pascal(name)}Logs`)) });
  });

  it('has a live alias', () => {
    expect(resourcesOf(api, 'AWS::Lambda::Alias')[aliasId(name)].Properties).toMatchObject({ Name: 'live', FunctionName: { Ref: fnId(name) } });
  });

  it(`has ANY <prefix> and ANY <prefix>/{proxy+} per prefix, ${entry.auth === 'jwt' ? 'behind the JWT authorizer' : 'without an authorizer'}`, () => {
    for (const prefix of entry.prefixes) {
      const mine = routes().filter((r) => r.RouteKey === `ANY ${prefix}` || r.RouteKey === `ANY ${prefix}/{proxy+}`);
      expect(mine).toHaveLength(2);
      for (const route of mine) {
        // The integration targets this entry's live alias.
        const integration = resourcesOf(api, 'AWS::ApiGatewayV2::Integration')[route.Target['Fn::Join'][1][1].Ref].Properties;
        expect(integration.IntegrationUri).toEqual({ Ref: aliasId(name) });
        if (entry.auth === 'jwt') {
          expect(route).toMatchObject({ AuthorizationType: 'JWT', AuthorizerId: { Ref: expect.stringMatching(/Auth0/) } });
        } else {
          expect(route.AuthorizationType ?? 'NONE').toBe('NONE');
          expect(route.AuthorizerId).toBeUndefined();
        }
      }
    }
  });
});

it('has exactly the registry routes, and the API only the $default stage', () => {
  const expected = REGISTRY.flatMap((e) => e.prefixes.flatMap((p) => [`ANY ${p}`, `ANY ${p}/{proxy+}`]));
  expect(
    routes()
      .map((r) => r.RouteKey)
      .sort(),
  ).toEqual(expected.sort());
  api.resourceCountIs('AWS::ApiGatewayV2::Stage', 1);
  api.hasResourceProperties('AWS::ApiGatewayV2::Stage', { StageName: '$default', AutoDeploy: true, AccessLogSettings: Match.anyValue() });
});

it('has no authorizer on the HMAC (telephony) routes', () => {
  const hmac = MODULE_REGISTRY.filter((e) => e.auth === 'hmac');
  expect(hmac.map((e) => e.name)).toEqual(['telephony']);
  const keys = hmac.flatMap((e) => e.prefixes.flatMap((p) => [`ANY ${p}`, `ANY ${p}/{proxy+}`]));
  for (const route of routes().filter((r) => keys.includes(r.RouteKey))) {
    expect(route.AuthorizerId).toBeUndefined();
    expect(route.AuthorizationType ?? 'NONE').toBe('NONE');
  }
});

it('checks JWTs from the stage’s Auth0 issuer and audience', () => {
  api.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 1);
  api.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
    AuthorizerType: 'JWT',
    IdentitySource: ['$request.header.Authorization'],
    JwtConfiguration: { Issuer: STAGES.development.auth.issuerUrl, Audience: [STAGES.development.auth.audience] },
  });
});

it('gives functions only environment keys the config lib knows (or runtime names)', () => {
  const allowed = new Set<string>([...SETTING_KEYS, ...RUNTIME_ENV_NAMES]);
  const ours = [...stack.api.functions.values(), ...stack.api.workers.values(), ...stack.api.scheduled.values(), stack.api.migrate].map((f) =>
    logicalId(f.function),
  );
  expect(ours).toHaveLength(REGISTRY.length + QUEUE_NAMES.length + scheduledTasks(REGISTRY).length + 1);
  expect(resourcesOf(api, 'AWS::Lambda::Function')).toEqual(expect.objectContaining(Object.fromEntries(ours.map((id) => [id, expect.anything()]))));
  const functions = ours.map((id) => resourcesOf(api, 'AWS::Lambda::Function')[id]);
  for (const fn of functions) {
    const keys = Object.keys(fn.Properties.Environment.Variables);
    expect(keys.filter((k) => !allowed.has(k))).toEqual([]);
    expect(fn.Properties.Environment.Variables).toMatchObject({ NODE_ENV: 'production', CONFIG_SSM_PREFIX: '/switchboard/development/' });
  }
});

it('puts settings in SSM under /switchboard/development/<KEY>, catalogue keys only, never a secret', () => {
  const names = Object.values(resourcesOf(api, 'AWS::SSM::Parameter')).map((p) => p.Properties.Name);
  expect(names.length).toBeGreaterThan(10);
  for (const name of names) {
    const key = name.replace('/switchboard/development/', '');
    expect(name).toBe(`/switchboard/development/${key}`);
    expect(SETTING_KEYS).toContain(key);
    expect((SETTINGS as Record<string, { secret?: boolean }>)[key].secret).toBeUndefined();
  }
  expect(names).toEqual(
    expect.arrayContaining(['/switchboard/development/DATABASE_URL', '/switchboard/development/REDIS_URL', '/switchboard/development/AUTH_ISSUER_URL']),
  );
});

it('runs one worker per queue from SQS with ReportBatchItemFailures, on the live alias', () => {
  const mappings = Object.values(resourcesOf(api, 'AWS::Lambda::EventSourceMapping')).map((m) => m.Properties);
  expect(mappings).toHaveLength(QUEUE_NAMES.length);
  for (const queue of QUEUE_NAMES) {
    const worker = stack.api.workers.get(queue)!;
    const fn = resourcesOf(api, 'AWS::Lambda::Function')[logicalId(worker.function)].Properties;
    expect(fn.Description).toContain(`${queue} worker`);
    const mapping = mappings.find((m) => JSON.stringify(m.FunctionName).includes(`{"Ref":"${logicalId(worker.alias)}"}`));
    expect(mapping).toMatchObject({ FunctionResponseTypes: ['ReportBatchItemFailures'], BatchSize: 10 });
  }
});

describe('IAM follows consumes and produces', () => {
  const statementsOf = (fn: NestFunction) => {
    const role = roleOf(fn);
    const policies = Object.values(resourcesOf(api, 'AWS::IAM::Policy')).filter((p) => (p.Properties.Roles ?? []).some((r) => r.Ref === role));
    return policies.flatMap((p) => p.Properties.PolicyDocument.Statement);
  };
  const canDo = (fn: NestFunction, action: string, queue: (typeof QUEUE_NAMES)[number], which: 'queue' | 'dlq' = 'queue') => {
    const queueId = logicalId(stack.data.queues[queue][which]);
    return statementsOf(fn).some((s) => [s.Action].flat().includes(action) && JSON.stringify(s.Resource).includes(queueId));
  };

  it.each(REGISTRY.map((e) => [e.name, e] as const))('%s', (name, entry) => {
    const fn = stack.api.functions.get(name)!;
    for (const queue of QUEUE_NAMES) {
      expect([queue, canDo(fn, 'sqs:SendMessage', queue)]).toEqual([queue, entry.produces.includes(queue)]);
      // HTTP functions never receive: their queues are consumed by the workers.
      expect([queue, canDo(fn, 'sqs:ReceiveMessage', queue)]).toEqual([queue, false]);
    }
  });

  it.each(QUEUE_NAMES.map((q) => [q]))('the %s worker consumes its queue', (queue) => {
    expect(canDo(stack.api.workers.get(queue)!, 'sqs:ReceiveMessage', queue)).toBe(true);
    expect(canDo(stack.api.workers.get(queue)!, 'sqs:DeleteMessage', queue)).toBe(true);
  });

  it.each(QUEUE_NAMES.map((q) => [q]))('the %s worker may move a poison message to its DLQ', (queue) => {
    expect(canDo(stack.api.workers.get(queue)!, 'sqs:SendMessage', queue, 'dlq')).toBe(true);
  });

  it.each(scheduledTasks(REGISTRY).map(({ task }) => [task.name, task] as const))(
    'the scheduled %s sends to its own produces only, never receives, and reads the database secret',
    (name, task) => {
      const fn = stack.api.scheduled.get(name)!;
      for (const queue of QUEUE_NAMES) {
        expect([queue, canDo(fn, 'sqs:SendMessage', queue)]).toEqual([queue, task.produces.includes(queue)]);
        expect([queue, canDo(fn, 'sqs:ReceiveMessage', queue)]).toEqual([queue, false]);
      }
      // The secret the function is told to read is one it may read.
      const env = resourcesOf(api, 'AWS::Lambda::Function')[logicalId(fn.function)].Properties.Environment.Variables;
      expect(env.DATABASE_SECRET_ARN).toBeDefined();
      const readsSecret = statementsOf(fn).some(
        (s) =>
          [s.Action].flat().includes('secretsmanager:GetSecretValue') &&
          ([s.Resource].flat() as unknown[]).some((r) => isDeepStrictEqual(r, env.DATABASE_SECRET_ARN)),
      );
      expect(readsSecret).toBe(true);
    },
  );
});

describe('scheduled tasks', () => {
  it('the registry schedules the contact import outbox relay every minute, with send on contact-imports', () => {
    expect(scheduledTasks().map(({ entry, task }) => [entry.name, task])).toEqual([
      ['contacts', { name: 'contact-import-outbox-relay', everyMinutes: 1, produces: ['contact-imports'] }],
      ['webhooks', { name: 'webhook-relay', everyMinutes: 1, produces: ['webhook-deliveries'] }],
    ]);
  });

  it.each(scheduledTasks(REGISTRY).map(({ task }) => [task.name, task] as const))(
    '%s: one function from its bundle, invoked by an EventBridge rule at its rate on the live alias, never retried',
    (name, task) => {
      const fn = stack.api.scheduled.get(name)!;
      const props = resourcesOf(api, 'AWS::Lambda::Function')[logicalId(fn.function)].Properties;
      expect(props).toMatchObject({ Runtime: 'nodejs24.x', Architectures: ['arm64'], TracingConfig: { Mode: 'Active' }, ReservedConcurrentExecutions: 1 });
      expect(props.Environment.Variables).toMatchObject({ POWERTOOLS_SERVICE_NAME: name });
      expect(props.Description).toContain(`${name} (every ${task.everyMinutes} minute`);

      const rule = resourcesOf(api, 'AWS::Events::Rule')[logicalId(stack.api.schedules.get(name)!)].Properties;
      expect(rule).toMatchObject({
        ScheduleExpression: `rate(${task.everyMinutes} minute${task.everyMinutes === 1 ? '' : 's'})`,
        State: 'ENABLED',
        Targets: [{ Arn: { Ref: logicalId(fn.alias) }, RetryPolicy: { MaximumRetryAttempts: 0 } }],
      });
      // EventBridge may invoke the alias, from this rule only.
      const permissions = Object.values(resourcesOf(api, 'AWS::Lambda::Permission')).map((p) => p.Properties);
      expect(permissions).toContainEqual(
        expect.objectContaining({
          Action: 'lambda:InvokeFunction',
          Principal: 'events.amazonaws.com',
          FunctionName: { Ref: logicalId(fn.alias) },
          SourceArn: { 'Fn::GetAtt': [logicalId(stack.api.schedules.get(name)!), 'Arn'] },
        }),
      );
      const invokeConfigs = Object.values(resourcesOf(api, 'AWS::Lambda::EventInvokeConfig')).map((c) => c.Properties);
      const invokeConfig = invokeConfigs.find((c) => JSON.stringify(c.Qualifier).includes(`{"Ref":"${logicalId(fn.alias)}"}`));
      expect(invokeConfig).toMatchObject({
        FunctionName: { Ref: logicalId(fn.function) },
        MaximumRetryAttempts: 0,
        MaximumEventAgeInSeconds: task.everyMinutes * 60,
      });
    },
  );

  it('has exactly one rule per scheduled task', () => {
    expect(Object.keys(resourcesOf(api, 'AWS::Events::Rule'))).toHaveLength(scheduledTasks(REGISTRY).length);
  });
});

it('runs the migration function on deploy before any alias moves', () => {
  const [triggerId, trigger] = Object.entries(resourcesOf(api, 'Custom::Trigger'))[0];
  // The trigger invokes the migration function's current version, synchronously.
  // (A version's logical id gets its code hash appended at synth.)
  const version = logicalId(stack.api.migrate.function.currentVersion);
  expect(trigger.Properties).toMatchObject({ HandlerArn: { Ref: expect.stringMatching(new RegExp(`^${version}`)) }, InvocationType: 'RequestResponse' });
  const aliases = resourcesOf(api, 'AWS::Lambda::Alias');
  for (const name of REGISTRY.map((e) => e.name)) {
    expect(aliases[aliasId(name)].DependsOn).toContain(triggerId);
  }
  for (const fn of [...stack.api.workers.values(), ...stack.api.scheduled.values()]) {
    expect(aliases[logicalId(fn.alias)].DependsOn).toContain(triggerId);
  }
});
