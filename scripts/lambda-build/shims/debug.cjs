// debug in a Lambda bundle: the DEBUG=namespace tracing of Express, its
// router, body-parser and ioredis, for a developer's terminal (run the
// one-process server for that). A function logs through Powertools; every
// namespace here is off, as it is without DEBUG (~10 KB with its helpers).
function createDebug(namespace) {
  const debug = () => undefined;
  debug.namespace = namespace;
  debug.enabled = false;
  debug.extend = (sub, delimiter = ':') => createDebug(`${namespace}${delimiter}${sub}`);
  debug.destroy = () => true;
  debug.log = () => undefined;
  return debug;
}
createDebug.enable = () => undefined;
createDebug.disable = () => '';
createDebug.enabled = () => false;
createDebug.default = createDebug;
module.exports = createDebug;
