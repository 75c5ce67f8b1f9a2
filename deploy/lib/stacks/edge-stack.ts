import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';
import { bodyLimits, greaterThanPattern, IMPORT_ROUTE_PREFIX } from '../config/body-limits.js';
import type { StageConfig } from '../config/stages.js';

/** CloudFront's web ACLs live in us-east-1, whatever the stage's region. */
export const EDGE_REGION = 'us-east-1';

export interface EdgeStackProps extends StackProps {
  readonly stage: StageConfig;
}

const visibility = (metricName: string): wafv2.CfnWebACL.VisibilityConfigProperty => ({
  cloudWatchMetricsEnabled: true,
  metricName,
  sampledRequestsEnabled: true,
});

/** An AWS managed rule group, with some of its rules only counted. */
function managedGroup(priority: number, name: string, countOnly: string[] = []): wafv2.CfnWebACL.RuleProperty {
  return {
    name,
    priority,
    overrideAction: { none: {} },
    statement: {
      managedRuleGroupStatement: {
        vendorName: 'AWS',
        name,
        ruleActionOverrides: countOnly.length ? countOnly.map((rule) => ({ name: rule, actionToUse: { count: {} } })) : undefined,
      },
    },
    visibilityConfig: visibility(name),
  };
}

const contentLengthOver = (bytes: number): wafv2.CfnWebACL.StatementProperty => ({
  regexMatchStatement: {
    fieldToMatch: { singleHeader: { Name: 'content-length' } },
    regexString: greaterThanPattern(bytes),
    textTransformations: [{ priority: 0, type: 'NONE' }],
  },
});

const pathStartsWith = (prefix: string): wafv2.CfnWebACL.StatementProperty => ({
  byteMatchStatement: {
    fieldToMatch: { uriPath: {} },
    positionalConstraint: 'STARTS_WITH',
    searchString: prefix,
    textTransformations: [{ priority: 0, type: 'LOWERCASE' }],
  },
});

/**
 * The stage's WAF web ACL for its CloudFront distribution (scope CLOUDFRONT,
 * hence us-east-1): AWS managed rule groups (IP reputation, common, known bad
 * inputs), a rate-based rule per client IP, and a body size rule with the
 * routes' own limits (HTTP_BODY_LIMIT, and IMPORT_BODY_LIMIT on the import route).
 */
export class EdgeStack extends Stack {
  readonly webAcl: wafv2.CfnWebACL;

  constructor(scope: Construct, id: string, props: EdgeStackProps) {
    super(scope, id, props);
    const { stage } = props;
    const limits = bodyLimits(stage);
    this.webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      description: `Switchboard ${stage.name}: the edge in front of the console and the API`,
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      visibilityConfig: visibility(`switchboard-${stage.name}-edge`),
      rules: [
        managedGroup(0, 'AWSManagedRulesAmazonIpReputationList'),
        // Its body size rule stops at 8 KB, below the API's limits: the rule below enforces those.
        managedGroup(1, 'AWSManagedRulesCommonRuleSet', ['SizeRestrictions_BODY']),
        managedGroup(2, 'AWSManagedRulesKnownBadInputsRuleSet'),
        {
          name: 'RequestsPerClientIp',
          priority: 3,
          action: { block: {} },
          statement: { rateBasedStatement: { aggregateKeyType: 'IP', limit: stage.edge.requestsPerIpPer5Minutes, evaluationWindowSec: 300 } },
          visibilityConfig: visibility('RequestsPerClientIp'),
        },
        {
          name: 'BodyOverRouteLimit',
          priority: 4,
          action: { block: { customResponse: { responseCode: 413 } } },
          statement: {
            orStatement: {
              statements: [
                { andStatement: { statements: [pathStartsWith(IMPORT_ROUTE_PREFIX), contentLengthOver(limits.imports)] } },
                { andStatement: { statements: [{ notStatement: { statement: pathStartsWith(IMPORT_ROUTE_PREFIX) } }, contentLengthOver(limits.default)] } },
              ],
            },
          },
          visibilityConfig: visibility('BodyOverRouteLimit'),
        },
      ],
    });
    new CfnOutput(this, 'WebAclArn', { value: this.webAcl.attrArn, description: "The distribution's WAF web ACL" });
  }
}
