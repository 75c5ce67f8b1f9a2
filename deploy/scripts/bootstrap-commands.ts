import { bootstrapCommands } from '../lib/config/bootstrap.js';
import { resolveConfig } from '../lib/config/stages.js';

// Prints the bootstrap commands for the committed stage config (`-c key=value` pairs as for cdk).
const args = process.argv.slice(2);
const context = new Map<string, string>();
for (let i = 0; i < args.length; i++) {
  if (args[i] === '-c' && args[i + 1]?.includes('=')) {
    const [key, ...value] = args[++i]!.split('=');
    context.set(key!, value.join('='));
  }
}
const { stages } = resolveConfig((key) => context.get(key));
process.stdout.write(`${bootstrapCommands(stages).join('\n')}\n`);
