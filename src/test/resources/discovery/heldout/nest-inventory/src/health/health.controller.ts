import { All, Controller, Get } from '@nestjs/common';

@Controller()
export class HealthController {
  @Get('health')
  health() {
    return { status: 'ok', uptime: process.uptime() };
  }

  // Some monitoring agents use HEAD, some POST. Accept everything.
  @All('ping')
  ping() {
    return 'pong';
  }
}
