import { Controller, Get, Req } from '@nestjs/common';
import type { Request } from 'express';

const PERIODS: Record<string, number> = { daily: 1, weekly: 7 };

@Controller('admin/reports')
export class ReportsController {
  /** Same handler for both report periods; the period is taken from the URL. */
  @Get(['daily', 'weekly'])
  report(@Req() req: Request) {
    const period = req.path.endsWith('/weekly') ? 'weekly' : 'daily';
    return { period, days: PERIODS[period], generatedAt: new Date().toISOString() };
  }
}
