import { UpdateAccountPasswordPolicyCommand } from '@aws-sdk/client-iam';
import { PutAlternateContactCommand } from '@aws-sdk/client-account';
import { alternateContactsHandler } from '../lib/account/alternate-contacts.handler.js';
import type { CustomResourceEvent } from '../lib/account/custom-resource.js';
import { passwordPolicyHandler } from '../lib/account/password-policy.handler.js';

/** A stand-in for an AWS SDK client: records each command, answers or fails like the service. */
function fakeClient(fail?: Error) {
  const commands: Array<{ name: string; input: unknown }> = [];
  const client = {
    send: async (command: { constructor: { name: string }; input: unknown }) => {
      commands.push({ name: command.constructor.name, input: command.input });
      if (fail) throw fail;
      return {};
    },
  };
  return { commands, client: client as never };
}

// CloudFormation hands every property over as a string.
const STRONG = {
  MinimumPasswordLength: '14',
  RequireUppercaseCharacters: 'true',
  RequireLowercaseCharacters: 'true',
  RequireNumbers: 'true',
  RequireSymbols: 'true',
  PasswordReusePrevention: '24',
  MaxPasswordAge: '90',
};
const event = (
  RequestType: CustomResourceEvent['RequestType'],
  ResourceProperties: Record<string, unknown>,
  PhysicalResourceId?: string,
): CustomResourceEvent => ({
  RequestType,
  ResourceProperties,
  PhysicalResourceId,
});

describe('password policy handler', () => {
  it.each(['Create', 'Update'] as const)('%s sets the policy from string properties', async (type) => {
    const iam = fakeClient();
    await expect(passwordPolicyHandler(iam.client)(event(type, STRONG))).resolves.toEqual({
      PhysicalResourceId: 'account-password-policy',
      Data: { MinimumPasswordLength: '14' },
    });
    expect(iam.commands).toEqual([
      {
        name: UpdateAccountPasswordPolicyCommand.name,
        input: {
          MinimumPasswordLength: 14,
          RequireUppercaseCharacters: true,
          RequireLowercaseCharacters: true,
          RequireNumbers: true,
          RequireSymbols: true,
          PasswordReusePrevention: 24,
          MaxPasswordAge: 90,
          AllowUsersToChangePassword: true,
          HardExpiry: false,
        },
      },
    ]);
  });

  it('leaves the policy in place when the resource is deleted', async () => {
    const iam = fakeClient();
    await expect(passwordPolicyHandler(iam.client)(event('Delete', STRONG, 'account-password-policy'))).resolves.toEqual({
      PhysicalResourceId: 'account-password-policy',
    });
    expect(iam.commands).toEqual([]);
  });

  it.each([
    ['a short minimum length', { MinimumPasswordLength: '12' }, 'MinimumPasswordLength must be at least 14'],
    ['a character class off', { RequireSymbols: 'false' }, 'every character class must be required'],
    ['little reuse prevention', { PasswordReusePrevention: '3' }, 'PasswordReusePrevention must be at least 24'],
    ['no maximum age', { MaxPasswordAge: '0' }, 'MaxPasswordAge must be 1–90 days'],
    ['a non-number', { MinimumPasswordLength: 'fourteen' }, 'MinimumPasswordLength must be an integer'],
  ])('refuses %s without calling IAM', async (_what, change, message) => {
    const iam = fakeClient();
    await expect(passwordPolicyHandler(iam.client)(event('Create', { ...STRONG, ...change }))).rejects.toThrow(message);
    expect(iam.commands).toEqual([]);
  });

  it('fails the deploy when IAM refuses', async () => {
    const iam = fakeClient(new Error('AccessDenied: not authorized to perform iam:UpdateAccountPasswordPolicy'));
    await expect(passwordPolicyHandler(iam.client)(event('Update', STRONG))).rejects.toThrow('AccessDenied');
  });
});

describe('alternate contacts handler', () => {
  const CONTACTS = Object.fromEntries(
    ['Operations', 'Billing', 'Security'].flatMap((p) => [
      [`${p}Name`, `${p} team`],
      [`${p}Title`, `${p} lead`],
      [`${p}Email`, `${p.toLowerCase()}@example.com`],
      [`${p}Phone`, '+1-206-555-0100'],
    ]),
  );

  it.each(['Create', 'Update'] as const)('%s sets the operations, billing and security contacts', async (type) => {
    const account = fakeClient();
    await expect(alternateContactsHandler(account.client)(event(type, CONTACTS))).resolves.toEqual({ PhysicalResourceId: 'account-alternate-contacts' });
    expect(account.commands).toEqual(
      ['OPERATIONS', 'BILLING', 'SECURITY'].map((t) => {
        const p = t.charAt(0) + t.slice(1).toLowerCase();
        return {
          name: PutAlternateContactCommand.name,
          input: {
            AlternateContactType: t,
            Name: `${p} team`,
            Title: `${p} lead`,
            EmailAddress: `${p.toLowerCase()}@example.com`,
            PhoneNumber: '+1-206-555-0100',
          },
        };
      }),
    );
  });

  it('leaves the contacts in place when the resource is deleted', async () => {
    const account = fakeClient();
    await expect(alternateContactsHandler(account.client)(event('Delete', CONTACTS, 'account-alternate-contacts'))).resolves.toEqual({
      PhysicalResourceId: 'account-alternate-contacts',
    });
    expect(account.commands).toEqual([]);
  });

  it('refuses a missing contact or a bad e-mail before calling the Account API', async () => {
    const account = fakeClient();
    const { SecurityPhone: _dropped, ...missing } = CONTACTS;
    await expect(alternateContactsHandler(account.client)(event('Create', missing))).rejects.toThrow('Property SecurityPhone is required');
    await expect(alternateContactsHandler(account.client)(event('Create', { ...CONTACTS, BillingEmail: 'billing-at-example' }))).rejects.toThrow(
      'BillingEmail is not an e-mail address',
    );
    expect(account.commands).toEqual([]);
  });

  it('fails the deploy when the Account API refuses', async () => {
    const account = fakeClient(new Error('TooManyRequestsException'));
    await expect(alternateContactsHandler(account.client)(event('Create', CONTACTS))).rejects.toThrow('TooManyRequestsException');
    expect(account.commands).toHaveLength(1);
  });
});
