package io.shopfront.catalog.web;

import io.shopfront.catalog.domain.Item;
import io.shopfront.catalog.domain.ItemRepository;
import io.shopfront.catalog.reviews.ReviewClient;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Duration;

@RestController
@RequestMapping(value = "/catalog/items", produces = MediaType.APPLICATION_JSON_VALUE)
public class ItemController {

    private final ItemRepository items;
    private final ReviewClient reviews;

    public ItemController(ItemRepository items, ReviewClient reviews) {
        this.items = items;
        this.reviews = reviews;
    }

    @GetMapping
    public Flux<Item> list() {
        return items.findAll();
    }

    @GetMapping(path = "/{id}")
    public Mono<Item> get(@PathVariable String id) {
        return items.findById(id)
                .zipWith(reviews.averageRating(id), Item::withRating);
    }

    @PutMapping("/{id}")
    public Mono<Item> replace(@PathVariable String id, @RequestBody Item item) {
        return items.save(item.withId(id));
    }

    @PatchMapping("/{id}/stock")
    public Mono<Item> adjustStock(@PathVariable String id, @RequestBody Mono<Integer> delta) {
        return delta.flatMap(d -> items.adjustStock(id, d));
    }

    @PostMapping("/bulk")
    public Flux<Item> bulkCreate(@RequestBody Flux<Item> body) {
        return items.saveAll(body);
    }

    /** Server-sent events with price changes. */
    @GetMapping(value = "/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    public Flux<Item> stream() {
        return items.priceChanges().delayElements(Duration.ofMillis(100));
    }
}
