// Preloaded (`node --import`) into the built server by the fault suite: a
// listen() that names no host binds 127.0.0.1 instead of every interface, so
// the scenarios run the server exactly as users start it, reachable from this
// machine only.
import net from 'node:net';

const LOOPBACK = '127.0.0.1';
const listen = net.Server.prototype.listen;

net.Server.prototype.listen = function listenOnLoopback(...args) {
  const [first] = args;
  if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
    if (typeof args[1] !== 'string') args.splice(1, 0, LOOPBACK);
  } else if (first && typeof first === 'object' && first.host === undefined && first.path === undefined && first.fd === undefined && first.handle === undefined) {
    args[0] = { ...first, host: LOOPBACK };
  }
  return listen.apply(this, args);
};
