package com.acme.shop.web;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.test.web.servlet.MockMvc;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@WebMvcTest(ProductController.class)
class ProductControllerTest {

    @Autowired
    MockMvc mvc;

    @Test
    void unknownProductIs404() throws Exception {
        mvc.perform(get("/api/products/999")).andExpect(status().isNotFound());
    }

    @Test
    void legacyEndpointIsGone() throws Exception {
        mvc.perform(get("/api/v0/products/list")).andExpect(status().isNotFound());
    }

    @Test
    void deleteReturns204() throws Exception {
        mvc.perform(delete("/api/products/1")).andExpect(status().isNoContent());
    }
}
