package com.acme.shop.web;

import com.acme.shop.service.OrderService;
import com.acme.shop.service.OrderService.Order;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.ResponseBody;

import java.util.List;

/**
 * Older style controller (pre-Spring 4.3 annotations), kept as-is on purpose.
 */
@Controller
@RequestMapping(path = Paths.ORDERS)
public class OrderController {

    private final OrderService orders;

    public OrderController(OrderService orders) {
        this.orders = orders;
    }

    @RequestMapping(method = RequestMethod.GET)
    @ResponseBody
    public List<Order> list() {
        return orders.recent(50);
    }

    @RequestMapping(value = Paths.ORDER_BY_ID, method = RequestMethod.GET)
    @ResponseBody
    public Order get(@PathVariable("orderId") String orderId) {
        return orders.get(orderId);
    }

    /**
     * Cancel an order. PUT is accepted as well because the storefront
     * used PUT /api/orders/{orderId}/cancel for a while.
     */
    @RequestMapping(value = "/{orderId}/cancel",
            method = {RequestMethod.POST, RequestMethod.PUT})
    @ResponseBody
    public Order cancel(@PathVariable String orderId) {
        return orders.cancel(orderId);
    }

    String redirectToOrder(String orderId) {
        return "redirect:" + Paths.ORDERS + "/" + orderId;
    }
}
