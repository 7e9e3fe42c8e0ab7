import { Controller, Get, Post, Put, Delete, Param, Body } from '@nestjs/common';

@Controller('users')
export class UsersController {
  @Get()
  findAll() { return []; }

  @Get(':id')
  findOne(@Param('id') id: string) { return {}; }

  @Post()
  create(@Body() dto: CreateUserDto) { return dto; }

  @Put(':id/roles/:role')
  addRole(@Param('id') id: string, @Param('role') role: string) { }

  @Delete(':id')
  remove(@Param('id') id: string) { }
}

@Controller({ path: 'teams', version: '1' })
export class TeamsController {
  @Get(':teamId/members')
  members() { return []; }
}
