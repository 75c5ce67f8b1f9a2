import { ALL_PERMISSIONS } from '#switchboard/registry';
import { permissionsForRole, roleLabel } from './roles.js';

describe('roles', () => {
  it('admin has every permission, supervisor all but agents:write, webhooks:write, telephony:admin and settings:write, agent the working set', () => {
    expect(permissionsForRole('admin')).toEqual([...ALL_PERMISSIONS]);
    expect(permissionsForRole('supervisor')).toEqual(
      ALL_PERMISSIONS.filter((p) => p !== 'agents:write' && p !== 'webhooks:write' && p !== 'telephony:admin' && p !== 'settings:write'),
    );
    expect(permissionsForRole('agent')).toEqual(['contacts:read', 'contacts:write', 'campaigns:read', 'calls:read', 'calls:write', 'reports:read', 'dnc:read']);
    for (const kept of ['contacts:delete', 'contacts:import', 'dnc:write']) expect(permissionsForRole('agent')).not.toContain(kept);
  });

  it('lets supervisors and admins export data (exports:read, exports:write), not agents', () => {
    for (const role of ['admin', 'supervisor'] as const) expect(permissionsForRole(role)).toEqual(expect.arrayContaining(['exports:read', 'exports:write']));
    expect(permissionsForRole('agent').filter((p) => p.startsWith('exports:'))).toEqual([]);
  });

  it('hands out copies, so callers cannot change the defaults', () => {
    permissionsForRole('agent').push('agents:write');
    expect(permissionsForRole('agent')).not.toContain('agents:write');
  });

  it('labels an agent with the strongest known role in the claim, agent otherwise', () => {
    expect(roleLabel(['agent', 'Admin'])).toBe('admin');
    expect(roleLabel(['supervisor', 'agent'])).toBe('supervisor');
    expect(roleLabel(['Switchboard Operators'])).toBe('agent');
    expect(roleLabel([])).toBe('agent');
  });
});
