import 'reflect-metadata';
import { createMigrateHandler } from '#switchboard/lambda';

export const handler = createMigrateHandler();
