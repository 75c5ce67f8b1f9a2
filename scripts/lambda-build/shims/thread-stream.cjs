// thread-stream in a Lambda bundle. pino runs transports in worker threads
// with it; the functions log through pino's synchronous stdout destination
// (pretty-printing, the only transport, is for a terminal outside production).
module.exports = class ThreadStream {
  constructor() {
    throw new Error('pino transports are not available in a Lambda bundle');
  }
};
