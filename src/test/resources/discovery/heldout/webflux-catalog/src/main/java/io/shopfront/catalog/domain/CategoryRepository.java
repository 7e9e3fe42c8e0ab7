package io.shopfront.catalog.domain;

import org.springframework.data.repository.reactive.ReactiveCrudRepository;
import reactor.core.publisher.Mono;

public interface CategoryRepository extends ReactiveCrudRepository<Category, String> {
    Mono<Category> findBySlug(String slug);
    Mono<Void> deleteBySlug(String slug);
}
