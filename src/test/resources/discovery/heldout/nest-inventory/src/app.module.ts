import { Module } from '@nestjs/common';
import { HttpModule } from '@nestjs/axios';
import { ItemsModule } from './items/items.module';
import { WarehousesModule } from './warehouses/warehouses.module';
import { HealthController } from './health/health.controller';
import { ReportsController } from './reports/reports.controller';

// NOTE: LegacyController (src/legacy) is intentionally not registered anywhere.
@Module({
  imports: [HttpModule, ItemsModule, WarehousesModule],
  controllers: [HealthController, ReportsController],
})
export class AppModule {}
