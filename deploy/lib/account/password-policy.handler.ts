import { IAMClient, UpdateAccountPasswordPolicyCommand, type UpdateAccountPasswordPolicyCommandInput } from '@aws-sdk/client-iam';
import { flag, integer, type CustomResourceEvent, type CustomResourceResult } from './custom-resource.js';

export const PASSWORD_POLICY_ID = 'account-password-policy';

/** Floors the baseline promises whatever the properties say (CIS AWS Foundations 1.8–1.9). */
export const PASSWORD_POLICY_FLOOR = { minimumLength: 14, reusePrevention: 24, maxAgeDays: 90 } as const;

type IamSender = Pick<IAMClient, 'send'>;

/**
 * Sets the account's IAM password policy (CloudFormation has no resource for it).
 * Deleting the resource leaves the policy in place: a security control does not
 * disappear with a stack.
 */
export function passwordPolicyHandler(iam: IamSender) {
  return async (event: CustomResourceEvent): Promise<CustomResourceResult> => {
    if (event.RequestType === 'Delete') return { PhysicalResourceId: event.PhysicalResourceId ?? PASSWORD_POLICY_ID };
    const policy = passwordPolicy(event.ResourceProperties);
    await iam.send(new UpdateAccountPasswordPolicyCommand(policy));
    return { PhysicalResourceId: PASSWORD_POLICY_ID, Data: { MinimumPasswordLength: String(policy.MinimumPasswordLength) } };
  };
}

/** The policy from the resource's properties, refused when weaker than the floor. */
export function passwordPolicy(props: Record<string, unknown>): UpdateAccountPasswordPolicyCommandInput {
  const policy = {
    MinimumPasswordLength: integer(props, 'MinimumPasswordLength'),
    RequireUppercaseCharacters: flag(props, 'RequireUppercaseCharacters'),
    RequireLowercaseCharacters: flag(props, 'RequireLowercaseCharacters'),
    RequireNumbers: flag(props, 'RequireNumbers'),
    RequireSymbols: flag(props, 'RequireSymbols'),
    PasswordReusePrevention: integer(props, 'PasswordReusePrevention'),
    MaxPasswordAge: integer(props, 'MaxPasswordAge'),
    AllowUsersToChangePassword: true,
    HardExpiry: false,
  };
  const problems = [
    policy.MinimumPasswordLength < PASSWORD_POLICY_FLOOR.minimumLength && `MinimumPasswordLength must be at least ${PASSWORD_POLICY_FLOOR.minimumLength}`,
    !(policy.RequireUppercaseCharacters && policy.RequireLowercaseCharacters && policy.RequireNumbers && policy.RequireSymbols) &&
      'every character class must be required',
    policy.PasswordReusePrevention < PASSWORD_POLICY_FLOOR.reusePrevention &&
      `PasswordReusePrevention must be at least ${PASSWORD_POLICY_FLOOR.reusePrevention}`,
    (policy.MaxPasswordAge < 1 || policy.MaxPasswordAge > PASSWORD_POLICY_FLOOR.maxAgeDays) &&
      `MaxPasswordAge must be 1–${PASSWORD_POLICY_FLOOR.maxAgeDays} days`,
  ].filter(Boolean);
  if (problems.length > 0) throw new Error(`Password policy refused: ${problems.join('; ')}`);
  return policy;
}

export const handler = (event: CustomResourceEvent): Promise<CustomResourceResult> => passwordPolicyHandler(new IAMClient({}))(event);
