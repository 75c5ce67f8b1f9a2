import 'reflect-metadata';
import { CallsModule } from '#switchboard/calls';
import { createHttpHandler } from '#switchboard/lambda';

export const handler = createHttpHandler('calls', CallsModule);
