package io.shopfront.catalog.domain;

import org.springframework.data.repository.reactive.ReactiveCrudRepository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

public interface ItemRepository extends ReactiveCrudRepository<Item, String> {
    Flux<Item> search(String q);
    Flux<Item> priceChanges();
    Mono<Item> adjustStock(String id, int delta);
}
