package com.acme.shop.service;

import org.springframework.stereotype.Service;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

@Service
public class ProductService {

    public record Product(long id, String name, BigDecimal price) {}

    private final Map<Long, Product> store = new ConcurrentHashMap<>();

    public List<Product> page(int page, int size) {
        List<Product> all = new ArrayList<>(store.values());
        int from = Math.min(page * size, all.size());
        return all.subList(from, Math.min(from + size, all.size()));
    }

    public Optional<Product> find(long id) {
        return Optional.ofNullable(store.get(id));
    }

    public List<Product> search(String q) {
        return store.values().stream().filter(p -> p.name().toLowerCase().contains(q)).toList();
    }

    public Product save(Product p) {
        store.put(p.id(), p);
        return p;
    }

    public Product replace(long id, Product p) {
        Product copy = new Product(id, p.name(), p.price());
        store.put(id, copy);
        return copy;
    }

    public Product reprice(long id, BigDecimal price) {
        Product old = store.get(id);
        return save(new Product(id, old.name(), price));
    }

    public void delete(long id) {
        store.remove(id);
    }
}
