import { AccountClient, PutAlternateContactCommand, type AlternateContactType } from '@aws-sdk/client-account';
import { text, type CustomResourceEvent, type CustomResourceResult } from './custom-resource.js';

export const CONTACT_TYPES = ['OPERATIONS', 'BILLING', 'SECURITY'] as const satisfies readonly AlternateContactType[];
export const ALTERNATE_CONTACTS_ID = 'account-alternate-contacts';

type AccountSender = Pick<AccountClient, 'send'>;

/**
 * Sets the account's operations, billing and security contacts (CloudFormation has no
 * resource for them). Properties: `<Type>Name`, `<Type>Email`, `<Type>Phone`,
 * `<Type>Title` per type (`OperationsName`, …). Deleting the resource leaves them.
 */
export function alternateContactsHandler(account: AccountSender) {
  return async (event: CustomResourceEvent): Promise<CustomResourceResult> => {
    if (event.RequestType === 'Delete') return { PhysicalResourceId: event.PhysicalResourceId ?? ALTERNATE_CONTACTS_ID };
    const contacts = CONTACT_TYPES.map((type) => contact(event.ResourceProperties, type));
    // One at a time: the Account API throttles concurrent writes to the same account.
    for (const c of contacts) await account.send(new PutAlternateContactCommand(c));
    return { PhysicalResourceId: ALTERNATE_CONTACTS_ID };
  };
}

function contact(props: Record<string, unknown>, type: AlternateContactType) {
  const prefix = type.charAt(0) + type.slice(1).toLowerCase();
  const email = text(props, `${prefix}Email`);
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) throw new Error(`${prefix}Email is not an e-mail address: ${email}`);
  return {
    AlternateContactType: type,
    Name: text(props, `${prefix}Name`),
    EmailAddress: email,
    PhoneNumber: text(props, `${prefix}Phone`),
    Title: text(props, `${prefix}Title`),
  };
}

export const handler = (event: CustomResourceEvent): Promise<CustomResourceResult> => alternateContactsHandler(new AccountClient({}))(event);
