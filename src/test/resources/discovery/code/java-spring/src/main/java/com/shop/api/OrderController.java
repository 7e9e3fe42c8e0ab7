package com.shop.api;

import org.springframework.web.bind.annotation.*;

@RestController
@RequestMapping(ApiPaths.ORDERS)
public class OrderController {

    private static final String BY_ID = "/{orderId:[0-9]+}";

    @GetMapping
    public List<Order> list() { return List.of(); }

    @GetMapping(BY_ID)
    public Order get(@PathVariable long orderId) { return null; }

    @PostMapping(consumes = "application/json")
    public Order create(@RequestBody Order order) { return order; }

    @RequestMapping(value = BY_ID + "/cancel", method = {RequestMethod.POST, RequestMethod.PUT})
    public void cancel(@PathVariable long orderId) { }

    // @DeleteMapping("/commented-out")
    public void helper() { }
}
