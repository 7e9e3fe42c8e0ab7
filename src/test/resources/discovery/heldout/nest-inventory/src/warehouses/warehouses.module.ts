import { Module } from '@nestjs/common';
import { ItemsModule } from '../items/items.module';
import { WarehousesController } from './warehouses.controller';

@Module({
  imports: [ItemsModule],
  controllers: [WarehousesController],
})
export class WarehousesModule {}
