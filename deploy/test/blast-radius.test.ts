import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { MODULE_REGISTRY, type RegistryEntry } from '#switchboard/registry';
import { contentSecurityPolicy } from '../../libs/platform/src/http/content-security-policy.js';
import { bodyLimits, greaterThanPattern } from '../lib/config/body-limits.js';
import { bootstrapCommands, bootstrapTargets, EXECUTION_POLICY_FILE } from '../lib/config/bootstrap.js';
import { functionAccess } from '../lib/config/function-access.js';
import { resolveConfig, STAGE_NAMES, STAGES } from '../lib/config/stages.js';
import { BREAK_GLASS_ROLE_NAME } from '../lib/stacks/account-policies.js';
import { routeThrottle } from '../lib/stacks/api-stack.js';
import { EDGE_REGION } from '../lib/stacks/edge-stack.js';
import { resourcesOf, synthesize, template, type PolicyStatement, type Synthesized } from './support/synth.js';

/**
 * Issue 23: the blast radius of the cloud deployment. An account per stage, one
 * way in (CloudFront, its WAF and the origin secret), least privilege down to the
 * database, and the console's CSP. An extra registry entry (token-less, with a
 * feature secret) proves that grants and throttles follow the registry alone.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const EXTRA: RegistryEntry = {
  name: 'status-page',
  lib: 'status-page',
  prefixes: ['/v1/status'],
  auth: 'public',
  consumes: [],
  produces: ['call-events'],
  permissions: [],
  secrets: ['telephony-webhook'],
};
const REGISTRY = [...MODULE_REGISTRY, EXTRA];

let app: Synthesized;
beforeAll(() => {
  app = synthesize({ registry: REGISTRY });
  if (app.error) throw app.error;
});

const stacksOf = () => app.assembly!.stacksRecursively;
const json = (value: unknown) => JSON.stringify(value);
const asArray = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

describe('an account per stage', () => {
  const { stages } = resolveConfig(() => undefined);

  it('gives each stage its own account, and production its own pipeline account', () => {
    const accounts = STAGE_NAMES.map((s) => stages[s].account);
    expect(new Set(accounts).size).toBe(3);
    expect(stages.production.delivery.account).toBe(stages.production.account);
    for (const name of STAGE_NAMES) {
      const stage = app.stages[name]!;
      for (const stack of [stage.network, stage.data, stage.api, stage.frontend, stage.observability, stage.edge]) {
        expect([stack.stackName, stack.account]).toEqual([stack.stackName, stages[name].account]);
      }
      expect(app.pipelines[name]!.account).toBe(stages[name].delivery.account);
    }
  });

  it("bootstraps production trusting no other account, and every stage's account trusting only its own pipeline's", () => {
    const targets = bootstrapTargets(stages);
    expect(targets.filter((t) => t.account === stages.production.account).map((t) => [t.region, t.trust])).toEqual([
      [stages.production.region, []],
      [EDGE_REGION, []],
    ]);
    for (const name of STAGE_NAMES) {
      for (const t of targets.filter((x) => x.account === stages[name].account)) {
        expect(t.trust).toEqual(stages[name].delivery.account === t.account ? [] : [stages[name].delivery.account]);
      }
    }
    // Every bootstrap passes the shipped execution policy, never the default AdministratorAccess.
    const bootstraps = bootstrapCommands(stages).filter((c) => c.includes(' bootstrap '));
    expect(bootstraps).toHaveLength(targets.length);
    for (const c of bootstraps) expect(c).toMatch(/--cloudformation-execution-policies arn:aws:iam::\d{12}:policy\/switchboard-cloudformation-execution$/);
  });

  it('leaves the production account out of everything the development pipeline deploys or can assume', () => {
    const production = stages.production.account;
    const development = stacksOf().filter((s) => s.stackName.startsWith('switchboard-development-') || s.hierarchicalId.includes('development'));
    expect(development.length).toBeGreaterThan(5);
    for (const stack of development) expect([stack.stackName, json(stack.template).includes(production)]).toEqual([stack.stackName, false]);
    // What the development pipeline's roles may assume: roles of its own accounts only.
    const assumable = stacksOf()
      .filter((s) => s.stackName === 'switchboard-development-pipeline')
      .flatMap((s) =>
        Object.values(
          (s.template as { Resources: Record<string, { Type: string; Properties: { PolicyDocument?: { Statement: PolicyStatement[] } } }> }).Resources,
        ),
      )
      .flatMap((r) => r.Properties?.PolicyDocument?.Statement ?? [])
      .filter((st) => asArray(st.Action).includes('sts:AssumeRole'))
      .map((st) => json(st.Resource));
    expect(assumable.length).toBeGreaterThan(0);
    for (const r of assumable) expect(r).not.toContain(production);
  });

  it('ships a CloudFormation execution policy narrower than administrator that covers every resource type the app deploys', () => {
    const policy = JSON.parse(readFileSync(join(ROOT, EXECUTION_POLICY_FILE), 'utf8')) as { Statement: PolicyStatement[] };
    const allows = policy.Statement.filter((s) => s.Effect === 'Allow').flatMap((s) => asArray(s.Action));
    const denies = policy.Statement.filter((s) => s.Effect === 'Deny').flatMap((s) => asArray(s.Action));
    expect(allows).not.toContain('*');
    expect(allows.every((a) => /^[a-z0-9-]+:\*$/.test(a))).toBe(true);
    expect(denies).toEqual(
      expect.arrayContaining(['iam:CreateUser', 'iam:CreateAccessKey', 'iam:CreateLoginProfile', 'organizations:*', 'cloudtrail:StopLogging']),
    );

    const types = new Set(
      stacksOf().flatMap((s) => Object.values((s.template as { Resources: Record<string, { Type: string }> }).Resources).map((r) => r.Type)),
    );
    const needed = new Set([...types].flatMap((t) => serviceOf(t)));
    const allowed = new Set(allows.map((a) => a.split(':')[0]));
    expect([...needed].filter((s) => !allowed.has(s))).toEqual([]);
    // Services the templates do not name but their deployment calls (rotation's serverless application, backup vault storage, GitHub connections).
    const indirect = new Set(['cloudformation', 'serverlessrepo', 'backup-storage', 'codestar-connections', 'codeconnections']);
    expect([...allowed].filter((s) => !needed.has(s) && !indirect.has(s))).toEqual([]);
  });

  it('warns loudly at synth when one account holds every stage (a trial)', () => {
    const trial = synthesize({
      stages: ['development'],
      baseline: false,
      context: { account: '123456789012', connectionArn: 'arn:aws:codeconnections:us-west-2:123456789012:connection/x' },
    });
    if (trial.error) throw trial.error;
    Annotations.fromStack(trial.pipelines.development!).hasWarning(
      '*',
      Match.stringLikeRegexp('NOT AN ACCOUNT PER STAGE: production shares account 123456789012'),
    );
    expect(Annotations.fromStack(app.pipelines.production!).findWarning('*', Match.stringLikeRegexp('NOT AN ACCOUNT PER STAGE'))).toEqual([]);
  });

  it('documents branch protection for the three branches and the bootstrap of the committed config', () => {
    const deployMd = readFileSync(join(ROOT, 'docs/deploy.md'), 'utf8');
    const section = deployMd.slice(deployMd.indexOf('### Branch protection'));
    for (const branch of ['main', 'staging', 'development']) expect(section).toContain(`\`${branch}\``);
    for (const command of bootstrapCommands(stages)) expect(deployMd).toContain(command);
  });
});

/** `AWS::ApiGatewayV2::Route` → `apigateway`: the IAM service prefix CloudFormation needs to create a type. */
function serviceOf(type: string): string[] {
  if (type === 'AWS::CDK::Metadata') return [];
  if (type.startsWith('Custom::') || type === 'AWS::CloudFormation::CustomResource') return ['lambda'];
  const [, namespace] = type.split('::');
  const prefixes: Record<string, string> = { ApiGatewayV2: 'apigateway', CodeStarNotifications: 'codestar-notifications', Serverless: 'serverlessrepo' };
  return [prefixes[namespace!] ?? namespace!.toLowerCase()];
}

describe('one way in', () => {
  it('sends the origin secret from Secrets Manager with every API request CloudFront makes', () => {
    const frontend = template(app.stages.production!.frontend);
    const config = Object.values(resourcesOf(frontend, 'AWS::CloudFront::Distribution'))[0]!.Properties.DistributionConfig;
    const apiOrigin = config.Origins.find((o) => o.Id === config.CacheBehaviors[0]!.TargetOriginId)!;
    const headers = (apiOrigin as { OriginCustomHeaders?: Array<{ HeaderName: string; HeaderValue: unknown }> }).OriginCustomHeaders ?? [];
    const verify = json(headers.find((h) => h.HeaderName === 'X-Origin-Verify')?.HeaderValue);
    // A dynamic reference to the data stack's secret: the template never holds the value.
    expect(verify).toMatch(/resolve:secretsmanager:.*:SecretString:header::/);
    expect(verify).toContain('EdgeOriginSecret');
    expect(headers.find((h) => h.HeaderName === 'X-Origin-Verify-Generation')?.HeaderValue).toBe(String(STAGES.production.edge.originSecretGeneration));
  });

  it('attaches a WAF web ACL in us-east-1: managed groups, a per-IP rate rule and the routes body limits', () => {
    for (const name of STAGE_NAMES) {
      const edge = app.stages[name]!.edge;
      expect(edge.region).toBe('us-east-1');
      const [acl] = Object.values(resourcesOf(template(edge), 'AWS::WAFv2::WebACL'));
      const rules = acl!.Properties.Rules as Array<{ Name: string; Statement: Record<string, Record<string, unknown>> }>;
      expect(acl!.Properties.Scope).toBe('CLOUDFRONT');
      const managed = rules.flatMap((r) => (r.Statement.ManagedRuleGroupStatement ? [r.Statement.ManagedRuleGroupStatement.Name] : []));
      expect(managed).toEqual(['AWSManagedRulesAmazonIpReputationList', 'AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet']);
      const rate = rules.find((r) => r.Statement.RateBasedStatement)!.Statement.RateBasedStatement;
      expect(rate).toMatchObject({ AggregateKeyType: 'IP', Limit: STAGES[name].edge.requestsPerIpPer5Minutes });
      const body = json(rules.find((r) => r.Name === 'BodyOverRouteLimit')!.Statement);
      const limits = bodyLimits(STAGES[name]);
      expect(body).toContain(json(greaterThanPattern(limits.imports)).slice(1, -1));
      expect(body).toContain(json(greaterThanPattern(limits.default)).slice(1, -1));
      expect(body).toContain('/v1/contact-imports');
      const config = Object.values(resourcesOf(template(app.stages[name]!.frontend), 'AWS::CloudFront::Distribution'))[0]!.Properties.DistributionConfig as {
        WebACLId?: unknown;
      };
      // Across regions: the edge stack's output, read by CloudFormation in us-east-1.
      expect(config.WebACLId).toMatchObject({ 'Fn::GetStackOutput': { StackName: `switchboard-${name}-edge`, Region: 'us-east-1' } });
    }
  });

  it('matches exactly the Content-Length values over a limit', () => {
    for (const limit of [0, 9, 10, 99, 1_048_576, 5_242_880, 1_999_999]) {
      const over = new RegExp(greaterThanPattern(limit));
      for (let n = Math.max(0, limit - 1200); n <= limit + 1200; n++) expect([limit, n, over.test(String(n))]).toEqual([limit, n, n > limit]);
      expect(over.test(String(limit * 10 + 7))).toBe(true);
      expect(over.test(`000${limit}`)).toBe(false);
      expect(over.test('')).toBe(false);
    }
  });

  it('throttles webhook and token-less routes on their own budgets, derived from the registry', () => {
    for (const name of STAGE_NAMES) {
      const api = template(app.stages[name]!.api);
      const [stage] = Object.values(resourcesOf(api, 'AWS::ApiGatewayV2::Stage'));
      const settings = stage!.Properties.RouteSettings as Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }>;
      const expected: Record<string, unknown> = {};
      for (const entry of REGISTRY) {
        const throttle = routeThrottle(STAGES[name], entry);
        if (!throttle) continue;
        for (const prefix of entry.prefixes) {
          for (const path of [prefix, `${prefix}/{proxy+}`])
            expected[`ANY ${path}`] = { ThrottlingRateLimit: throttle.ratePerSecond, ThrottlingBurstLimit: throttle.burst };
        }
      }
      expect(settings).toEqual(expected);
      expect(settings['ANY /v1/telephony/events']).toEqual({
        ThrottlingRateLimit: STAGES[name].api.webhookThrottle.ratePerSecond,
        ThrottlingBurstLimit: STAGES[name].api.webhookThrottle.burst,
      });
      expect(settings['ANY /v1/status']).toEqual({
        ThrottlingRateLimit: STAGES[name].api.publicThrottle.ratePerSecond,
        ThrottlingBurstLimit: STAGES[name].api.publicThrottle.burst,
      });
    }
  });
});

interface FunctionResource {
  Properties: { Description?: string; Role: { 'Fn::GetAtt': [string, string] }; Environment?: { Variables: Record<string, unknown> } };
}

/** Each function of a stack with its environment and the statements of its role's policies. */
function functionsOf(stack: Stack) {
  const t = template(stack);
  const policies = Object.values(resourcesOf(t, 'AWS::IAM::Policy'));
  return Object.entries(t.findResources('AWS::Lambda::Function') as Record<string, FunctionResource>).map(([id, fn]) => {
    const role = fn.Properties.Role['Fn::GetAtt'][0];
    const statements = policies.filter((p) => (p.Properties.Roles ?? []).some((r) => r.Ref === role)).flatMap((p) => p.Properties.PolicyDocument.Statement);
    return { id, env: fn.Properties.Environment?.Variables ?? {}, statements };
  });
}

const actionsOn = (statements: PolicyStatement[], action: string) =>
  statements
    .filter((s) => s.Effect === 'Allow' && asArray(s.Action).includes(action))
    .flatMap((s) => asArray(s.Resource as unknown))
    .map(json);

describe('least privilege', () => {
  it('gives each function exactly the secrets and queues its registry entry needs', () => {
    const api = app.stages.production!.api;
    const functions = functionsOf(api);
    const secretKeys: Record<string, string> = {
      'app-database': 'DATABASE_SECRET_ARN',
      'master-database': 'DATABASE_SECRET_ARN',
      cache: 'REDIS_AUTH_SECRET_ARN',
      'edge-origin': 'EDGE_ORIGIN_SECRET_ARN',
      'telephony-webhook': 'TELEPHONY_WEBHOOK_SECRET_ARN',
      'encryption-keys': 'ENCRYPTION_KEYS_SECRET_ARN',
    };
    const cases = [
      ...REGISTRY.map((e) => ({ bundle: e.name, access: functionAccess('http', e) })),
      ...['call-events', 'contact-imports'].map((q) => ({
        bundle: `${q}-worker`,
        access: functionAccess(
          'worker',
          REGISTRY.find((e) => e.consumes.includes(q as never)),
          { consumes: [q as never] },
        ),
      })),
      { bundle: 'migrate', access: functionAccess('migrate') },
    ];
    for (const { bundle, access } of cases) {
      expect(api.access.get(bundle)).toEqual(access);
      const fn = functions.find((f) => f.env.POWERTOOLS_SERVICE_NAME === bundle)!;
      const secretEnv = Object.entries(fn.env).filter(([k]) => k.endsWith('_SECRET_ARN'));
      const expectedKeys = access.secrets.map((s) => (bundle === 'migrate' && s === 'app-database' ? 'DATABASE_APP_SECRET_ARN' : secretKeys[s]!));
      expect([bundle, secretEnv.map(([k]) => k).sort()]).toEqual([bundle, [...expectedKeys].sort()]);
      // The role reads exactly the secrets its environment names, and sends exactly where the entry produces.
      expect([bundle, actionsOn(fn.statements, 'secretsmanager:GetSecretValue').sort()]).toEqual([bundle, secretEnv.map(([, v]) => json(v)).sort()]);
      const queues = Object.entries(fn.env).filter(([k]) => k.startsWith('QUEUE_URL_'));
      expect([bundle, actionsOn(fn.statements, 'sqs:SendMessage').length]).toEqual([bundle, access.sends.length + access.receives.length]);
      expect([bundle, queues.length]).toEqual([bundle, new Set([...access.sends, ...access.receives]).size]);
    }
    // The development webhook secret: only the entries that declare it (none of the product's: production ignores it).
    const withWebhook = functions.filter((f) => 'TELEPHONY_WEBHOOK_SECRET_ARN' in f.env).map((f) => f.env.POWERTOOLS_SERVICE_NAME);
    expect(withWebhook.sort()).toEqual(['status-page']);
    // The key ring: the entries that store sealed secrets, with their workers and scheduled functions.
    const withKeyRing = functions.filter((f) => 'ENCRYPTION_KEYS_SECRET_ARN' in f.env).map((f) => f.env.POWERTOOLS_SERVICE_NAME);
    expect(withKeyRing.sort()).toEqual(['call-events-worker', 'calls', 'telephony', 'webhook-deliveries-worker', 'webhook-relay', 'webhooks']);
  });

  it('keeps the master database secret to the migrate function, and the proxy admits both logins', () => {
    const api = app.stages.production!.api;
    const data = app.stages.production!.data;
    const master = json(api.resolve(data.databaseSecret.secretArn));
    const holders = functionsOf(api).filter((f) =>
      actionsOn(f.statements, 'secretsmanager:GetSecretValue').some((r) => r.includes('DatabaseSecretAttachment') && !r.includes('App')),
    );
    expect(holders.map((f) => f.env.POWERTOOLS_SERVICE_NAME)).toEqual(['migrate']);
    expect(master).toBeDefined();
    const [proxy] = Object.values(resourcesOf(template(data), 'AWS::RDS::DBProxy'));
    expect((proxy!.Properties.Auth as unknown[]).length).toBe(2);
    const parameters = Object.values(resourcesOf(template(api), 'AWS::SSM::Parameter'));
    expect(json(parameters.find((p) => p.Properties.Name === '/switchboard/production/DATABASE_URL')!.Properties.Value)).toContain(
      'postgres://switchboard_app@',
    );
    template(api).hasResourceProperties('AWS::SSM::Parameter', { Name: '/switchboard/production/DATABASE_SSL', Value: 'true' });
  });

  it('lets operations read queues and redrive dead letters, but send to a queue only through the MFA break-glass role', () => {
    const baseline = template(app.baseline!);
    const policies = Object.values(resourcesOf(baseline, 'AWS::IAM::Policy'));
    const operations = policies.find((p) => json(p.Properties).includes('RedriveDeadLetters'))!.Properties.PolicyDocument.Statement;
    const actions = operations.filter((s) => s.Effect === 'Allow').flatMap((s) => asArray(s.Action));
    expect(actions).not.toContain('sqs:SendMessage');
    expect(actions).not.toContain('sqs:*');
    expect(operations.find((s) => s.Sid === 'RedriveDeadLetters')).toMatchObject({ Action: 'lambda:InvokeFunction' });
    expect(operations.find((s) => s.Sid === 'AssumeQueueBreakGlass')).toMatchObject({
      Action: 'sts:AssumeRole',
      Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
    });
    baseline.hasResourceProperties('AWS::IAM::Role', {
      RoleName: BREAK_GLASS_ROLE_NAME,
      MaxSessionDuration: 3600,
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Condition: Match.objectLike({ Bool: { 'aws:MultiFactorAuthPresent': 'true' } }) })] },
    });
    baseline.hasResourceProperties('AWS::Logs::MetricFilter', { FilterPattern: Match.stringLikeRegexp(BREAK_GLASS_ROLE_NAME) });
    // The redrive function starts move tasks from the DLQs and sends to their source queues, nothing else.
    const redrive = functionsOf(app.stages.production!.api).find((f) => f.id.startsWith('DlqRedrive'))!;
    const sqsActions = redrive.statements.flatMap((s) => asArray(s.Action)).filter((a) => a.startsWith('sqs:'));
    expect(new Set(sqsActions)).toEqual(
      new Set(['sqs:StartMessageMoveTask', 'sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:SendMessage']),
    );
  });
});

describe("the console's Content-Security-Policy", () => {
  it("is the one definition the one-process server sends, naming the stage's own origin and no execute-api host", () => {
    for (const name of STAGE_NAMES) {
      const frontend = template(app.stages[name]!.frontend);
      const [policy] = Object.values(resourcesOf(frontend, 'AWS::CloudFront::ResponseHeadersPolicy'));
      const csp = (policy!.Properties.ResponseHeadersPolicyConfig as { SecurityHeadersConfig: { ContentSecurityPolicy: { ContentSecurityPolicy: string } } })
        .SecurityHeadersConfig.ContentSecurityPolicy.ContentSecurityPolicy;
      expect(csp).toBe(contentSecurityPolicy({ identityOrigin: STAGES[name].auth.issuerUrl }));
      expect(csp).toMatch(/connect-src 'self' https:\/\/switchboard\.us\.auth0\.com;/);
      expect(csp).not.toContain('execute-api');
    }
  });
});
