import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiAcceptedResponse, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public, SkipIpRateLimit } from '#switchboard/auth';
import { ApiProblem } from '#switchboard/common';
import { TelephonyAcceptedDto, TelephonyEventDto } from './dto/telephony-event.dto.js';
import { SIGNATURE_HEADER } from './telephony-signature.js';
import { TelephonySignatureGuard } from './telephony-signature.guard.js';
import { TelephonyService } from './telephony.service.js';

@ApiTags('telephony')
@Controller('v1/telephony/events')
export class TelephonyController {
  constructor(private readonly telephony: TelephonyService) {}

  @Post()
  @Public()
  // Authenticated by its signature, not anonymous: the per-IP limit of public routes
  // would throttle a provider that posts a whole contact centre's calls from a few IPs.
  @SkipIpRateLimit()
  @UseGuards(TelephonySignatureGuard)
  @HttpCode(202)
  @ApiOperation({
    summary: 'Receive a call event from the telephony provider',
    description:
      "Signed with HMAC-SHA256 by one of the tenant's signing keys (/v1/telephony/signing-keys) instead of a token. " +
      'The event is queued and applied once, in any order of arrival.',
  })
  @ApiHeader({
    name: SIGNATURE_HEADER,
    required: true,
    description:
      't=<unix seconds>,kid=<key id>,v1=<hex HMAC-SHA256 of "<t>.<raw body>"> with the secret of that key of the event\'s tenant. ' +
      'During a rotation the provider may name both keys and send one v1= per key; one match is enough. The timestamp must be ' +
      'within TELEPHONY_TOLERANCE_SECONDS (default 300) of now. Outside production only, a signature without kid may use TELEPHONY_WEBHOOK_SECRET.',
    example: 't=1793606400,kid=whk_3q9Zb1xYkP0aTt2m,v1=5f0c2b1e8a7d4c3b9e6f1a2d3c4b5a69788796a5b4c3d2e1f0a9b8c7d6e5f4a3',
  })
  @ApiAcceptedResponse({ type: TelephonyAcceptedDto, description: 'Queued for processing' })
  @ApiProblem(400, 'Signed, but not a valid event (VALIDATION with field errors)')
  @ApiProblem(401, "Signature missing, malformed, wrong, by another tenant's key, or its timestamp too old or too new (TELEPHONY.SIGNATURE_*)")
  @ApiProblem(429, 'Too many refused signatures from this IP or for this tenant in the last minute (RATE_LIMITED, Retry-After)')
  accept(@Body() event: TelephonyEventDto): Promise<TelephonyAcceptedDto> {
    return this.telephony.accept(event);
  }
}
