import { Global, Module } from '@nestjs/common';

/**
 * Identity and access for every topology: the JWT guard on every route not
 * marked @Public(), permission checks, rate limits and agent provisioning.
 * Part of PlatformModule, so each Lambda gets it with its one feature module.
 */
@Global()
@Module({})
export class AuthModule {}
