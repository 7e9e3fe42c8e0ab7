package com.acme.shop.service;

import org.springframework.stereotype.Service;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

@Service
public class OrderService {

    public record Order(String id, String status) {}

    private final Map<String, Order> orders = new ConcurrentHashMap<>();

    public List<Order> recent(int n) {
        return orders.values().stream().limit(n).toList();
    }

    public Order get(String id) {
        return orders.get(id);
    }

    public Order cancel(String id) {
        Order o = new Order(id, "CANCELLED");
        orders.put(id, o);
        return o;
    }
}
