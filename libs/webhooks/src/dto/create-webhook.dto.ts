import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { EVENT_TYPES, type EventType } from '#switchboard/events';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

export class CreateWebhookDto {
  @ApiProperty({
    example: 'https://crm.example.com/switchboard/events',
    description: 'https (http only for localhost outside production); never a private address',
    maxLength: 2048,
  })
  @IsString()
  @MinLength(1)
  @MaxLength(2048)
  url: string;

  @ApiProperty({ enum: EVENT_TYPES, isArray: true, example: ['call.completed'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(EVENT_TYPES.length)
  @ArrayUnique()
  @IsIn(EVENT_TYPES, { each: true })
  events: EventType[];

  @ApiPropertyOptional({ type: String, maxLength: 500, nullable: true, description: 'Free text for the admins; null clears it' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string | null;
}
