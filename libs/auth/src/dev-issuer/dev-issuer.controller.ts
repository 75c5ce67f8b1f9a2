import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../decorators/public.decorator.js';
import { DevIssuer } from './dev-issuer.service.js';
import { DevTokenRequestDto, type DevTokenResponseDto } from './dto/dev-token.dto.js';

/**
 * The dev issuer's endpoints (`iss` http://localhost:<PORT>/dev/). They answer 404
 * whenever a real issuer is configured, and so always in production. Not part of
 * the product API, hence not in the OpenAPI document.
 */
@ApiExcludeController()
@Public()
@Controller('dev')
export class DevIssuerController {
  constructor(private readonly issuer: DevIssuer) {}

  @Get('.well-known/jwks.json')
  jwks() {
    return this.issuer.jwks();
  }

  @Post('token')
  @HttpCode(200)
  token(@Body() dto: DevTokenRequestDto): Promise<DevTokenResponseDto> {
    return this.issuer.mint(dto);
  }
}
