// The parts of autocannon 9's API the benchmarks use (the package ships no types).
declare module 'autocannon' {
  namespace autocannon {
    /** `Context`: the object autocannon keeps per connection for the hooks (initialContext, else empty). */
    interface Request<Context extends object = Record<string, unknown>> {
      method?: string;
      path?: string;
      headers?: Record<string, string>;
      body?: string;
      setupRequest?: (req: Request<Context>, context: Context) => Request<Context>;
      onResponse?: (status: number, body: string, context: Context, headers: Record<string, string>) => void;
    }
    interface Options<Context extends object = Record<string, unknown>> {
      url: string;
      connections?: number;
      duration?: number;
      amount?: number;
      timeout?: number;
      pipelining?: number;
      requests?: Request<Context>[];
      initialContext?: Context;
    }
    interface Histogram {
      average: number;
      mean: number;
      max: number;
      min: number;
      p50: number;
      p90: number;
      p97_5: number;
      p99: number;
      total: number;
    }
    interface Result {
      duration: number;
      errors: number;
      timeouts: number;
      non2xx: number;
      latency: Histogram;
      requests: Histogram;
      throughput: Histogram;
    }
  }
  function autocannon<Context extends object = Record<string, unknown>>(opts: autocannon.Options<Context>): Promise<autocannon.Result>;
  export default autocannon;
}
