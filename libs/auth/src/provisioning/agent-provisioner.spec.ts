import { FixedClock } from '#switchboard/common';
import { AgentDirectory, AgentProvisioner, type AgentSignIn } from './agent-provisioner.js';

/** A directory that records each write and answers once `release` is called. */
class RecordingDirectory extends AgentDirectory {
  readonly writes: AgentSignIn[] = [];
  private pending: (() => void)[] = [];

  provision(signIn: AgentSignIn): Promise<string> {
    this.writes.push(signIn);
    return new Promise((resolve) => this.pending.push(() => resolve(`agent-of-${signIn.sub}`)));
  }

  release(): void {
    for (const answer of this.pending.splice(0)) answer();
  }
}

const ada = { tenantId: 'acme', sub: 'ada', permissions: [], roles: ['Supervisor'], name: 'Ada', email: 'ada@example.com' };

describe('AgentProvisioner', () => {
  let directory: RecordingDirectory;
  let provisioner: AgentProvisioner;

  beforeEach(() => {
    directory = new RecordingDirectory();
    provisioner = new AgentProvisioner(directory, new FixedClock(new Date('2026-03-10T12:00:00Z')));
  });

  it("writes the caller's identity, role label and the clock's time", async () => {
    const id = provisioner.agentIdFor(ada, 0);
    directory.release();
    await expect(id).resolves.toBe('agent-of-ada');
    expect(directory.writes).toEqual([
      { tenantId: 'acme', sub: 'ada', name: 'Ada', email: 'ada@example.com', role: 'supervisor', at: new Date('2026-03-10T12:00:00Z') },
    ]);
  });

  it('shares one write between concurrent first requests', async () => {
    const ids = Promise.all([provisioner.agentIdFor(ada, 0), provisioner.agentIdFor(ada, 0), provisioner.agentIdFor(ada, 0)]);
    directory.release();
    await expect(ids).resolves.toEqual(['agent-of-ada', 'agent-of-ada', 'agent-of-ada']);
    expect(directory.writes).toHaveLength(1);
  });

  it('answers from memory for a minute, then writes again', async () => {
    const first = provisioner.agentIdFor(ada, 0);
    directory.release();
    await first;
    await expect(provisioner.agentIdFor(ada, 59_999)).resolves.toBe('agent-of-ada');
    expect(directory.writes).toHaveLength(1);

    const later = provisioner.agentIdFor(ada, 60_000);
    directory.release();
    await later;
    expect(directory.writes).toHaveLength(2);
  });

  it("writes again at once when the token's name, email or role changed", async () => {
    const first = provisioner.agentIdFor(ada, 0);
    directory.release();
    await first;
    const promoted = provisioner.agentIdFor({ ...ada, roles: ['admin'] }, 1);
    directory.release();
    await promoted;
    expect(directory.writes.map((w) => w.role)).toEqual(['supervisor', 'admin']);
  });

  it('does not keep a failed write: the next request writes again', async () => {
    let calls = 0;
    const flaky = { provision: () => (++calls === 1 ? Promise.reject(new Error('database down')) : Promise.resolve('agent-of-ada')) };
    const retrying = new AgentProvisioner(flaky, new FixedClock(new Date(0)));
    await expect(retrying.agentIdFor(ada, 0)).rejects.toThrow('database down');
    await expect(retrying.agentIdFor(ada, 1)).resolves.toBe('agent-of-ada');
    expect(calls).toBe(2);
  });
});
