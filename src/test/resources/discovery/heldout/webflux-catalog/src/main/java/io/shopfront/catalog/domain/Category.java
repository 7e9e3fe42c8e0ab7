package io.shopfront.catalog.domain;

public record Category(String slug, String title) {}
