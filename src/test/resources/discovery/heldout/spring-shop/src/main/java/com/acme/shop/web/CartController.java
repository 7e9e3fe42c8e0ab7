package com.acme.shop.web;

import com.acme.shop.client.InventoryClient;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

@RestController
public class CartController {

    private final Map<Long, Map<String, Integer>> carts = new ConcurrentHashMap<>();
    private final InventoryClient inventory;

    public CartController(InventoryClient inventory) {
        this.inventory = inventory;
    }

    @GetMapping("/cart/{userId:[0-9]+}")
    public Map<String, Integer> cart(@PathVariable long userId) {
        return carts.getOrDefault(userId, Map.of());
    }

    @DeleteMapping("/cart/{userId}/items/{sku}")
    public Map<String, Integer> removeItem(@PathVariable long userId, @PathVariable String sku) {
        Map<String, Integer> cart = carts.computeIfAbsent(userId, k -> new ConcurrentHashMap<>());
        Integer qty = cart.remove(sku);
        if (qty != null) {
            inventory.release(sku, qty);
        }
        return cart;
    }

    // Load balancer probe; any verb is fine here.
    @RequestMapping("/cart/health")
    public String health() {
        return "OK";
    }
}
