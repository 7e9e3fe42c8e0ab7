import { Controller, Get, Param } from '@nestjs/common';

/**
 * v1 compatibility endpoints. Not listed in any module's `controllers`
 * array since 2.0, so Nest never instantiates it. Delete after Q3.
 */
@Controller('legacy')
export class LegacyController {
  @Get('stock/:sku')
  stock(@Param('sku') sku: string) {
    return { sku, quantity: 0 };
  }
}
