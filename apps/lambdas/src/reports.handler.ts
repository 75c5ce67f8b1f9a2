import 'reflect-metadata';
import { ReportsModule } from '#switchboard/reports';
import { createHttpHandler } from '#switchboard/lambda';

export const handler = createHttpHandler('reports', ReportsModule);
