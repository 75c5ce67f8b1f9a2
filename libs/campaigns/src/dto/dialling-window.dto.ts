import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';
import { HH_MM } from '../dialling-window.js';

export class DiallingWindowDto {
  @ApiProperty({ example: '09:00', pattern: HH_MM.source, description: 'Local time the window opens (inclusive), HH:MM' })
  @IsString()
  @Matches(HH_MM, { message: 'start must be a time HH:MM (00:00–23:59)' })
  start: string;

  @ApiProperty({
    example: '17:00',
    pattern: HH_MM.source,
    description: 'Local time the window closes (exclusive), HH:MM; before start means it crosses midnight',
  })
  @IsString()
  @Matches(HH_MM, { message: 'end must be a time HH:MM (00:00–23:59)' })
  end: string;
}
