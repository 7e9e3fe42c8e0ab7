import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ItemsService } from '../items/items.service';

interface TransferRequest {
  itemId: number;
  toWarehouse: string;
  quantity: number;
}

@Controller({ path: 'warehouses' })
export class WarehousesController {
  private readonly warehouses = ['ams-1', 'fra-2', 'lon-1'];

  constructor(private readonly items: ItemsService) {}

  @Get()
  list(): string[] {
    return this.warehouses;
  }

  @Get(':warehouseId/items')
  itemsIn(@Param('warehouseId') warehouseId: string) {
    return { warehouseId, items: this.items.all() };
  }

  @Post(':warehouseId/transfer')
  transfer(@Param('warehouseId') from: string, @Body() req: TransferRequest) {
    return { from, to: req.toWarehouse, itemId: req.itemId, quantity: req.quantity, status: 'queued' };
  }
}
