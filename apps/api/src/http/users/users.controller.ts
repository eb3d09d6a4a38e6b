import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ArrayUnique, IsArray, IsIn, IsNotEmpty, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';
import { type CreateUserRequest, LANGUAGES, type Language, ROLES, type Role, type UserView } from '@hotline/contracts';
import { UsersService } from '@hotline/core';
import { Roles } from '../../common/roles.decorator';
import { NoControlChars, Optional } from '../../common/validators';

class CreateUserDto implements CreateUserRequest {
  @Matches(/^[a-z0-9_.-]{3,64}$/, { message: 'username: 3–64 lower-case letters, digits, _ . -' }) username!: string;
  @IsString() @IsNotEmpty() @MaxLength(100) @NoControlChars() displayName!: string;
  @IsString() @MinLength(10, { message: 'password must be at least 10 characters' }) @MaxLength(200) password!: string;
  @IsIn(ROLES) role!: Role;
  @Optional() @IsUUID() departmentId?: string;
  @Optional() @IsArray() @ArrayUnique() @IsIn(LANGUAGES, { each: true }) languageSkills?: Language[];
}

@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @Roles('admin')
  create(@Body() body: CreateUserDto): Promise<UserView> {
    return this.users.create(body);
  }

  @Get()
  @Roles('admin', 'supervisor')
  list(): Promise<UserView[]> {
    return this.users.list();
  }
}
