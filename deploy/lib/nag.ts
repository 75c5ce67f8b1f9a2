import { Token, Validations, type Stack } from 'aws-cdk-lib';
import { Effect, type PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IConstruct } from 'constructs';

/**
 * Acknowledges AwsSolutions findings on a construct (and its children). cdk-nag 3
 * matches each finding exactly, so wildcard findings are listed one by one, e.g.
 * `IAM5[Resource::*]`. Every acknowledgement must say why (a test reads them back).
 */
export function acknowledge(scope: IConstruct, ...findings: Array<[id: string, reason: string]>): void {
  for (const [id, reason] of findings) {
    if (reason.trim().length < 20) throw new Error(`Acknowledgement of ${id} on ${scope.node.path} needs a real reason`);
    Validations.of(scope).acknowledge({ id: `AwsSolutions::AwsSolutions-${id}`, reason });
  }
}

/**
 * Acknowledges findings on the stack-level singletons aws-cdk-lib creates (custom
 * resource handlers such as `LogRetention…` or `Custom::CDKBucketDeployment…`), whose
 * construct ids carry a hash; `idPrefix` names them without it.
 */
export function acknowledgeSingletons(stack: Stack, idPrefix: string, ...findings: Array<[id: string, reason: string]>): void {
  const matches = stack.node.children.filter((c) => c.node.id.startsWith(idPrefix));
  if (matches.length === 0) throw new Error(`No ${idPrefix}* construct in ${stack.node.path}: remove the acknowledgement`);
  for (const child of matches) acknowledge(child, ...findings);
}

/**
 * The way cdk-nag prints an ARN of this stack in a finding: literals where the stack
 * knows them, `<AWS::AccountId>`-style placeholders where it does not.
 */
export function nagArn(stack: Stack, service: string, rest: string): string {
  const part = (value: string, pseudo: string) => (Token.isUnresolved(value) ? `<AWS::${pseudo}>` : value);
  return `arn:${part(stack.partition, 'Partition')}:${service}:${part(stack.region, 'Region')}:${part(stack.account, 'AccountId')}:${rest}`;
}

/** A resolved CloudFormation value as cdk-nag prints it in a finding (`<Logical.Arn>`, `<AWS::AccountId>`). */
export function nagRender(value: unknown): string {
  if (typeof value === 'string') return value;
  const v = value as { 'Fn::Join'?: [string, unknown[]]; Ref?: string; 'Fn::GetAtt'?: string[] };
  if (v['Fn::Join']) return v['Fn::Join'][1].map(nagRender).join(v['Fn::Join'][0]);
  if (v.Ref) return `<${v.Ref}>`;
  if (v['Fn::GetAtt']) return `<${v['Fn::GetAtt'].join('.')}>`;
  throw new Error(`Cannot render ${JSON.stringify(value)} as cdk-nag does`);
}

/**
 * Acknowledges the IAM5 wildcard findings of hand-written statements: every statement
 * with a wildcard resource must have a reason under its Sid, or this throws.
 */
export function acknowledgeWildcards(scope: IConstruct, stack: Stack, statements: PolicyStatement[], reasons: Record<string, string>): void {
  for (const statement of statements) {
    if (statement.effect === Effect.DENY) continue;
    const wildcards = statement.resources.filter((r) => nagRender(stack.resolve(r)).includes('*'));
    if (wildcards.length === 0) continue;
    const reason = statement.sid ? reasons[statement.sid] : undefined;
    if (!reason) throw new Error(`Statement ${statement.sid ?? '(no Sid)'} has wildcard resources and no acknowledgement reason`);
    for (const r of wildcards) acknowledge(scope, [`IAM5[Resource::${nagRender(stack.resolve(r))}]`, reason]);
  }
}

/** Reasons shared by several stacks. */
export const REASONS = {
  lambdaBasicRole:
    'AWSLambdaBasicExecutionRole / AWSLambdaVPCAccessExecutionRole are the AWS-maintained minimum for writing logs and attaching ENIs; CDK adds them to every function role',
  xrayWildcard: 'X-Ray PutTraceSegments/PutTelemetryRecords support no resource-level permissions (resource must be *)',
  cdkSingletonFunction:
    'Function created by a CDK-provided construct (custom resource provider); its runtime is pinned by aws-cdk-lib and it runs only during deployments',
  cdkProviderRole: 'Role of a CDK-provided custom resource handler; aws-cdk-lib defines its policy, which it scopes as far as the API allows',
} as const;
