package com.shop.api;

import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;

@RestController
@RequestMapping(path = {"/admin", "/internal/admin"})
class AdminController {

    @GetMapping(path = "/users")
    Flux<User> users() { return Flux.empty(); }

    @DeleteMapping("/users/{id}")
    void delete(String id) { }

    @RequestMapping("/health")
    String health() { return "ok"; }
}
