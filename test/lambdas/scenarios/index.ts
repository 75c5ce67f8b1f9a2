import { agentsScenarios } from './agents.scenarios.js';
import { callsScenarios } from './calls.scenarios.js';
import { campaignsScenarios } from './campaigns.scenarios.js';
import { contactsScenarios } from './contacts.scenarios.js';
import { exportsScenarios } from './exports.scenarios.js';
import type { Scenario } from './scenario.js';
import { webhooksScenarios } from './webhooks.scenarios.js';

/** Every contract scenario, run by both topology specs. */
export const SCENARIOS: Scenario[] = [
  ...agentsScenarios,
  ...contactsScenarios,
  ...campaignsScenarios,
  ...callsScenarios,
  ...webhooksScenarios,
  ...exportsScenarios,
];

export type { Scenario };
