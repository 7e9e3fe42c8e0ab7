package com.shop.api;

public final class ApiPaths {
    public static final String BASE = "/api/v1";
    public static final String ORDERS = BASE + "/orders";

    private ApiPaths() {
    }
}
