import { appendFileSync } from 'node:fs';

/** One line of the suite's closing table (printed by global-teardown.ts). */
export interface ScenarioRow {
  scenario: string;
  /** Requests (or queue messages) the scenario sent. */
  requests: number;
  /** Answers that broke the scenario's rule (5xx, hangs, wrong status, not problem details…). */
  failures: number;
  /** Writes acknowledged (2xx, or queued events) and missing or applied twice afterwards. */
  lostWrites: number;
  /** Set when the scenario's checks all passed; a row without it is marked FAILED. */
  passed?: boolean;
}

/** Appends the row to this run's summary file (opened by global-setup.ts). */
export function recordScenario(row: ScenarioRow): void {
  const file = process.env.SWITCHBOARD_FAULTS_SUMMARY;
  if (file) appendFileSync(file, `${JSON.stringify(row)}\n`);
  else console.log(`fault scenario: ${JSON.stringify(row)}`);
}
