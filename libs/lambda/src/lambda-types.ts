/**
 * The parts of the Lambda runtime's objects this lib reads. Declared here rather
 * than taken from @types/aws-lambda, which the project does not depend on.
 */
export interface LambdaContext {
  functionName: string;
  functionVersion?: string;
  invokedFunctionArn?: string;
  memoryLimitInMB?: string | number;
  awsRequestId: string;
  logGroupName?: string;
  logStreamName?: string;
  getRemainingTimeInMillis?: () => number;
  callbackWaitsForEmptyEventLoop?: boolean;
}

/** API Gateway HTTP API (payload 2.0) request event. */
export interface ApiGatewayV2Event {
  version: '2.0';
  routeKey?: string;
  rawPath: string;
  rawQueryString: string;
  cookies?: string[];
  headers: Record<string, string | undefined>;
  requestContext: {
    requestId: string;
    stage?: string;
    http: { method: string; path: string; sourceIp: string; protocol?: string; userAgent?: string };
    [key: string]: unknown;
  };
  body?: string;
  isBase64Encoded: boolean;
  pathParameters?: Record<string, string | undefined>;
  [key: string]: unknown;
}

/** API Gateway REST API (payload 1.0) proxy event. */
export interface ApiGatewayV1Event {
  version?: '1.0';
  resource: string;
  path: string;
  httpMethod: string;
  headers: Record<string, string | undefined> | null;
  multiValueHeaders?: Record<string, string[] | undefined> | null;
  queryStringParameters?: Record<string, string | undefined> | null;
  multiValueQueryStringParameters?: Record<string, string[] | undefined> | null;
  pathParameters?: Record<string, string | undefined> | null;
  requestContext: { requestId: string; stage?: string; identity?: { sourceIp?: string }; [key: string]: unknown };
  body: string | null;
  isBase64Encoded: boolean;
  [key: string]: unknown;
}

export type ApiGatewayEvent = ApiGatewayV2Event | ApiGatewayV1Event;

/** What API Gateway expects back (either payload version). */
export interface ApiGatewayResult {
  statusCode: number;
  headers?: Record<string, string>;
  multiValueHeaders?: Record<string, string[]>;
  cookies?: string[];
  body: string;
  isBase64Encoded?: boolean;
}

/** Lambda SQS event and partial batch response (`ReportBatchItemFailures`). */
export interface SqsEvent {
  Records: {
    messageId: string;
    receiptHandle?: string;
    body: string;
    attributes?: Partial<Record<string, string>>;
    messageAttributes?: Record<string, { stringValue?: string; dataType?: string }>;
    eventSource?: string;
    eventSourceARN?: string;
  }[];
}

export interface SqsBatchResponse {
  batchItemFailures: { itemIdentifier: string }[];
}

/** EventBridge's event for a rule with a schedule expression (`Scheduled Event`). */
export interface ScheduledEvent {
  version?: string;
  id: string;
  'detail-type': 'Scheduled Event';
  source: 'aws.events';
  account?: string;
  /** When the rule fired (ISO 8601). */
  time: string;
  region?: string;
  /** The rule's ARN. */
  resources: string[];
  detail: Record<string, unknown>;
}
