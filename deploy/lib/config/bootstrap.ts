import { EDGE_REGION } from '../stacks/edge-stack.js';
import { STAGE_NAMES, type StageConfig, type StageName } from './stages.js';

/** The customer managed policy every account's CloudFormation execution role gets instead of AdministratorAccess. */
export const EXECUTION_POLICY_NAME = 'switchboard-cloudformation-execution';
/** The policy document, shipped with the repository (deploy tests check it against every template's resource types). */
export const EXECUTION_POLICY_FILE = 'deploy/bootstrap/cloudformation-execution-policy.json';

/** One `cdk bootstrap` of an account in a region, and the pipeline accounts it trusts. */
export interface BootstrapTarget {
  readonly account: string;
  readonly region: string;
  /** Accounts whose pipelines may deploy here (never the account itself). */
  readonly trust: readonly string[];
}

/**
 * Every account and region the app deploys to, with the trust each needs: a
 * stage's account (its region and us-east-1, where its web ACL lives) trusts
 * the account its pipeline runs in; a pipeline's account needs its region and
 * us-east-1 (CodePipeline's replication bucket for the edge stack). Production's
 * pipeline runs in production's account, so production trusts no other account.
 */
export function bootstrapTargets(stages: Record<StageName, StageConfig>): BootstrapTarget[] {
  const targets = new Map<string, { account: string; region: string; trust: Set<string> }>();
  const add = (account: string, region: string, trusted?: string) => {
    const key = `${account}/${region}`;
    const target = targets.get(key) ?? { account, region, trust: new Set<string>() };
    if (trusted && trusted !== account) target.trust.add(trusted);
    targets.set(key, target);
  };
  for (const name of STAGE_NAMES) {
    const stage = stages[name];
    for (const region of [stage.region, EDGE_REGION]) {
      add(stage.account, region, stage.delivery.account);
      add(stage.delivery.account, region);
    }
  }
  return [...targets.values()].map((t) => ({ account: t.account, region: t.region, trust: [...t.trust].sort() }));
}

/** The shell commands of a first deploy's bootstrap, in order (docs/deploy.md prints them for the committed config). */
export function bootstrapCommands(stages: Record<StageName, StageConfig>): string[] {
  const targets = bootstrapTargets(stages);
  const accounts = [...new Set(targets.map((t) => t.account))];
  return [
    ...accounts.map(
      (account) => `AWS_PROFILE=${account} aws iam create-policy --policy-name ${EXECUTION_POLICY_NAME} --policy-document file://${EXECUTION_POLICY_FILE}`,
    ),
    ...targets.map((t) =>
      [
        `AWS_PROFILE=${t.account} npm run cdk -- bootstrap aws://${t.account}/${t.region}`,
        ...t.trust.flatMap((a) => [`--trust ${a}`, `--trust-for-lookup ${a}`]),
        `--cloudformation-execution-policies arn:aws:iam::${t.account}:policy/${EXECUTION_POLICY_NAME}`,
      ].join(' '),
    ),
  ];
}
