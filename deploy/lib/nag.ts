import { Token, Validations, type Stack } from 'aws-cdk-lib';
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

/** Reasons shared by several stacks. */
export const REASONS = {
  lambdaBasicRole:
    'AWSLambdaBasicExecutionRole / AWSLambdaVPCAccessExecutionRole are the AWS-maintained minimum for writing logs and attaching ENIs; CDK adds them to every function role',
  xrayWildcard: 'X-Ray PutTraceSegments/PutTelemetryRecords support no resource-level permissions (resource must be *)',
  cdkSingletonFunction:
    'Function created by a CDK-provided construct (custom resource provider); its runtime is pinned by aws-cdk-lib and it runs only during deployments',
  cdkProviderRole:
    'Role of a CDK-provided custom resource handler; aws-cdk-lib defines its policy, which it scopes as far as the API allows',
} as const;
