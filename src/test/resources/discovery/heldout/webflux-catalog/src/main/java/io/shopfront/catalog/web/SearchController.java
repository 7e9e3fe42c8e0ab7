package io.shopfront.catalog.web;

import io.shopfront.catalog.domain.Item;
import io.shopfront.catalog.domain.ItemRepository;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

@RestController
public class SearchController {

    private final ItemRepository items;

    public SearchController(ItemRepository items) {
        this.items = items;
    }

    @GetMapping("/catalog/search")
    public Flux<Item> search(@RequestParam String q,
                             @RequestParam(required = false, defaultValue = "25") int limit) {
        return items.search(q).take(limit);
    }

    @RequestMapping(path = "/catalog/search/reindex", method = RequestMethod.POST)
    public Mono<String> reindex() {
        return items.count().map(n -> "reindexing " + n + " items");
    }
}
