import 'reflect-metadata';
import { ExportsModule } from '#switchboard/exports';
import { createHttpHandler } from '#switchboard/lambda';

export const handler = createHttpHandler('exports', ExportsModule);
