import { setEnv } from '../../support/test-env.js';
import { type FakeAwsParameters, startFakeAwsParameters } from './fake-aws-parameters.js';

/**
 * The fake for the specs of one file, with this process's SDK clients pointed
 * at it (endpoints, a region, dummy credentials) and the environment restored
 * after. Returns the running fake.
 */
export function useFakeAwsParameters(): () => FakeAwsParameters {
  let aws: FakeAwsParameters;
  let restore: () => void;
  beforeAll(async () => {
    aws = await startFakeAwsParameters();
    restore = setEnv({ ...aws.env, AWS_REGION: 'us-west-2', AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' });
  });
  afterAll(async () => {
    restore();
    await aws.close();
  });
  return () => aws;
}
