package com.acme.shop.client;

import org.springframework.stereotype.Component;
import org.springframework.web.client.RestTemplate;

import java.util.Map;

/**
 * Talks to the inventory service. Outbound calls only - nothing here is served by us.
 */
@Component
public class InventoryClient {

    private static final String STOCK_URL = "/inventory/{sku}";
    private static final String RELEASE_URL = "/inventory/{sku}/release";

    private final RestTemplate rest;

    public InventoryClient(RestTemplate inventoryRestTemplate) {
        this.rest = inventoryRestTemplate;
    }

    public int stock(String sku) {
        Integer n = rest.getForObject(STOCK_URL, Integer.class, sku);
        return n == null ? 0 : n;
    }

    public void release(String sku, int qty) {
        rest.postForObject(RELEASE_URL, Map.of("qty", qty), Void.class, sku);
    }

    public void deleteReservation(String id) {
        rest.delete("/inventory/reservations/{id}", id);
    }
}
