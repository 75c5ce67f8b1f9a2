import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsNotEmptyObject, IsString, Matches, ValidateNested } from 'class-validator';

const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;

/** Legal calling hours, read in each callee's own time zone. */
export class CallingHoursDto {
  @ApiProperty({ example: '08:00', pattern: HH_MM.source, description: 'Local time calls may start (inclusive), HH:MM' })
  @IsString()
  @Matches(HH_MM, { message: 'start must be a time HH:MM (00:00–23:59)' })
  start: string;

  @ApiProperty({
    example: '21:00',
    pattern: HH_MM.source,
    description: 'Local time calls must stop (exclusive), HH:MM; before start means it crosses midnight',
  })
  @IsString()
  @Matches(HH_MM, { message: 'end must be a time HH:MM (00:00–23:59)' })
  end: string;
}

export class TenantSettingsDto {
  @ApiProperty({ type: () => CallingHoursDto, description: "Legal calling hours in the callee's time zone; default 08:00–21:00" })
  callingHours: CallingHoursDto;

  @ApiProperty({ type: 'integer', example: 1, description: 'Version of the settings (0 while the tenant has the defaults)' })
  version: number;
}

export class UpdateTenantSettingsDto {
  @ApiProperty({ type: () => CallingHoursDto, description: 'Replaces the calling hours; start and end must differ' })
  @IsNotEmptyObject()
  @ValidateNested()
  @Type(() => CallingHoursDto)
  callingHours: CallingHoursDto;
}
