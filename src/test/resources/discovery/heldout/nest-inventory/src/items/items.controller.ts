import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  ParseIntPipe,
  Patch,
  Post,
  Put,
  Query,
} from '@nestjs/common';
import { ItemsService, Item } from './items.service';

export class AdjustQuantityDto {
  delta!: number;
  reason?: string;
}

@Controller('items')
export class ItemsController {
  constructor(private readonly items: ItemsService) {}

  @Get()
  findAll(@Query('sku') sku?: string): Item[] {
    return sku ? this.items.bySku(sku) : this.items.all();
  }

  @Get(':id')
  findOne(@Param('id', ParseIntPipe) id: number): Item {
    const item = this.items.get(id);
    if (!item) throw new NotFoundException(`item ${id}`);
    return item;
  }

  @Post()
  create(@Body() body: Omit<Item, 'id'>): Item {
    return this.items.create(body);
  }

  @Put(':id')
  replace(@Param('id', ParseIntPipe) id: number, @Body() body: Omit<Item, 'id'>): Item {
    return this.items.replace(id, body);
  }

  @Patch(':id/quantity')
  async adjust(@Param('id', ParseIntPipe) id: number, @Body() dto: AdjustQuantityDto) {
    return this.items.adjust(id, dto.delta);
  }

  @Delete(':id')
  @HttpCode(204)
  remove(@Param('id', ParseIntPipe) id: number): void {
    this.items.remove(id);
  }
}
