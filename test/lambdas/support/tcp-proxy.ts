import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';

export interface TcpProxy {
  port: number;
  /** Connections accepted so far. */
  connections(): number;
  /**
   * Silently stops forwarding on every open connection, in both directions,
   * without closing it: what a NAT or a Lambda VPC interface does to a flow left
   * idle too long (no FIN, no RST; writes vanish). New connections work normally.
   */
  dropExistingFlows(): void;
  close(): Promise<void>;
}

/** A loopback TCP forwarder to 127.0.0.1:`targetPort`. */
export async function startTcpProxy(targetPort: number): Promise<TcpProxy> {
  const open: [Socket, Socket][] = [];
  const dropped: Socket[] = [];
  let accepted = 0;
  const server: Server = createServer((client) => {
    accepted += 1;
    const upstream = connect(targetPort, '127.0.0.1');
    client.pipe(upstream).pipe(client);
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    for (const socket of [client, upstream]) {
      socket.on('error', end);
      socket.on('close', end);
    }
    open.push([client, upstream]);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    connections: () => accepted,
    dropExistingFlows: () => {
      for (const [client, upstream] of open.splice(0)) {
        client.unpipe(upstream);
        upstream.unpipe(client);
        client.pause();
        upstream.pause();
        dropped.push(client, upstream);
      }
    },
    close: async () => {
      for (const socket of [...dropped.splice(0), ...open.splice(0).flat()]) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
