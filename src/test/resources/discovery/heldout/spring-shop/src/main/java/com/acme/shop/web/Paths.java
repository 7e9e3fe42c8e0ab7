package com.acme.shop.web;

/**
 * Central place for the URL fragments used by the shop controllers.
 * Keep these in sync with the public API docs (docs/api.md).
 */
public final class Paths {

    private Paths() {
        // constants only
    }

    public static final String API = "/api";
    public static final String PRODUCTS = API + "/products";
    public static final String ORDERS = "/api/orders";

    public static final String BY_ID = "/{id}";
    public static final String ORDER_BY_ID = "/{orderId}";
}
