// The embedded Postgres and SQS emulator of the one-process server, in a Lambda
// bundle: production requires DATABASE_URL (from the RDS secret) and the SQS
// endpoint of the region, so a function never starts either; the packages
// themselves are never bundled (see NEVER_LOADED).
const notInLambda = (what) => () => Promise.reject(new Error(`${what} is not available in a Lambda: configure the real service`));
export const startEmbeddedPostgres = notInLambda('The embedded Postgres');
export const startEmbeddedSqs = notInLambda('The embedded SQS emulator');
export const stopEmbeddedPostgres = async () => undefined;
