import 'reflect-metadata';
import { AgentsModule } from '#switchboard/agents';
import { createHttpHandler } from '#switchboard/lambda';

export const handler = createHttpHandler('agents', AgentsModule);
