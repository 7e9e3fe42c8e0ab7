import { Injectable } from '@nestjs/common';
import { HttpService } from '@nestjs/axios';
import { firstValueFrom } from 'rxjs';

export interface Item {
  id: number;
  sku: string;
  name: string;
  quantity: number;
}

@Injectable()
export class ItemsService {
  private readonly store = new Map<number, Item>();

  constructor(private readonly http: HttpService) {}

  all(): Item[] {
    return [...this.store.values()];
  }

  bySku(sku: string): Item[] {
    return this.all().filter((i) => i.sku === sku);
  }

  get(id: number): Item | undefined {
    return this.store.get(id);
  }

  create(data: Omit<Item, 'id'>): Item {
    const item = { id: this.store.size + 1, ...data };
    this.store.set(item.id, item);
    return item;
  }

  replace(id: number, data: Omit<Item, 'id'>): Item {
    const item = { id, ...data };
    this.store.set(id, item);
    return item;
  }

  async adjust(id: number, delta: number): Promise<Item> {
    const item = this.store.get(id)!;
    item.quantity += delta;
    // keep the external stock ledger in sync (outbound call)
    await firstValueFrom(this.http.post('/stock/levels', { sku: item.sku, delta }));
    return item;
  }

  async remoteLevel(sku: string): Promise<number> {
    const res = await firstValueFrom(this.http.get<{ level: number }>(`/stock/levels/${sku}`));
    return res.data.level;
  }

  remove(id: number): void {
    this.store.delete(id);
  }
}
