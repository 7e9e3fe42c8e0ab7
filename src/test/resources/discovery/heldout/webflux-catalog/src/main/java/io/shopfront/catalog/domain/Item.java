package io.shopfront.catalog.domain;

import java.math.BigDecimal;

public record Item(String id, String name, BigDecimal price, int stock, double rating) {
    public Item withId(String newId) { return new Item(newId, name, price, stock, rating); }
    public Item withRating(Double r) { return new Item(id, name, price, stock, r); }
}
