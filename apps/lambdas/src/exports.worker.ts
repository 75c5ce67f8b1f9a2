import 'reflect-metadata';
import { ExportsModule } from '#switchboard/exports';
import { createSqsWorker } from '#switchboard/lambda';

export const handler = createSqsWorker('exports', ExportsModule);
