import 'reflect-metadata';
import { CallsModule } from '#switchboard/calls';
import { createSqsWorker } from '#switchboard/lambda';

export const handler = createSqsWorker('call-events', CallsModule);
