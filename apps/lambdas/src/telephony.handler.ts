import 'reflect-metadata';
import { TelephonyModule } from '#switchboard/calls';
import { createHttpHandler } from '#switchboard/lambda';

export const handler = createHttpHandler('telephony', TelephonyModule);
