/**
 * The slice of a CloudFormation custom-resource event the account-settings handlers
 * read (they run behind the CDK Provider framework, which does the callback).
 * CloudFormation passes every property as a string.
 */
export interface CustomResourceEvent {
  readonly RequestType: 'Create' | 'Update' | 'Delete';
  readonly PhysicalResourceId?: string;
  readonly ResourceProperties: Record<string, unknown>;
}

export interface CustomResourceResult {
  readonly PhysicalResourceId: string;
  readonly Data?: Record<string, string>;
}

/** A property as a string, or a clear error naming it. */
export function text(props: Record<string, unknown>, name: string): string {
  const value = props[name];
  if (typeof value !== 'string' || value.trim() === '') throw new Error(`Property ${name} is required`);
  return value;
}

/** A property as an integer (CloudFormation sends "14"). */
export function integer(props: Record<string, unknown>, name: string): number {
  const value = Number(text(props, name));
  if (!Number.isInteger(value)) throw new Error(`Property ${name} must be an integer, got ${String(props[name])}`);
  return value;
}

/** A property as a boolean (CloudFormation sends "true"/"false"). */
export function flag(props: Record<string, unknown>, name: string): boolean {
  const value = String(props[name]);
  if (value !== 'true' && value !== 'false') throw new Error(`Property ${name} must be true or false, got ${value}`);
  return value === 'true';
}
