import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsInt, Max, Min } from 'class-validator';

/** The dispositions a call may end with (the calls lib's list; campaigns cannot import calls, which imports campaigns). */
export const DISPOSITIONS = ['sale', 'no_answer', 'busy', 'voicemail', 'callback', 'not_interested', 'wrong_number', 'do_not_call'] as const;
/** Dispositions a retry rule may name: a callback is scheduled by its own time, a do-not-call never retried. */
export const RETRYABLE_DISPOSITIONS = DISPOSITIONS.filter((d) => d !== 'callback' && d !== 'do_not_call');

export const MAX_DELAY_MINUTES = 30 * 24 * 60;
export const MAX_ATTEMPTS = 20;

export class RetryRuleDto {
  @ApiProperty({ enum: RETRYABLE_DISPOSITIONS, example: 'no_answer' })
  @IsIn(RETRYABLE_DISPOSITIONS)
  disposition: string;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: MAX_DELAY_MINUTES, example: 120, description: 'Minutes until the next attempt (1 minute to 30 days)' })
  @IsInt()
  @Min(1)
  @Max(MAX_DELAY_MINUTES)
  delayMinutes: number;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: MAX_ATTEMPTS, example: 3, description: 'Attempts in all; the last one leaves the contact exhausted' })
  @IsInt()
  @Min(1)
  @Max(MAX_ATTEMPTS)
  maxAttempts: number;
}
