import { ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { IfPresent } from '#switchboard/common';
import { CONTACT_STATUSES, type ContactStatus } from '../contact.entity.js';
import { CreateContactDto } from './create-contact.dto.js';

/**
 * A change: every property of a creation, optional and validated by the same
 * rules, plus the status (set here only). What is given replaces the stored
 * value (`fields` as a whole). `skipNullProperties: false` validates a null
 * instead of skipping it, so only what may be cleared (the email) takes null.
 */
export class UpdateContactDto extends PartialType(CreateContactDto, { skipNullProperties: false }) {
  @ApiPropertyOptional({
    enum: CONTACT_STATUSES,
    description: 'do_not_call lists the number (source api); a do-not-call contact keeps its status: 409 CONTACT.DO_NOT_CALL for any other',
  })
  @IfPresent()
  @IsIn(CONTACT_STATUSES)
  status?: ContactStatus;
}
