import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsEmail, IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { ROLES, type Role } from '../../roles.js';

export class DevTokenRequestDto {
  @ApiProperty({ example: 'acme', description: 'Tenant (organisation) the token is for' })
  @IsString()
  @Matches(/^[A-Za-z0-9_.:-]{1,64}$/, { message: 'tenant must be 1–64 letters, digits or _.:-' })
  tenant: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role: Role;

  @ApiPropertyOptional({ type: [String], description: "Replaces the role's default permission set" })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Matches(/^[a-z-]+:[a-z-]+$/, { each: true, message: 'each permission looks like contacts:read' })
  permissions?: string[];

  @ApiPropertyOptional({ description: 'Subject; default dev|<tenant>|<role>' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  sub?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsEmail()
  email?: string;
}

export class DevTokenResponseDto {
  @ApiProperty({ description: 'RS256 access token for the Authorization: Bearer header' })
  accessToken: string;

  @ApiProperty({ description: 'Lifetime in seconds', example: 3600 })
  expiresIn: number;
}
