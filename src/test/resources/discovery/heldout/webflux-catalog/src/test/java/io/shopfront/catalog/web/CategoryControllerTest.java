package io.shopfront.catalog.web;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.reactive.WebFluxTest;
import org.springframework.test.web.reactive.server.WebTestClient;

@WebFluxTest(CategoryController.class)
class CategoryControllerTest {

    @Autowired
    WebTestClient client;

    @Test
    void missingCategory() {
        client.get().uri("/catalog/categories/does-not-exist")
                .exchange()
                .expectStatus().isNotFound();
    }

    @Test
    void oldPathIsGone() {
        client.get().uri("/categories").exchange().expectStatus().isNotFound();
    }
}
