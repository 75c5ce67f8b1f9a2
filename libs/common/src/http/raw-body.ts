/** A request whose body parser kept the raw bytes, for HMAC verification of webhooks (both adapters set it). */
export interface RawBodyRequest {
  readonly headers: Record<string, string | string[] | undefined>;
  rawBody?: Buffer;
}
