// The functions run on Express (serverless-express takes nothing else), so the
// platform's on-demand Fastify adapter, and Fastify with it, stay out of the bundles.
export class ResourceHeadersFastifyAdapter {
  constructor() {
    throw new Error('The Fastify adapter is not part of a Lambda bundle: functions run on Express');
  }
}
