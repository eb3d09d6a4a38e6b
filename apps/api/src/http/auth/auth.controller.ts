import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import type { LoginRequest, RefreshRequest, TokenPair } from '@hotline/contracts';
import { AuthService } from '@hotline/core';
import { Public } from '../../common/roles.decorator';
import { LoginThrottle } from './login-throttle';

class LoginDto implements LoginRequest {
  @IsString() @IsNotEmpty() @MaxLength(64) username!: string;
  @IsString() @IsNotEmpty() @MaxLength(200) password!: string;
}
class RefreshDto implements RefreshRequest {
  @IsString() @IsNotEmpty() @MaxLength(2000) refreshToken!: string;
}

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly throttle: LoginThrottle,
  ) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  async login(@Body() body: LoginDto): Promise<TokenPair> {
    await this.throttle.check(body.username);
    try {
      const tokens = await this.auth.login(body.username, body.password);
      await this.throttle.reset(body.username);
      return tokens;
    } catch (err) {
      await this.throttle.fail(body.username);
      throw err;
    }
  }

  @Public()
  @Post('refresh')
  @HttpCode(200)
  refresh(@Body() body: RefreshDto): Promise<TokenPair> {
    return this.auth.refresh(body.refreshToken);
  }
}
