import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export class RotateSecretDto {
  @ApiPropertyOptional({
    minimum: 0,
    maximum: 168,
    default: 24,
    description: 'Hours the previous secret keeps signing alongside the new one (0: stop at once)',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(168)
  previousSecretHours?: number;
}
